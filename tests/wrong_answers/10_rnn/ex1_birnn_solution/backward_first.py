# Transposed halves: puts the backward states first, where PyTorch puts the forward ones.
def birnn_forward(x, forward_params, backward_params):
    forward_hs, _ = rnn_forward(x, None, *forward_params)
    backward_hs, _ = rnn_forward(x[::-1], None, *backward_params)
    return np.concatenate([backward_hs[::-1], forward_hs], axis=2)
