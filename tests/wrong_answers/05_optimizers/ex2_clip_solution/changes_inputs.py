# Changes the inputs in place instead of returning new arrays.
def clip_by_global_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    scale = min(1.0, max_norm / (total + 1e-6))
    for g in grads:
        g *= scale
    return grads
