# Forgets to reverse the sort: counts the positives from the lowest score up.
def threshold_for_recall(y_true, scores, target):
    positives = np.sort(scores[y_true == 1])
    needed = int(np.ceil(target * len(positives)))
    return float(positives[max(needed, 1) - 1])
