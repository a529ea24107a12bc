# Missing factor in dx: passes dout straight through instead of dout * gamma.
def scale_shift_backward(dout, cache):
    x, gamma = cache
    return dout, np.sum(dout * x, axis=0), np.sum(dout, axis=0)
