# Looks only at the model's direct children, so layers inside a nested block are missed.
def weight_penalty(model, l1, l2):
    weights = [m.weight for m in model.children() if isinstance(m, nn.Linear)]
    return l1 * sum(w.abs().sum() for w in weights) + l2 * sum((w**2).sum() for w in weights)
