# Clips each array by its own norm instead of by the global norm of all of them.
def clip_by_global_norm(grads, max_norm):
    out = []
    for g in grads:
        norm = np.sqrt(np.sum(g**2))
        out.append(g * min(1.0, max_norm / (norm + 1e-6)))
    return out
