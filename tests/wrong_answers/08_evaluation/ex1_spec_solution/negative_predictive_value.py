# Transposed counts: TN / (TN + FN), the share of "not c" predictions that are right.
def specificity(y_true, y_pred, n_classes):
    out = np.zeros(n_classes)
    for c in range(n_classes):
        called_not_c = y_pred != c
        if called_not_c.any():
            out[c] = np.mean(y_true[called_not_c] != c)
    return out
