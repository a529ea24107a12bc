# Off by one: takes the score after the last positive that is needed.
def threshold_for_recall(y_true, scores, target):
    positives = np.sort(scores[y_true == 1])[::-1]
    needed = int(np.ceil(target * len(positives)))
    return float(positives[min(needed, len(positives) - 1)])
