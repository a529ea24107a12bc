# Computes the recall TP / (TP + FN) instead of the specificity TN / (TN + FP).
def specificity(y_true, y_pred, n_classes):
    out = np.zeros(n_classes)
    for c in range(n_classes):
        positives = y_true == c
        if positives.any():
            out[c] = np.mean(y_pred[positives] == c)
    return out
