import numpy as np
import pytest

from dlcourse.gradcheck import numerical_gradient, rel_error
from dlcourse.scratch.layers import linear_backward, linear_forward


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda v: np.sum(v**3) + v[0, 1] * v[1, 0], x.copy())
    expected = 3 * x**2 + np.array([[0, x[1, 0]], [x[0, 1], 0]])
    np.testing.assert_allclose(grad, expected, rtol=1e-8)


def test_numerical_gradient_restores_its_input():
    x = np.array([1.0, 2.0, 3.0])
    numerical_gradient(lambda v: float(np.sum(v**2)), x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])


def test_linear_backward_passes_a_gradient_check():
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=5)
    dout = rng.normal(size=(4, 5))
    _, cache = linear_forward(x, w, b)
    dx, dw, db = linear_backward(dout, cache)

    assert (
        rel_error(dx, numerical_gradient(lambda v: np.sum(linear_forward(v, w, b)[0] * dout), x))
        < 1e-7
    )
    assert (
        rel_error(dw, numerical_gradient(lambda v: np.sum(linear_forward(x, v, b)[0] * dout), w))
        < 1e-7
    )
    assert (
        rel_error(db, numerical_gradient(lambda v: np.sum(linear_forward(x, w, v)[0] * dout), b))
        < 1e-7
    )


def test_a_wrong_gradient_fails_the_check():
    x = np.array([1.0, 2.0])
    numeric = numerical_gradient(lambda v: float(np.sum(v**2)), x)
    assert rel_error(numeric, 2 * x) < 1e-8
    assert rel_error(numeric, x) > 0.3  # forgot the factor 2


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.bool_])
def test_an_integer_array_gets_a_clear_error_not_a_gradient_of_zeros(dtype):
    x = np.array([1, 2, 0], dtype=dtype)
    # f reads the caller's array, as the docstring allows; a float copy would never be perturbed.
    with pytest.raises(TypeError, match=rf"x must be a float64 array .*got {np.dtype(dtype)}"):
        numerical_gradient(lambda _: float(np.sum(x.astype(float) ** 2)), x)
    np.testing.assert_array_equal(x, np.array([1, 2, 0], dtype=dtype))
    # The conversion the message asks for gives the true gradient, 2 x.
    x64 = x.astype(np.float64)
    grad = numerical_gradient(lambda _: float(np.sum(x64**2)), x64)
    np.testing.assert_allclose(grad, 2 * x64, rtol=1e-8, atol=1e-8)


def test_rel_error_and_numerical_gradient_reject_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        rel_error(np.ones(2), np.ones(3))
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda v: 0.0, np.ones(2, dtype=np.float32))
    with pytest.raises(ValueError, match="h must be positive"):
        numerical_gradient(lambda v: 0.0, np.ones(2), h=0)
