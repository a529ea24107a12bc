# Overwrites a.grad instead of adding to it: wrong when a is used more than once.
def value_sin(a):
    out = Value(math.sin(a.data), (a,), "sin")

    def _backward():
        a.grad = math.cos(a.data) * out.grad

    out._backward = _backward
    return out
