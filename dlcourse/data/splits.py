"""Splitting a data set into training, validation and test parts."""

import numpy as np
from sklearn.model_selection import train_test_split

from dlcourse.validation import as_number_array, check_finite


def train_val_test_split(
    X: np.ndarray,
    y: np.ndarray,
    val_size: float = 0.15,
    test_size: float = 0.15,
    seed: int = 0,
    stratify: bool = True,
) -> tuple[np.ndarray, ...]:
    """Split ``(X, y)`` into ``X_train, X_val, X_test, y_train, y_val, y_test``.

    ``val_size`` and ``test_size`` are fractions of the whole set. With ``stratify`` every part
    keeps the class proportions of ``y``, so ``y`` must hold class labels: a float ``y`` with values
    that are not whole numbers is taken for a continuous (regression) target and refused; pass
    ``stratify=False`` for it. The test part is meant to be used once, at the very end; choose
    everything else on the validation part.
    """
    X = as_number_array(X, "X", ndim=range(1, 8))
    y = as_number_array(y, "y", ndim=1)
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
    for name, size in (("val_size", val_size), ("test_size", test_size)):
        if not (isinstance(size, float) and 0 < size < 1):
            raise ValueError(f"{name} must be a fraction between 0 and 1, got {size!r}")
    if val_size + test_size >= 1:
        raise ValueError(f"val_size + test_size must be below 1, got {val_size + test_size}")
    if stratify:
        _check_class_labels(y)
    X_rest, X_test, y_rest, y_test = _split(X, y, test_size, seed, stratify)
    X_train, X_val, y_train, y_val = _split(
        X_rest, y_rest, val_size / (1 - test_size), seed, stratify
    )
    return X_train, X_val, X_test, y_train, y_val, y_test


def _check_class_labels(y: np.ndarray) -> None:
    """Refuse a ``y`` that looks continuous: floats that are not whole numbers."""
    check_finite(y, "y")
    if not np.issubdtype(y.dtype, np.floating):
        return
    fractional = y != np.round(y)
    if np.any(fractional):
        raise ValueError(
            "stratify=True needs class labels, but y looks continuous (it holds values that are "
            f"not whole numbers, such as {y[fractional][0]:g}); pass stratify=False for a "
            "regression target"
        )


def _split(X: np.ndarray, y: np.ndarray, test_size: float, seed: int, stratify: bool) -> list:
    """One split by scikit-learn; its errors about too few members of a class name ``stratify``."""
    try:
        return train_test_split(
            X, y, test_size=test_size, stratify=y if stratify else None, random_state=seed
        )
    except ValueError as exc:
        if not stratify:
            raise
        reason = str(exc).split(". ")[0].rstrip(".")
        raise ValueError(
            f"stratify=True cannot put every class of y in every part ({reason}); "
            "pass stratify=False, or merge the rare classes"
        ) from exc
