"""Every metric equals scikit-learn's on random inputs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

from dlcourse import metrics as M


@st.composite
def label_pairs(draw):
    k = draw(st.integers(2, 6))
    n = draw(st.integers(1, 60))
    y_true = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    y_pred = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    return y_true, y_pred, k


@st.composite
def binary_scores(draw):
    n = draw(st.integers(2, 60))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    if y.min() == y.max():
        y[0] = 1 - y[0]
    # Few distinct values, so ties between scores are common.
    scores = np.array(draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)), dtype=float) / 2
    return y, scores


@settings(max_examples=100, deadline=None)
@given(label_pairs())
def test_accuracy_confusion_matrix_and_f1_equal_scikit_learn(pair):
    y_true, y_pred, k = pair
    assert M.accuracy_score(y_true, y_pred) == pytest.approx(skm.accuracy_score(y_true, y_pred))
    np.testing.assert_array_equal(
        M.confusion_matrix(y_true, y_pred, k), skm.confusion_matrix(y_true, y_pred, labels=range(k))
    )
    for average in ("macro", "micro", "weighted"):
        expected = skm.precision_recall_fscore_support(
            y_true, y_pred, average=average, zero_division=0
        )[:3]
        assert M.precision_recall_f1(y_true, y_pred, average) == pytest.approx(expected, abs=1e-12)
    per_class = skm.precision_recall_fscore_support(
        y_true, y_pred, labels=range(k), zero_division=0
    )[:3]
    for ours, theirs in zip(
        M.precision_recall_f1(y_true, y_pred, None, n_classes=k), per_class, strict=True
    ):
        np.testing.assert_allclose(ours, theirs, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(binary_scores())
def test_roc_and_precision_recall_equal_scikit_learn(data):
    y, scores = data
    fpr, tpr, thresholds = M.roc_curve(y, scores)
    sk_fpr, sk_tpr, sk_thresholds = skm.roc_curve(y, scores, drop_intermediate=False)
    np.testing.assert_allclose(fpr, sk_fpr)
    np.testing.assert_allclose(tpr, sk_tpr)
    np.testing.assert_array_equal(thresholds, sk_thresholds)
    assert M.roc_auc(y, scores) == pytest.approx(skm.roc_auc_score(y, scores))
    precision, recall, pr_thresholds = M.precision_recall_curve(y, scores)
    sk_p, sk_r, sk_t = skm.precision_recall_curve(y, scores, drop_intermediate=False)
    np.testing.assert_allclose(precision, sk_p)
    np.testing.assert_allclose(recall, sk_r)
    np.testing.assert_array_equal(pr_thresholds, sk_t)
    assert M.average_precision(y, scores) == pytest.approx(skm.average_precision_score(y, scores))


def test_auc_is_the_probability_a_positive_outscores_a_negative():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    scores = y + rng.normal(0, 1, 300)
    pos, neg = scores[y == 1], scores[y == 0]
    pairwise = np.mean(pos[:, None] > neg[None, :])
    assert M.roc_auc(y, scores) == pytest.approx(pairwise)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: M.accuracy_score([0, 1], [0]), ValueError, "same length"),
        (lambda: M.accuracy_score([], []), ValueError, "empty"),
        (lambda: M.accuracy_score([0.5, 1.0], [0, 1]), TypeError, "integer class labels"),
        (lambda: M.confusion_matrix([0, 3], [0, 1], n_classes=3), ValueError, "below n_classes"),
        (
            lambda: M.precision_recall_f1([0, 1], [0, 1], average="mean"),
            ValueError,
            "average must be",
        ),
        (lambda: M.roc_curve([1, 1], [0.2, 0.3]), ValueError, "only one class"),
        (lambda: M.roc_curve([0, 2], [0.2, 0.3]), ValueError, "binary labels"),
        (lambda: M.roc_curve([0, 1], [0.2, np.nan]), ValueError, "finite"),
        (lambda: M.roc_curve([0, 1, 1], [0.2, 0.3]), ValueError, "same shape"),
        (lambda: M.auc([0, 1, 0.5], [0, 1, 1]), ValueError, "monotonic"),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()
