"""Loss functions and their gradients in NumPy.

Each loss returns the **mean** over examples (as PyTorch's default ``reduction="mean"``), and
each ``*_grad`` returns the gradient of that mean with respect to the predictions, with the
predictions' shape.
"""

import numpy as np

from dlcourse.scratch.activations import log_softmax, sigmoid, softmax
from dlcourse.validation import as_float_array, check_finite


def _pair(
    pred: np.ndarray, target: np.ndarray, name: str = "pred"
) -> tuple[np.ndarray, np.ndarray]:
    """``pred`` (called ``name`` in messages) and ``target`` as float arrays of one shape."""
    pred = as_float_array(pred, name)
    target = as_float_array(target, "target")
    if pred.shape != target.shape:
        raise ValueError(
            f"{name} and target must have the same shape, got {pred.shape} and {target.shape}"
        )
    check_finite(pred, name)
    check_finite(target, "target")
    return pred, target


def mse(pred: np.ndarray, target: np.ndarray) -> float:
    """Mean squared error ``mean((pred - target)**2)``; any shape, both the same."""
    pred, target = _pair(pred, target)
    return float(np.mean((pred - target) ** 2))


def mse_grad(pred: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Gradient of ``mse`` with respect to ``pred``: ``2 (pred - target) / n``."""
    pred, target = _pair(pred, target)
    return 2 * (pred - target) / pred.size


def mae(pred: np.ndarray, target: np.ndarray) -> float:
    """Mean absolute error ``mean(|pred - target|)``."""
    pred, target = _pair(pred, target)
    return float(np.mean(np.abs(pred - target)))


def mae_grad(pred: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Gradient of ``mae``: ``sign(pred - target) / n`` (0 where they are equal, as PyTorch)."""
    pred, target = _pair(pred, target)
    return np.sign(pred - target) / pred.size


def huber(pred: np.ndarray, target: np.ndarray, delta: float = 1.0) -> float:
    """Huber loss: quadratic for residuals within ``delta``, linear beyond (PyTorch's HuberLoss)."""
    pred, target = _pair(pred, target)
    _check_delta(delta)
    r = np.abs(pred - target)
    return float(np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))))


def huber_grad(pred: np.ndarray, target: np.ndarray, delta: float = 1.0) -> np.ndarray:
    """Gradient of ``huber``: the residual, clipped to ``[-delta, delta]``, divided by ``n``."""
    pred, target = _pair(pred, target)
    _check_delta(delta)
    return np.clip(pred - target, -delta, delta) / pred.size


def binary_cross_entropy(prob: np.ndarray, target: np.ndarray, eps: float = 1e-12) -> float:
    """Binary cross-entropy of probabilities ``prob`` in [0, 1] against 0/1 ``target``.

    ``-mean(y log p + (1 - y) log(1 - p))``; ``p`` is clipped to ``[eps, 1 - eps]`` so a
    confident wrong answer costs a large finite amount instead of infinity.
    """
    prob, target = _pair(prob, target, "prob")
    if np.any((prob < 0) | (prob > 1)):
        raise ValueError("prob must hold probabilities in [0, 1]; for scores use bce_with_logits")
    _check_binary_targets(target)
    p = np.clip(prob, eps, 1 - eps)
    return float(-np.mean(target * np.log(p) + (1 - target) * np.log1p(-p)))


def bce_with_logits(logits: np.ndarray, target: np.ndarray) -> float:
    """Binary cross-entropy computed from logits ``z``, stable for any ``z``.

    ``-[y log s(z) + (1-y) log(1-s(z))] = max(z, 0) - z y + log(1 + exp(-|z|))``: no
    exponential of a large positive number, and no log of zero.
    """
    logits, target = _pair(logits, target, "logits")
    _check_binary_targets(target)
    z = logits
    return float(np.mean(np.maximum(z, 0) - z * target + np.log1p(np.exp(-np.abs(z)))))


def bce_with_logits_grad(logits: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Gradient of ``bce_with_logits`` with respect to the logits: ``(sigmoid(z) - y) / n``."""
    logits, target = _pair(logits, target, "logits")
    _check_binary_targets(target)
    return (sigmoid(logits) - target) / logits.size


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Categorical cross-entropy of logits ``(N, C)`` against integer class labels ``(N,)``.

    ``-mean_n log softmax(z_n)[y_n]``, computed through ``log_softmax`` so it never overflows.
    """
    logits, labels = _logits_labels(logits, labels)
    return float(-np.mean(log_softmax(logits, axis=1)[np.arange(len(labels)), labels]))


def cross_entropy_grad(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of ``cross_entropy`` with respect to the logits: ``(softmax(z) - onehot(y))/N``."""
    logits, labels = _logits_labels(logits, labels)
    grad = softmax(logits, axis=1)
    grad[np.arange(len(labels)), labels] -= 1
    return grad / len(labels)


def _logits_labels(logits: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    logits = as_float_array(logits, "logits", ndim=2)
    check_finite(logits, "logits")
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != len(logits):
        raise ValueError(
            f"labels must have shape ({len(logits)},) to match logits {logits.shape}, "
            f"got {labels.shape}"
        )
    if not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"labels must be integer class indices, got dtype {labels.dtype}")
    n_classes = logits.shape[1]
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(
            f"labels must lie in [0, {n_classes - 1}] for {n_classes} classes, "
            f"got values from {labels.min()} to {labels.max()}"
        )
    return logits, labels


def _check_binary_targets(target: np.ndarray) -> None:
    if np.any((target < 0) | (target > 1)):
        raise ValueError("target must hold values in [0, 1] (class labels 0/1 or probabilities)")


def _check_delta(delta: float) -> None:
    if not (isinstance(delta, int | float) and delta > 0):
        raise ValueError(f"delta must be a positive number, got {delta!r}")
