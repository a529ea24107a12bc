"""Activation functions and their derivatives, element-wise on NumPy arrays of any shape."""

import numpy as np

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


ACTIVATIONS = {"relu": relu, "sigmoid": sigmoid, "tanh": tanh, "step": step, "identity": identity}


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
