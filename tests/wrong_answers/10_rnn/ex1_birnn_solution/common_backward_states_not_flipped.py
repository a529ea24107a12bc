# Misaligned: runs the backward RNN on the reversed sequence but forgets to flip its states back.
def birnn_forward(x, forward_params, backward_params):
    forward_hs, _ = rnn_forward(x, None, *forward_params)
    backward_hs, _ = rnn_forward(x[::-1], None, *backward_params)
    return np.concatenate([forward_hs, backward_hs], axis=2)
