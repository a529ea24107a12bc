# Divides without a guard: a class with no negatives gets NaN instead of 0.
def specificity(y_true, y_pred, n_classes):
    out = np.zeros(n_classes)
    for c in range(n_classes):
        tn = np.sum((y_true != c) & (y_pred != c))
        fp = np.sum((y_true != c) & (y_pred == c))
        out[c] = tn / (tn + fp) if (tn + fp) else np.nan
    return out
