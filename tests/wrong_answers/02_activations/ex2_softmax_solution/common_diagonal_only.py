# Keeps only the diagonal of the softmax Jacobian, s_i (1 - s_i), as if softmax acted elementwise.
def softmax_backward(dout, s):
    return dout * s * (1 - s)
