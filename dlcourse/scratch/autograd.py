"""A scalar reverse-mode automatic differentiation engine, small enough to read in one sitting.

Every arithmetic operation on ``Value`` objects records its inputs and a tiny ``_backward``
function that knows the operation's local derivatives. ``backward()`` visits the graph from the
output back to the inputs, in reverse topological order, and applies the chain rule: each node
adds ``local derivative * gradient of its output`` to the gradient of each input.
"""

import math
from collections.abc import Callable


class Value:
    """A scalar that remembers how it was computed, so that gradients can flow back through it."""

    def __init__(self, data: float, _prev: tuple["Value", ...] = (), _op: str = ""):
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise TypeError(f"Value holds a Python number, got {type(data).__name__}")
        self.data = float(data)
        self.grad = 0.0  # d(output) / d(self), filled in by backward()
        self._backward: Callable[[], None] = lambda: None
        self._prev = _prev
        self._op = _op

    def __add__(self, other: "Value | float") -> "Value":
        other = _wrap(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: "Value | float") -> "Value":
        other = _wrap(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, exponent: float) -> "Value":
        if isinstance(exponent, Value) or not isinstance(exponent, int | float):
            raise TypeError("Value ** x supports a constant number x only")
        if self.data < 0 and not float(exponent).is_integer():
            raise ValueError(f"{self.data} ** {exponent} is not a real number")
        out = Value(self.data**exponent, (self,), f"**{exponent}")

        def _backward():  # n * x**(n-1), which is 0 for n = 0, even at x = 0
            if exponent == 0:
                return
            if self.data == 0 and exponent < 1:
                raise ValueError(f"the derivative of x**{exponent} at x = 0 is infinite")
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = _backward
        return out

    def exp(self) -> "Value":
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self) -> "Value":
        if self.data <= 0:
            raise ValueError(f"log needs a positive input, got {self.data}")
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self) -> "Value":
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1 - out.data**2) * out.grad

        out._backward = _backward
        return out

    def relu(self) -> "Value":
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward():
            self.grad += (self.data > 0) * out.grad

        out._backward = _backward
        return out

    def sigmoid(self) -> "Value":
        s = (
            1 / (1 + math.exp(-self.data))
            if self.data >= 0
            else math.exp(self.data) / (1 + math.exp(self.data))
        )
        out = Value(s, (self,), "sigmoid")

        def _backward():
            self.grad += s * (1 - s) * out.grad

        out._backward = _backward
        return out

    def backward(self) -> None:
        """Fill in ``grad`` of every Value this one depends on (d self / d that value)."""
        # Topological order: every node after the nodes it was computed from. A depth-first search
        # with an explicit stack, since recursion would stop at Python's limit of ~1,000 levels.
        order: list[Value] = []
        visited: set[int] = set()
        stack = [(self, False)]
        while stack:
            node, inputs_done = stack.pop()
            if inputs_done:
                order.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))  # back to it once its inputs are in order
                stack.extend((parent, False) for parent in reversed(node._prev))
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    # The remaining operators are defined through the ones above.
    def __neg__(self) -> "Value":
        return self * -1

    def __sub__(self, other: "Value | float") -> "Value":
        return self + (-_wrap(other))

    def __truediv__(self, other: "Value | float") -> "Value":
        return self * _wrap(other) ** -1

    def __radd__(self, other: float) -> "Value":
        return self + other

    def __rmul__(self, other: float) -> "Value":
        return self * other

    def __rsub__(self, other: float) -> "Value":
        return _wrap(other) - self

    def __rtruediv__(self, other: float) -> "Value":
        return _wrap(other) / self

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"


def _wrap(x: "Value | float") -> Value:
    return x if isinstance(x, Value) else Value(x)
