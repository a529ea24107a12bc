"""Classification metrics from scratch, each tested against scikit-learn.

Labels are integer class indices; ``scores`` are real numbers where larger means "more likely
the positive class" (a probability or a logit).
"""

import numpy as np

from dlcourse.validation import as_float_array, as_number_array


def _labels(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true = as_number_array(y_true, "y_true", ndim=1, allow_tensor=True)
    y_pred = as_number_array(y_pred, "y_pred", ndim=1, allow_tensor=True)
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"y_true and y_pred must have the same length, got {len(y_true)} and {len(y_pred)}"
        )
    if len(y_true) == 0:
        raise ValueError("no labels given: y_true is empty")
    for name, arr in (("y_true", y_true), ("y_pred", y_pred)):
        if not np.issubdtype(arr.dtype, np.integer):
            raise TypeError(f"{name} must hold integer class labels, got dtype {arr.dtype}")
        if arr.min() < 0:
            raise ValueError(f"{name} must hold class indices >= 0, got {arr.min()}")
    return y_true, y_pred


def accuracy_score(y_true, y_pred) -> float:
    """Fraction of predictions equal to the true label."""
    y_true, y_pred = _labels(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """``C[i, j]`` = number of examples of true class ``i`` predicted as class ``j``."""
    y_true, y_pred = _labels(y_true, y_pred)
    k = n_classes if n_classes is not None else int(max(y_true.max(), y_pred.max())) + 1
    if max(y_true.max(), y_pred.max()) >= k:
        raise ValueError(f"labels must be below n_classes={k}")
    matrix = np.zeros((k, k), dtype=np.int64)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def precision_recall_f1(
    y_true, y_pred, average: str | None = "macro", n_classes: int | None = None
):
    """Precision, recall and F1, per class (``average=None``) or averaged.

    ``macro``: the unweighted mean over classes; ``weighted``: weighted by each class's number of
    true examples; ``micro``: computed from the total counts (equals accuracy for single-label
    classification). A class with no predicted (or no true) examples gets precision (or recall)
    0, as scikit-learn does with ``zero_division=0``.
    """
    if average not in (None, "macro", "micro", "weighted"):
        raise ValueError(f"average must be None, 'macro', 'micro' or 'weighted', got {average!r}")
    cm = confusion_matrix(y_true, y_pred, n_classes)
    tp = np.diag(cm).astype(float)
    predicted, actual = cm.sum(axis=0).astype(float), cm.sum(axis=1).astype(float)
    if average == "micro":
        p = r = tp.sum() / cm.sum()
        return float(p), float(r), float(p)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, actual, out=np.zeros_like(tp), where=actual > 0)
    denominator = precision + recall
    f1 = np.divide(
        2 * precision * recall, denominator, out=np.zeros_like(tp), where=denominator > 0
    )
    if average is None:
        return precision, recall, f1
    if average == "macro":
        present = (actual > 0) | (predicted > 0)  # classes that appear at all, as scikit-learn
        return tuple(float(v[present].mean()) for v in (precision, recall, f1))
    weights = actual / actual.sum()
    return tuple(float(np.sum(v * weights)) for v in (precision, recall, f1))


def _binary(y_true, scores) -> tuple[np.ndarray, np.ndarray]:
    y_true = as_number_array(y_true, "y_true", ndim=1, allow_tensor=True)
    scores = as_number_array(scores, "scores", ndim=1, allow_tensor=True).astype(np.float64)
    if y_true.shape != scores.shape:
        raise ValueError(
            f"y_true and scores must have the same shape, got {y_true.shape} and {scores.shape}"
        )
    if not np.all((y_true == 0) | (y_true == 1)):
        raise ValueError("y_true must hold binary labels 0 and 1")
    if y_true.min() == y_true.max():
        raise ValueError("y_true holds only one class: ROC and PR curves need both")
    if not np.all(np.isfinite(scores)):
        raise ValueError("scores must be finite")
    return y_true.astype(int), scores


def _counts_by_threshold(y_true, scores):
    """True and false positives when predicting positive for scores >= each distinct score."""
    order = np.argsort(-scores, kind="mergesort")
    s, y = scores[order], y_true[order]
    last_of_each = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]
    tps = np.cumsum(y)[last_of_each]
    fps = (last_of_each + 1) - tps
    return fps, tps, s[last_of_each]


def roc_curve(y_true, scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """False-positive rate, true-positive rate and thresholds (descending, starting at +inf)."""
    y_true, scores = _binary(y_true, scores)
    fps, tps, thresholds = _counts_by_threshold(y_true, scores)
    fpr = np.r_[0.0, fps / fps[-1]]
    tpr = np.r_[0.0, tps / tps[-1]]
    return fpr, tpr, np.r_[np.inf, thresholds]


def auc(x: np.ndarray, y: np.ndarray) -> float:
    """Area under the curve through the points ``(x, y)`` (x monotonic), by the trapezoid rule."""
    x, y = as_float_array(x, "x", ndim=1), as_float_array(y, "y", ndim=1)
    if x.shape != y.shape or len(x) < 2:
        raise ValueError("x and y need the same length, at least 2 points")
    dx = np.diff(x)
    if np.all(dx <= 0):
        x, y = x[::-1], y[::-1]
    elif not np.all(dx >= 0):
        raise ValueError("x must be monotonic")
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def roc_auc(y_true, scores) -> float:
    """Area under the ROC curve: how likely a random positive outscores a random negative."""
    fpr, tpr, _ = roc_curve(y_true, scores)
    return auc(fpr, tpr)


def precision_recall_curve(y_true, scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision and recall for every threshold, in scikit-learn's order and convention.

    Thresholds ascend; the last point is (precision 1, recall 0) and has no threshold.
    """
    y_true, scores = _binary(y_true, scores)
    fps, tps, thresholds = _counts_by_threshold(y_true, scores)
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def average_precision(y_true, scores) -> float:
    """Summary of the PR curve: ``sum_n (R_n - R_{n-1}) P_n`` over the thresholds."""
    precision, recall, _ = precision_recall_curve(y_true, scores)
    return float(-np.sum(np.diff(recall) * precision[:-1]))
