"""The forward pass of a multi-layer perceptron in NumPy.

A network with layer sizes ``[D, H1, ..., M]`` is a list of ``(W, b)`` pairs, one per layer, with
``W`` of shape ``(in, out)`` and ``b`` of shape ``(out,)``. Hidden layers apply the activation;
the last layer is left linear (its output is the network's raw score).
"""

from collections.abc import Sequence

import numpy as np

from dlcourse.scratch.activations import get_activation, get_activation_grad
from dlcourse.scratch.layers import linear_backward, linear_forward
from dlcourse.scratch.losses import cross_entropy, cross_entropy_grad
from dlcourse.validation import as_float_array, check_layer_sizes

Params = list[tuple[np.ndarray, np.ndarray]]


def init_mlp_params(sizes: Sequence[int], rng: np.random.Generator) -> Params:
    """Random weights for an MLP with layer sizes ``sizes`` (input first, output last).

    Uses the same uniform range as PyTorch's ``nn.Linear``: ``U(-1/sqrt(in), 1/sqrt(in))``.
    """
    sizes = check_layer_sizes(sizes)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        bound = 1 / np.sqrt(fan_in)
        w = rng.uniform(-bound, bound, size=(fan_in, fan_out))
        b = rng.uniform(-bound, bound, size=fan_out)
        params.append((w, b))
    return params


def mlp_forward(x: np.ndarray, params: Params, activation: str = "relu") -> np.ndarray:
    """Run ``x`` of shape ``(N, D)`` through the network; return the output ``(N, M)``."""
    act = get_activation(activation)
    h = as_float_array(x, "x", ndim=2)
    if not params:
        raise ValueError("params must hold at least one (W, b) layer, got an empty list")
    for i, (w, b) in enumerate(params):
        h, _ = linear_forward(h, w, b)
        if i < len(params) - 1:
            h = act(h)
    return h


def mlp_loss_and_grads(
    x: np.ndarray, labels: np.ndarray, params: Params, activation: str = "relu"
) -> tuple[float, Params]:
    """Cross-entropy loss of the MLP on ``(x, labels)`` and its gradient for every parameter.

    Shapes: ``x (N, D)``, integer ``labels (N,)``; the last layer has one output per class.
    Returns the loss and a list of ``(dW, db)`` pairs shaped like ``params``.

    Forward, each layer keeps what its backward pass needs (the linear layer's cache and the
    pre-activation ``z``); backward walks the layers in reverse, applying the chain rule:
    ``dz = dh * act'(z)``, then the linear layer's backward gives ``dW``, ``db`` and ``dh`` for
    the layer below.
    """
    act, act_grad = get_activation(activation), get_activation_grad(activation)
    if not params:
        raise ValueError("params must hold at least one (W, b) layer, got an empty list")
    h = as_float_array(x, "x", ndim=2)
    caches = []
    for i, (w, b) in enumerate(params):
        z, linear_cache = linear_forward(h, w, b)
        caches.append((linear_cache, z))
        h = act(z) if i < len(params) - 1 else z
    loss = cross_entropy(h, labels)

    grads: Params = []
    dh = cross_entropy_grad(h, labels)
    for i in reversed(range(len(params))):
        linear_cache, z = caches[i]
        dz = dh * act_grad(z) if i < len(params) - 1 else dh
        dh, dw, db = linear_backward(dz, linear_cache)
        grads.append((dw, db))
    return loss, grads[::-1]


def count_params(params: Params) -> int:
    """Number of trainable numbers in the network: every weight and every bias."""
    if not isinstance(params, list | tuple) or not all(
        isinstance(p, tuple | list) and len(p) == 2 for p in params
    ):
        raise TypeError(
            f"params must be a list of (w, b) pairs, as init_mlp_params returns, got "
            f"{type(params).__name__}"
        )
    return int(sum(np.size(w) + np.size(b) for w, b in params))


def params_from_torch(linears) -> Params:
    """Copy the weights of PyTorch ``nn.Linear`` layers into ``(W, b)`` pairs.

    PyTorch stores ``weight`` as ``(out, in)``; our layers use ``(in, out)``, hence the transpose.
    """
    params = []
    for layer in linears:
        if not (hasattr(layer, "weight") and hasattr(layer, "bias")):
            raise TypeError(f"expected nn.Linear layers, got {type(layer).__name__}")
        w = layer.weight.detach().cpu().double().numpy().T.copy()
        b = layer.bias.detach().cpu().double().numpy().copy()
        params.append((w, b))
    return params
