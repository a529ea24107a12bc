# Missing chain-rule factor: adds cos(a) but not times out.grad (right only when sin is the output).
def value_sin(a):
    out = Value(math.sin(a.data), (a,), "sin")

    def _backward():
        a.grad += math.cos(a.data)

    out._backward = _backward
    return out
