# Interpolates a quantile of the positives' scores instead of taking one of them.
def threshold_for_recall(y_true, scores, target):
    return float(np.quantile(scores[y_true == 1], 1 - target))
