# A misplaced term: b_hn is added outside the reset gate's product, as in the original GRU paper.
def gru_forward(x, w_ih, w_hh, b_ih, b_hh):
    hidden = w_hh.shape[1]
    h = np.zeros((x.shape[1], hidden))
    hs = []
    for x_t in x:
        xi = x_t @ w_ih.T + b_ih
        hh = h @ w_hh.T + b_hh
        r = 1 / (1 + np.exp(-(xi[:, :hidden] + hh[:, :hidden])))
        z = 1 / (1 + np.exp(-(xi[:, hidden : 2 * hidden] + hh[:, hidden : 2 * hidden])))
        hn = h @ w_hh[2 * hidden :].T
        n = np.tanh(xi[:, 2 * hidden :] + r * hn + b_hh[2 * hidden :])
        h = (1 - z) * n + z * h
        hs.append(h)
    return np.stack(hs)
