# Missing term: passes dout straight through, forgetting the tanh derivative 1 - tanh^2.
def affine_tanh_backward(dout, cache):
    x, w, out = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)
