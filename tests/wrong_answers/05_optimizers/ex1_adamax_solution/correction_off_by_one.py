# Off by one: bias correction with beta1**(t + 1), as if steps were counted from 0.
def adamax_step(param, grad, m, u, t, lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    u = np.maximum(beta2 * u, np.abs(grad) + eps)
    param = param - lr / (1 - beta1 ** (t + 1)) * m / u
    return param, m, u
