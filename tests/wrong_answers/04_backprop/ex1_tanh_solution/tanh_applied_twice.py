# Takes the cached output for the pre-activation: differentiates tanh at tanh(z) instead of at z.
def affine_tanh_backward(dout, cache):
    x, w, out = cache
    dz = dout * (1 - np.tanh(out) ** 2)
    return dz @ w.T, x.T @ dz, dz.sum(axis=0)
