# Wrong placement: np.tile repeats the whole gradient map instead of each value over its own window.
def avgpool2d_forward(x, k):
    n, c, h, w = x.shape
    return x.reshape(n, c, h // k, k, w // k, k).mean(axis=(3, 5))


def avgpool2d_backward(dout, k):
    return np.tile(dout, (1, 1, k, k)) / k**2
