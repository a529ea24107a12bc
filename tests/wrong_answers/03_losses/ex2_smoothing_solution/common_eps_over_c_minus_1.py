# Spreads eps over the C - 1 wrong classes instead of over all C classes.
def smoothed_cross_entropy(logits, labels, eps):
    n, c = logits.shape
    q = np.full((n, c), eps / (c - 1))
    q[np.arange(n), labels] = 1 - eps
    return float(-np.mean(np.sum(q * log_softmax(logits, axis=1), axis=1)))
