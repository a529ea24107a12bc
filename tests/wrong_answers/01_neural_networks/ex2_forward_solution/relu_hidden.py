# Ignores the stated activation: uses ReLU in the hidden layers instead of tanh.
def forward_all_layers(x, params):
    outputs = []
    h = x
    for i, (w, b) in enumerate(params):
        h = h @ w + b
        if i < len(params) - 1:
            h = np.maximum(h, 0)
        outputs.append(h)
    return outputs
