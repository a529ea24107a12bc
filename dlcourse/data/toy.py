"""Data sets generated from a seed, and the digits that ship with scikit-learn. No downloads.

Every generator returns ``X`` as float64 of shape ``(n, d)`` and, for classification, ``y`` as
int64 labels of shape ``(n,)``. The same seed gives the same data on every machine.
"""

from collections.abc import Callable

import numpy as np
from sklearn import datasets

from dlcourse.validation import check_positive_int, check_positive_number


def _check_noise(noise: float) -> float:
    if isinstance(noise, bool) or not isinstance(noise, int | float | np.floating):
        raise TypeError(f"noise must be a number, got {type(noise).__name__}")
    if not 0 <= noise < np.inf:
        raise ValueError(f"noise must be a finite number >= 0, got {noise}")
    return float(noise)


def make_xor(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: points around the four corners of the unit square.

    Corners ``(0, 0)`` and ``(1, 1)`` are class 0, ``(0, 1)`` and ``(1, 0)`` class 1; each point
    is a corner plus Gaussian noise of standard deviation ``noise``. No line separates the classes.
    """
    n = check_positive_int(n, "n")
    noise = _check_noise(noise)
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 2, size=(n, 2))
    y = (corners[:, 0] ^ corners[:, 1]).astype(np.int64)
    X = corners + noise * rng.standard_normal((n, 2))
    return X, y


def make_moons(n: int = 200, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's ``make_moons``), shuffled, seeded."""
    n = check_positive_int(n, "n", minimum=2)
    noise = _check_noise(noise)
    X, y = datasets.make_moons(n_samples=n, noise=noise, shuffle=True, random_state=seed)
    return X.astype(np.float64), y.astype(np.int64)


def make_function_1d(
    fn: Callable[[np.ndarray], np.ndarray],
    n: int = 200,
    x_range: tuple[float, float] = (-3.0, 3.0),
    noise: float = 0.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Samples of ``y = fn(x) + noise`` with ``x`` uniform in ``x_range``.

    Returns ``x`` of shape ``(n, 1)`` sorted ascending and ``y`` of shape ``(n, 1)``.
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {type(fn).__name__}")
    n = check_positive_int(n, "n")
    noise = _check_noise(noise)
    lo, hi = x_range
    if not lo < hi:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(lo, hi, size=n))[:, None]
    y = np.asarray(fn(x), dtype=np.float64)
    if y.shape != x.shape:
        raise ValueError(f"fn must map x of shape {x.shape} to the same shape, got {y.shape}")
    y = y + noise * rng.standard_normal(y.shape)
    return x, y


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 real 8x8 handwritten digits that ship with scikit-learn (no download).

    Returns ``X`` of shape ``(1797, 64)``, pixel intensities scaled from 0..16 to [0, 1], and
    ``y`` of shape ``(1797,)`` with the digit 0-9.
    """
    digits = datasets.load_digits()
    return digits.data.astype(np.float64) / 16.0, digits.target.astype(np.int64)


def make_ring_of_gaussians(
    n: int = 1000, modes: int = 8, radius: float = 2.0, std: float = 0.05, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Points from ``modes`` Gaussians (standard deviation ``std``) evenly spaced on a circle.

    The classic test of a GAN's mode coverage. Returns the points ``(n, 2)`` and the mode
    centres ``(modes, 2)``.
    """
    n = check_positive_int(n, "n")
    modes = check_positive_int(modes, "modes")
    std, radius = check_positive_number(std, "std"), check_positive_number(radius, "radius")
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(modes) / modes
    centers = radius * np.c_[np.cos(angles), np.sin(angles)]
    X = centers[rng.integers(0, modes, n)] + std * rng.standard_normal((n, 2))
    return X, centers
