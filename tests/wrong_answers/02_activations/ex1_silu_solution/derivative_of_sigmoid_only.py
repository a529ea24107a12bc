# Differentiates only the sigmoid factor and forgets the factor z in front of sigma'(z).
def silu(z):
    return z * act.sigmoid(z)


def silu_grad(z):
    s = act.sigmoid(z)
    return s + s * (1 - s)
