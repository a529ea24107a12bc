"""Numerical gradient checking: compare an analytic gradient with finite differences."""

from collections.abc import Callable

import numpy as np

from dlcourse.validation import as_float_array, as_number_array


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6
) -> np.ndarray:
    """Central-difference estimate of the gradient of the scalar function ``f`` at ``x``.

    ``(f(x + h e_i) - f(x - h e_i)) / 2h`` for every element ``i``; the error is of order
    ``h**2``. ``x`` is perturbed in place and restored, so ``f`` may close over it. Shape of ``x``.

    ``x`` must be a float64 array. It is not converted: ``f`` may read the caller's array rather
    than its argument, and a float64 copy of an integer array would leave that array unperturbed,
    so the estimate would be silently 0 (an integer array cannot hold ``x + h`` anyway). float32
    has too few digits for ``h = 1e-6``.
    """
    x = as_number_array(x, "x")
    if x.dtype != np.float64:
        raise TypeError(
            f"x must be a float64 array (it is perturbed in place), got {x.dtype}; "
            "pass x.astype(np.float64) and let f read that array"
        )
    if not h > 0:
        raise ValueError(f"h must be positive, got {h}")
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + h
        f_plus = float(f(x))
        x[i] = original - h
        f_minus = float(f(x))
        x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """Relative difference of two gradients, ``||a - b|| / (||a|| + ||b||)`` (0 when both are 0).

    Measured on the whole array rather than element by element, so that entries that are nearly
    zero (where finite differences have no correct digits left) do not dominate the verdict.
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / denominator) if denominator > 0 else 0.0
