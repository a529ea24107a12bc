# Takes every parameter named "weight", so a LayerNorm's scale is penalised too.
def weight_penalty(model, l1, l2):
    weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
    return l1 * sum(w.abs().sum() for w in weights) + l2 * sum((w**2).sum() for w in weights)
