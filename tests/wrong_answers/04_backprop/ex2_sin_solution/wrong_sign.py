# Sign error: subtracts cos(a) * out.grad, as if the derivative of sin were -cos.
def value_sin(a):
    out = Value(math.sin(a.data), (a,), "sin")

    def _backward():
        a.grad -= math.cos(a.data) * out.grad

    out._backward = _backward
    return out
