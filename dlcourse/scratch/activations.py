"""Activation functions and their derivatives on NumPy arrays of any shape.

All are element-wise except ``softmax`` and ``log_softmax``, which normalise along an axis.
"""

import numpy as np
from scipy.special import ndtr

from dlcourse.validation import as_float_array


def step(z: np.ndarray) -> np.ndarray:
    """Heaviside step: 1 where ``z > 0``, else 0 (the perceptron's activation)."""
    z = as_float_array(z, "z")
    return (z > 0).astype(z.dtype)


def relu(z: np.ndarray) -> np.ndarray:
    """Rectified linear unit: ``max(0, z)``."""
    z = as_float_array(z, "z")
    return np.maximum(z, 0)


def relu_grad(z: np.ndarray) -> np.ndarray:
    """Derivative of ReLU with respect to ``z`` (0 at ``z == 0``, as PyTorch uses)."""
    z = as_float_array(z, "z")
    return (z > 0).astype(z.dtype)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid ``1 / (1 + exp(-z))``, computed without overflow for large ``|z|``."""
    z = as_float_array(z, "z")
    # exp(-|z|) never overflows; the two branches are the same function rearranged.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(z: np.ndarray) -> np.ndarray:
    """Derivative of the sigmoid: ``sigmoid(z) * (1 - sigmoid(z))``."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent."""
    z = as_float_array(z, "z")
    return np.tanh(z)


def tanh_grad(z: np.ndarray) -> np.ndarray:
    """Derivative of tanh: ``1 - tanh(z)**2``."""
    return 1 - tanh(z) ** 2


def identity(z: np.ndarray) -> np.ndarray:
    """The identity, used as the 'activation' of a regression output layer."""
    return as_float_array(z, "z")


def leaky_relu(z: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    """Leaky ReLU: ``z`` for ``z > 0``, ``negative_slope * z`` otherwise."""
    z = as_float_array(z, "z")
    return np.where(z > 0, z, negative_slope * z)


def leaky_relu_grad(z: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    """Derivative of leaky ReLU: 1 for ``z > 0``, ``negative_slope`` otherwise."""
    z = as_float_array(z, "z")
    return np.where(z > 0, 1.0, negative_slope).astype(z.dtype)


def gelu(z: np.ndarray) -> np.ndarray:
    """Gaussian error linear unit ``z * Phi(z)`` (exact form; ``Phi`` is the normal CDF)."""
    z = as_float_array(z, "z")
    return z * _normal_cdf(z)


def gelu_grad(z: np.ndarray) -> np.ndarray:
    """Derivative of GELU: ``Phi(z) + z * phi(z)``, with ``phi`` the standard normal density."""
    z = as_float_array(z, "z")
    return _normal_cdf(z) + z * np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi)


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``: ``exp(z_i) / sum_j exp(z_j)``, stable for any finite logits.

    Subtracting the maximum first changes nothing mathematically (the factor ``exp(-max)`` cancels)
    but keeps every ``exp`` at most 1, so large logits cannot overflow.
    """
    z = as_float_array(z, "z")
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Log of the softmax along ``axis``: ``z - logsumexp(z)``, computed without overflow."""
    z = as_float_array(z, "z")
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    return ndtr(z)  # the standard normal CDF, accurate in both tails


ACTIVATIONS = {
    "relu": relu,
    "leaky_relu": leaky_relu,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "gelu": gelu,
    "step": step,
    "identity": identity,
}


ACTIVATION_GRADS = {
    "relu": relu_grad,
    "leaky_relu": leaky_relu_grad,
    "sigmoid": sigmoid_grad,
    "tanh": tanh_grad,
    "gelu": gelu_grad,
    "identity": lambda z: np.ones_like(as_float_array(z, "z")),
}


def get_activation(name: str):
    """Look up an activation function by name (one of ``ACTIVATIONS``)."""
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name (str), got {type(name).__name__}")
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}"
        ) from None


def get_activation_grad(name: str):
    """Look up the derivative of an activation by name (one of ``ACTIVATION_GRADS``)."""
    get_activation(name)  # the same checks and message for an unknown name
    if name not in ACTIVATION_GRADS:
        raise ValueError(f"{name!r} has no derivative here (step is not differentiable)")
    return ACTIVATION_GRADS[name]
