# Product rule half done: drops the sigma(z) term and keeps only z * sigma'(z).
def silu(z):
    return z * act.sigmoid(z)


def silu_grad(z):
    s = act.sigmoid(z)
    return z * s * (1 - s)
