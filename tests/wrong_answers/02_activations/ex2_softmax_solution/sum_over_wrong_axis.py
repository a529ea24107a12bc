# Wrong axis: sums g_i s_i down the batch (axis 0) instead of across the classes (axis 1).
def softmax_backward(dout, s):
    return s * (dout - np.sum(dout * s, axis=0, keepdims=True))
