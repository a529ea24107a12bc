# Missing factor: forgets to multiply by s_j.
def softmax_backward(dout, s):
    return dout - np.sum(dout * s, axis=1, keepdims=True)
