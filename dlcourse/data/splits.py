"""Splitting a data set into training, validation and test parts."""

import numpy as np
from sklearn.model_selection import train_test_split

from dlcourse.validation import as_number_array


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
    keeps the class proportions of ``y`` (classification labels only). The test part is meant to
    be used once, at the very end; choose everything else on the validation part.
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
    strat = y if stratify else None
    X_rest, X_test, y_rest, y_test = train_test_split(
        X, y, test_size=test_size, stratify=strat, random_state=seed
    )
    X_train, X_val, y_train, y_val = train_test_split(
        X_rest,
        y_rest,
        test_size=val_size / (1 - test_size),
        stratify=y_rest if stratify else None,
        random_state=seed,
    )
    return X_train, X_val, X_test, y_train, y_val, y_test
