# Evaluates the derivative at the output: cos(sin a) instead of cos(a).
def value_sin(a):
    out = Value(math.sin(a.data), (a,), "sin")

    def _backward():
        a.grad += math.cos(out.data) * out.grad

    out._backward = _backward
    return out
