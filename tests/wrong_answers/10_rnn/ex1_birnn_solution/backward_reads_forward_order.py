# Not backwards at all: the second RNN reads the sequence in the original order.
def birnn_forward(x, forward_params, backward_params):
    forward_hs, _ = rnn_forward(x, None, *forward_params)
    backward_hs, _ = rnn_forward(x, None, *backward_params)
    return np.concatenate([forward_hs, backward_hs], axis=2)
