# Ignores an argument: both directions use the forward weights.
def birnn_forward(x, forward_params, backward_params):
    forward_hs, _ = rnn_forward(x, None, *forward_params)
    backward_hs, _ = rnn_forward(x[::-1], None, *forward_params)
    return np.concatenate([forward_hs, backward_hs[::-1]], axis=2)
