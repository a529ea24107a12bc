# Penalises every parameter, biases included, not only the nn.Linear weights.
def weight_penalty(model, l1, l2):
    params = list(model.parameters())
    return l1 * sum(p.abs().sum() for p in params) + l2 * sum((p**2).sum() for p in params)
