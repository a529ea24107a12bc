# Averages dgamma and dbeta over the batch instead of summing them.
def scale_shift_backward(dout, cache):
    x, gamma = cache
    return dout * gamma, np.mean(dout * x, axis=0), np.mean(dout, axis=0)
