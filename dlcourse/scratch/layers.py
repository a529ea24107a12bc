"""Layers as forward/backward pairs, in the style of CS231n.

``*_forward`` returns ``(out, cache)``; ``*_backward(dout, cache)`` returns the gradients of the
loss with respect to each input, given ``dout``, the gradient with respect to ``out``.

Weights follow the maths of the book: a layer computes ``x @ W + b`` with ``W`` of shape
``(in_features, out_features)``. PyTorch's ``nn.Linear`` stores the transpose,
``weight`` of shape ``(out_features, in_features)``.
"""

import numpy as np

from dlcourse.validation import as_float_array


def linear_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Affine layer ``out = x @ w + b``.

    Shapes: ``x (N, D)``, ``w (D, M)``, ``b (M,)`` -> ``out (N, M)``.
    """
    x = as_float_array(x, "x", ndim=2)
    w = as_float_array(w, "w", ndim=2)
    b = as_float_array(b, "b", ndim=1)
    if x.shape[1] != w.shape[0]:
        raise ValueError(
            f"x has {x.shape[1]} features per row but w expects {w.shape[0]} "
            f"(x {x.shape}, w {w.shape}); w must be (in_features, out_features)"
        )
    if b.shape[0] != w.shape[1]:
        raise ValueError(f"b must have shape ({w.shape[1]},) to match w {w.shape}, got {b.shape}")
    out = x @ w + b
    return out, (x, w)


def linear_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the affine layer.

    Shapes: ``dout (N, M)`` -> ``dx (N, D)``, ``dw (D, M)``, ``db (M,)``.
    """
    x, w = cache
    dout = as_float_array(dout, "dout", ndim=2)
    if dout.shape != (x.shape[0], w.shape[1]):
        raise ValueError(
            f"dout must have the shape of the layer's output {(x.shape[0], w.shape[1])}, "
            f"got {dout.shape}"
        )
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db
