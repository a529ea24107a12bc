# Missing min(1, .): rescales every gradient to norm max_norm, blowing up small ones.
def clip_by_global_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    return [g * max_norm / (total + 1e-6) for g in grads]
