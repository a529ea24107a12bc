# Ignores an argument: hard-codes the default learning rate 0.002 (right on the visible example only).
def adamax_step(param, grad, m, u, t, lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    u = np.maximum(beta2 * u, np.abs(grad) + eps)
    param = param - 0.002 / (1 - beta1**t) * m / u
    return param, m, u
