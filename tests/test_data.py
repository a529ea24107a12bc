import numpy as np
import pytest

from dlcourse.data import make_function_1d, make_moons, make_xor


def test_xor_labels_are_the_xor_of_the_corners():
    X, y = make_xor(n=500, noise=0.0, seed=3)
    corners = X.astype(int)
    np.testing.assert_array_equal(X, corners)  # no noise: points are the corners themselves
    np.testing.assert_array_equal(y, corners[:, 0] ^ corners[:, 1])
    assert set(np.unique(y)) == {0, 1}


@pytest.mark.parametrize("make", [make_xor, make_moons])
def test_generators_are_deterministic_per_seed(make):
    X1, y1 = make(n=50, seed=7)
    X2, y2 = make(n=50, seed=7)
    X3, _ = make(n=50, seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert X1.shape == (50, 2) and X1.dtype == np.float64 and y1.dtype == np.int64


def test_function_1d_samples_the_function_sorted():
    x, y = make_function_1d(np.sin, n=100, x_range=(-2, 2), seed=0)
    assert x.shape == y.shape == (100, 1)
    assert np.all(np.diff(x[:, 0]) >= 0) and x.min() >= -2 and x.max() <= 2
    np.testing.assert_allclose(y, np.sin(x))


def test_function_1d_noise_has_the_requested_size():
    x, y = make_function_1d(np.cos, n=20000, noise=0.5, seed=0)
    assert abs(np.std(y - np.cos(x)) - 0.5) < 0.01


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: make_xor(n=0), ValueError, "n must be >= 1"),
        (lambda: make_xor(n=2.5), TypeError, "n must be an int"),
        (lambda: make_moons(noise=-1), ValueError, "noise must be a finite number >= 0"),
        (lambda: make_function_1d(np.sin, x_range=(1, 0)), ValueError, "low < high"),
        (lambda: make_function_1d(3), TypeError, "callable"),
        (lambda: make_function_1d(lambda x: x.ravel()), ValueError, "same shape"),
    ],
)
def test_bad_arguments_get_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_load_digits_is_the_real_scaled_data():
    from sklearn.datasets import load_digits as sklearn_digits

    from dlcourse.data import load_digits

    X, y = load_digits()
    reference = sklearn_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    np.testing.assert_array_equal(X * 16, reference.data)
    np.testing.assert_array_equal(y, reference.target)
    assert X.min() == 0.0 and X.max() == 1.0
