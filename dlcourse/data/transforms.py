"""Transforms: standardisation, one-hot encoding, and augmentation of 8x8 digit images."""

import numpy as np
from scipy import ndimage

from dlcourse.validation import as_float_array, check_positive_int


class Standardizer:
    """Per-feature standardisation ``(x - mean) / std`` with statistics from the training data.

    ``fit`` on the training split only; then ``transform`` every split with those statistics.
    Features that are constant in the training data are only centred. Constant means a variance
    within the rounding error of computing it (as scikit-learn's ``StandardScaler`` decides), not
    exactly 0: the std of [0.1, 0.1, 0.1] comes out as 1e-17, and dividing by it would turn
    rounding noise into values of ±1.
    """

    def __init__(self):
        self.mean_: np.ndarray | None = None
        self.std_: np.ndarray | None = None

    def fit(self, X: np.ndarray) -> "Standardizer":
        X = as_float_array(X, "X", ndim=2)
        X64 = np.asarray(X, dtype=np.float64)  # float64 statistics, as in scikit-learn
        mean, var = X64.mean(axis=0), X64.var(axis=0)
        std = np.where(_is_constant(var, mean, len(X)), 1.0, np.sqrt(var))
        self.mean_, self.std_ = mean.astype(X.dtype), std.astype(X.dtype)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        if self.mean_ is None:
            raise RuntimeError("call fit(X_train) before transform")
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != self.mean_.shape[0]:
            raise ValueError(
                f"X has {X.shape[1]} features; the standardizer was fitted on {self.mean_.shape[0]}"
            )
        return (X - self.mean_) / self.std_

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        return self.fit(X).transform(X)


def _is_constant(var: np.ndarray, mean: np.ndarray, n: int) -> np.ndarray:
    """Whether each feature's variance is within the rounding error of the two-pass algorithm.

    The bound ``n eps var + (n eps mean)**2`` (Chan, Golub and LeVeque) is the one scikit-learn's
    ``StandardScaler`` uses, for statistics computed in float64.
    """
    eps = np.finfo(np.float64).eps
    with np.errstate(over="ignore"):  # an overflow to inf is the right verdict: constant
        return var <= n * eps * var + (n * eps * mean) ** 2


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Integer labels ``(N,)`` to one-hot rows ``(N, n_classes)`` of float64."""
    labels = np.asarray(labels)
    n_classes = check_positive_int(n_classes, "n_classes")
    if labels.ndim != 1:
        raise ValueError(f"labels must be one-dimensional, got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"labels must be integers, got dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"labels must lie in [0, {n_classes - 1}], "
            f"got values from {labels.min()} to {labels.max()}"
        )
    out = np.zeros((labels.size, n_classes))
    out[np.arange(labels.size), labels] = 1.0
    return out


def augment_digits(
    X: np.ndarray,
    rng: np.random.Generator,
    max_shift: int = 1,
    max_angle: float = 10.0,
    noise: float = 0.05,
) -> np.ndarray:
    """Random variants of 8x8 digit images (rows of 64 pixels in [0, 1]).

    Each image is rotated by a random angle in ``[-max_angle, max_angle]`` degrees, shifted by a
    random whole number of pixels in ``[-max_shift, max_shift]`` in each direction (empty pixels
    become 0), given Gaussian pixel noise of standard deviation ``noise``, and clipped to [0, 1].
    """
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != 64:
        raise ValueError(f"X must hold 8x8 images as rows of 64 pixels, got shape {X.shape}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    images = X.reshape(-1, 8, 8)
    out = np.empty_like(images)
    for i, image in enumerate(images):
        angle = rng.uniform(-max_angle, max_angle)
        rotated = ndimage.rotate(image, angle, reshape=False, order=1, mode="constant")
        dy, dx = rng.integers(-max_shift, max_shift + 1, size=2)
        out[i] = ndimage.shift(rotated, (dy, dx), order=0, mode="constant")
    out += noise * rng.standard_normal(out.shape)
    return np.clip(out, 0.0, 1.0).reshape(-1, 64)


def shift_images(X: np.ndarray, dy: int, dx: int, side: int = 8) -> np.ndarray:
    """Every image moved ``dy`` pixels down and ``dx`` pixels right; uncovered pixels become 0.

    ``X`` holds square ``side x side`` images as rows (``(N, side * side)``); the result has the
    same shape. Pixels pushed past the border are lost, as when a digit is written off-centre.
    """
    X = as_float_array(X, "X", ndim=2)
    side = check_positive_int(side, "side")
    if X.shape[1] != side * side:
        raise ValueError(
            f"X must hold {side}x{side} images as rows of {side * side} pixels, got shape {X.shape}"
        )
    for name, d in (("dy", dy), ("dx", dx)):
        if isinstance(d, bool) or not isinstance(d, int | np.integer):
            raise TypeError(f"{name} must be an int, got {type(d).__name__}")
        if abs(d) >= side:
            raise ValueError(f"{name} must be between {-(side - 1)} and {side - 1}, got {d}")
    images = X.reshape(-1, side, side)
    out = np.zeros_like(images)
    out[:, max(dy, 0) : side + min(dy, 0), max(dx, 0) : side + min(dx, 0)] = images[
        :, max(-dy, 0) : side + min(-dy, 0), max(-dx, 0) : side + min(-dx, 0)
    ]
    return out.reshape(X.shape)
