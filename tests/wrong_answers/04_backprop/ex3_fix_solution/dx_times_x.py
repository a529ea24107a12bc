# Mixes up the factors: dx = dout * x (the factor of dgamma) instead of dout * gamma.
def scale_shift_backward(dout, cache):
    x, gamma = cache
    return dout * x, np.sum(dout * x, axis=0), np.sum(dout, axis=0)
