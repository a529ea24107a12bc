# Forgets _prev: backward() never reaches a, so its gradient stays 0.
def value_sin(a):
    out = Value(math.sin(a.data))

    def _backward():
        a.grad += math.cos(a.data) * out.grad

    out._backward = _backward
    return out
