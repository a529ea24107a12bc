# Wrong norm: adds the arrays' norms instead of taking the root of the sum of their squares.
def clip_by_global_norm(grads, max_norm):
    total = sum(np.sqrt(np.sum(g**2)) for g in grads)
    scale = min(1.0, max_norm / (total + 1e-6))
    return [g * scale for g in grads]
