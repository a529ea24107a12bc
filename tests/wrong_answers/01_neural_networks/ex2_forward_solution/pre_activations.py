# Stores the pre-activations z of the hidden layers instead of their activations tanh(z).
def forward_all_layers(x, params):
    outputs = []
    h = x
    for i, (w, b) in enumerate(params):
        z = h @ w + b
        outputs.append(z)
        h = np.tanh(z) if i < len(params) - 1 else z
    return outputs
