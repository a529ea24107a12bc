"""Rosenblatt's perceptron: a single neuron with a step activation and its learning rule."""

import numpy as np

from dlcourse.scratch.activations import step
from dlcourse.validation import as_float_array, check_positive_int


def perceptron_predict(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Class (0 or 1) of each row of ``x (N, D)`` for weights ``w (D,)`` and bias ``b``."""
    x = as_float_array(x, "x", ndim=2)
    w = as_float_array(w, "w", ndim=1)
    if x.shape[1] != w.shape[0]:
        raise ValueError(f"x has {x.shape[1]} features but w has {w.shape[0]} weights")
    return step(x @ w + b)


def train_perceptron(
    x: np.ndarray, y: np.ndarray, epochs: int = 20, lr: float = 1.0
) -> tuple[np.ndarray, float, list[int]]:
    """Learn ``(w, b)`` by the perceptron rule ``w += lr * (y - y_hat) * x``, example by example.

    Shapes: ``x (N, D)``, ``y (N,)`` holding 0/1 labels. Returns ``w (D,)``, ``b`` and the number
    of mistakes in each epoch. On linearly separable data the mistakes reach zero.
    """
    x = as_float_array(x, "x", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    epochs = check_positive_int(epochs, "epochs")
    if len(y) != len(x):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must hold only 0 and 1, got values {np.unique(y)[:5]}")
    w = np.zeros(x.shape[1])
    b = 0.0
    mistakes = []
    for _ in range(epochs):
        errors = 0
        for xi, yi in zip(x, y, strict=True):
            update = lr * (yi - float(xi @ w + b > 0))
            w += update * xi
            b += update
            errors += int(update != 0)
        mistakes.append(errors)
    return w, b, mistakes
