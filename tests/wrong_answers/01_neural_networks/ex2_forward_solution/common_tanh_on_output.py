# Missing a case: applies tanh to the output layer too, which must stay linear.
def forward_all_layers(x, params):
    outputs = []
    h = x
    for w, b in params:
        h = np.tanh(h @ w + b)
        outputs.append(h)
    return outputs
