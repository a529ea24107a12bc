import numpy as np
import pytest
from sklearn.linear_model import Perceptron

from dlcourse.scratch.perceptron import perceptron_predict, train_perceptron

CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


def separable_data(seed: int, n: int = 200):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(n, 3))
    w_true = rng.standard_normal(3)
    score = x @ w_true + 0.1
    keep = np.abs(score) > 0.1  # leave a margin so convergence is guaranteed quickly
    return x[keep], (score[keep] > 0).astype(int)


@pytest.mark.parametrize("seed", range(5))
def test_perceptron_separates_linearly_separable_data_like_sklearn(seed):
    x, y = separable_data(seed)
    w, b, mistakes = train_perceptron(x, y, epochs=100)
    assert mistakes[-1] == 0
    np.testing.assert_array_equal(perceptron_predict(x, w, b), y)
    # An independent implementation also separates it: the data really is separable.
    reference = Perceptron(max_iter=100, tol=None, shuffle=False).fit(x, y)
    assert reference.score(x, y) == 1.0


def test_perceptron_learns_and_but_never_xor():
    w, b, mistakes = train_perceptron(CORNERS, np.array([0, 0, 0, 1]), epochs=20)
    assert mistakes[-1] == 0
    _, _, xor_mistakes = train_perceptron(CORNERS, np.array([0, 1, 1, 0]), epochs=50)
    assert min(xor_mistakes) > 0


def test_perceptron_update_rule_on_one_example():
    w, b, mistakes = train_perceptron(np.array([[2.0, -1.0]]), np.array([1]), epochs=1, lr=0.5)
    np.testing.assert_allclose(w, [1.0, -0.5])  # w = 0 + 0.5 * (1 - 0) * x
    assert b == 0.5 and mistakes == [1]


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (CORNERS, np.array([0, 1, 2, 1]), "only 0 and 1"),
        (CORNERS, np.array([0, 1]), "same length"),
        (CORNERS[0], np.array([0]), "2 dimensions"),
    ],
)
def test_train_perceptron_rejects_bad_labels_and_shapes(x, y, message):
    with pytest.raises(ValueError, match=message):
        train_perceptron(x, y)


def test_predict_names_mismatched_feature_counts():
    with pytest.raises(ValueError, match="x has 2 features but w has 3"):
        perceptron_predict(CORNERS, np.ones(3), 0.0)
