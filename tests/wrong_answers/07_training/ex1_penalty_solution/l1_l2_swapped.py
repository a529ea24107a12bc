# Swaps the strengths: l1 multiplies the squares and l2 the absolute values.
def weight_penalty(model, l1, l2):
    weights = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]
    return l2 * sum(w.abs().sum() for w in weights) + l1 * sum((w**2).sum() for w in weights)
