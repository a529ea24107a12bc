"""Attention in NumPy: scaled dot-product attention, multi-head attention, positional encodings.

Shapes follow PyTorch: ``scaled_dot_product_attention`` matches
``torch.nn.functional.scaled_dot_product_attention`` (queries ``(..., L, d)``, keys ``(..., S, d)``,
values ``(..., S, d_v)``), and ``multi_head_attention`` matches ``torch.nn.MultiheadAttention``
with ``batch_first=True``, taking its packed weights.
"""

import numpy as np

from dlcourse.scratch.activations import softmax
from dlcourse.validation import as_float_array, as_float_array_of_shape, check_positive_int


def scaled_dot_product_attention(
    q: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    mask: np.ndarray | None = None,
    causal: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """``softmax(q k^T / sqrt(d)) v`` and the attention weights.

    ``mask`` is boolean, broadcastable to ``(..., L, S)``: ``True`` where a query may attend to a
    key (PyTorch's convention for boolean ``attn_mask``). ``causal=True`` lets query ``i`` attend
    only to keys ``j <= i``. Returns ``(output (..., L, d_v), weights (..., L, S))``. A query that
    may attend to no key at all is an error, not a silent row of NaNs.
    """
    q = as_float_array(q, "q")
    k = as_float_array(k, "k")
    v = as_float_array(v, "v")
    if q.ndim < 2 or k.ndim < 2 or v.ndim < 2:
        raise ValueError(
            f"q, k and v need at least 2 dimensions (length, features), got shapes "
            f"{q.shape}, {k.shape}, {v.shape}"
        )
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(
            f"queries and keys must have the same feature size, got q {q.shape} and k {k.shape}"
        )
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(
            f"keys and values must have the same length, got k {k.shape} and v {v.shape}"
        )
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])  # (..., L, S)
    allowed = np.ones(scores.shape[-2:], dtype=bool)
    if causal:
        allowed = np.tril(allowed)
    if mask is not None:
        mask = np.asarray(mask)
        if mask.dtype != bool:
            raise TypeError(f"mask must be boolean (True = may attend), got dtype {mask.dtype}")
        try:
            allowed = np.broadcast_to(allowed & mask, np.broadcast_shapes(scores.shape, mask.shape))
        except ValueError as exc:
            raise ValueError(
                f"mask of shape {mask.shape} does not broadcast to the scores {scores.shape}"
            ) from exc
    allowed = np.broadcast_to(allowed, scores.shape)
    if not allowed.any(axis=-1).all():
        raise ValueError("the mask leaves a query with no key to attend to")
    weights = softmax(np.where(allowed, scores, -np.inf), axis=-1)
    return weights @ v, weights


def multi_head_attention(
    query: np.ndarray,
    key: np.ndarray,
    value: np.ndarray,
    in_proj_weight: np.ndarray,
    in_proj_bias: np.ndarray | None,
    out_proj_weight: np.ndarray,
    out_proj_bias: np.ndarray | None,
    num_heads: int,
    mask: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Multi-head attention with the parameters of ``torch.nn.MultiheadAttention``.

    Inputs are batch first, ``(N, L, E)`` for queries and ``(N, S, E)`` for keys and values.
    ``in_proj_weight (3E, E)`` stacks the query, key and value projections, ``in_proj_bias (3E,)``
    their biases; ``out_proj_weight (E, E)`` and ``out_proj_bias (E,)`` project the result. A
    bias of ``None`` means no bias, as with ``bias=False`` in torch. Each of the ``num_heads``
    heads attends with its own ``E / num_heads`` features; their outputs are concatenated and
    projected by ``out_proj``. ``mask`` is as in ``scaled_dot_product_attention``: ``True`` where
    a query may attend to a key (the opposite of ``nn.MultiheadAttention``'s boolean
    ``attn_mask``). Returns the output ``(N, L, E)`` and the weights averaged over heads
    ``(N, L, S)``, as PyTorch does by default.
    """
    query = as_float_array(query, "query", ndim=3)
    n, _, embed = query.shape
    key = as_float_array_of_shape(key, "key", (n, "S", embed), f"like query {query.shape}")
    value = as_float_array_of_shape(value, "value", key.shape, "like key")
    num_heads = check_positive_int(num_heads, "num_heads")
    if embed % num_heads:
        raise ValueError(f"the embedding size {embed} must be divisible by num_heads {num_heads}")
    in_proj_weight = as_float_array_of_shape(in_proj_weight, "in_proj_weight", (3 * embed, embed))
    in_proj_bias = _bias(in_proj_bias, "in_proj_bias", 3 * embed, query.dtype)
    out_proj_weight = as_float_array_of_shape(out_proj_weight, "out_proj_weight", (embed, embed))
    out_proj_bias = _bias(out_proj_bias, "out_proj_bias", embed, query.dtype)

    w_q, w_k, w_v = np.split(in_proj_weight, 3)
    b_q, b_k, b_v = np.split(in_proj_bias, 3)

    def heads(x: np.ndarray) -> np.ndarray:  # (N, L, E) -> (N, heads, L, E / heads)
        n, length, _ = x.shape
        return x.reshape(n, length, num_heads, embed // num_heads).transpose(0, 2, 1, 3)

    out, weights = scaled_dot_product_attention(
        heads(query @ w_q.T + b_q), heads(key @ w_k.T + b_k), heads(value @ w_v.T + b_v), mask
    )
    n, _, length, _ = out.shape
    merged = out.transpose(0, 2, 1, 3).reshape(n, length, embed)
    return merged @ out_proj_weight.T + out_proj_bias, weights.mean(axis=1)


def _bias(b: np.ndarray | None, name: str, size: int, dtype: np.dtype) -> np.ndarray:
    """A bias of ``size`` entries; ``None`` is no bias (zeros), as ``bias=False`` in torch."""
    return np.zeros(size, dtype) if b is None else as_float_array_of_shape(b, name, (size,))


def positional_encoding(length: int, d_model: int) -> np.ndarray:
    """The sinusoidal positional encoding of Vaswani et al. (2017), shape ``(length, d_model)``.

    ``PE[p, 2i] = sin(p / 10000^(2i/d))`` and ``PE[p, 2i+1] = cos(p / 10000^(2i/d))``: each pair of
    features is a clock turning at its own speed, so every position gets a distinct pattern and a
    shift by ``k`` positions is the same rotation at every position.
    """
    length = check_positive_int(length, "length")
    d_model = check_positive_int(d_model, "d_model")
    if d_model % 2:
        raise ValueError(f"d_model must be even (sine and cosine pairs), got {d_model}")
    positions = np.arange(length)[:, None]
    frequencies = 1.0 / 10000 ** (np.arange(0, d_model, 2) / d_model)
    pe = np.empty((length, d_model))
    pe[:, 0::2] = np.sin(positions * frequencies)
    pe[:, 1::2] = np.cos(positions * frequencies)
    return pe
