import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcourse.models import TransformerEncoderModel
from dlcourse.models.transformer import sinusoidal_encoding
from dlcourse.scratch.attention import (
    multi_head_attention,
    positional_encoding,
    scaled_dot_product_attention,
)


@settings(max_examples=40, deadline=None)
@given(
    batch=st.integers(1, 3),
    heads=st.integers(1, 3),
    L=st.integers(1, 6),
    S=st.integers(1, 6),
    d=st.integers(1, 5),
    dv=st.integers(1, 5),
    masked=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_attention_matches_torch(batch, heads, L, S, d, dv, masked, seed):
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((batch, heads, L, d))
    k = rng.standard_normal((batch, heads, S, d))
    v = rng.standard_normal((batch, heads, S, dv))
    mask = None
    if masked:
        mask = rng.random((L, S)) < 0.6
        mask[:, 0] = True  # every query keeps at least one key
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    t = [torch.tensor(a) for a in (q, k, v)]
    expected = F.scaled_dot_product_attention(
        *t, attn_mask=None if mask is None else torch.tensor(mask)
    )
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0)


def test_causal_attention_matches_torch_and_ignores_the_future():
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal((2, 5, 4)) for _ in range(3))
    out, weights = scaled_dot_product_attention(q, k, v, causal=True)
    expected = F.scaled_dot_product_attention(*(torch.tensor(a) for a in (q, k, v)), is_causal=True)
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-10, atol=1e-12)
    assert np.all(np.triu(weights[0], 1) == 0)
    v2 = v.copy()
    v2[:, -1] += 100.0  # changing the last value must not change earlier outputs
    np.testing.assert_allclose(
        scaled_dot_product_attention(q, k, v2, causal=True)[0][:, :-1], out[:, :-1]
    )


@pytest.mark.parametrize("heads", [1, 2, 4])
def test_multi_head_attention_matches_nn_multiheadattention(heads):
    torch.manual_seed(heads)
    mha = torch.nn.MultiheadAttention(8, heads, batch_first=True).double()
    rng = np.random.default_rng(heads)
    query, key = rng.standard_normal((3, 5, 8)), rng.standard_normal((3, 7, 8))
    value = rng.standard_normal((3, 7, 8))
    params = [
        p.detach().numpy()
        for p in (mha.in_proj_weight, mha.in_proj_bias, mha.out_proj.weight, mha.out_proj.bias)
    ]
    out, weights = multi_head_attention(query, key, value, *params, num_heads=heads)
    expected, expected_w = mha(*(torch.tensor(a) for a in (query, key, value)))
    np.testing.assert_allclose(out, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(weights, expected_w.detach().numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("heads", [1, 2, 4])
def test_none_biases_match_nn_multiheadattention_without_bias(heads):
    torch.manual_seed(heads)
    mha = torch.nn.MultiheadAttention(8, heads, bias=False, batch_first=True).double()
    assert mha.in_proj_bias is None and mha.out_proj.bias is None  # what torch stores
    rng = np.random.default_rng(heads)
    query, key = rng.standard_normal((3, 5, 8)), rng.standard_normal((3, 7, 8))
    value = rng.standard_normal((3, 7, 8))
    weights = mha.in_proj_weight.detach().numpy(), mha.out_proj.weight.detach().numpy()
    out, attn = multi_head_attention(query, key, value, weights[0], None, weights[1], None, heads)
    expected, expected_w = mha(*(torch.tensor(a) for a in (query, key, value)))
    np.testing.assert_allclose(out, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(attn, expected_w.detach().numpy(), rtol=1e-10, atol=1e-12)
    # One bias None and the other given: None is the same as zeros.
    w_in, w_out, b_out = weights[0], weights[1], rng.standard_normal(8)
    no_bias, _ = multi_head_attention(query, key, value, w_in, None, w_out, b_out, heads)
    zeros, _ = multi_head_attention(query, key, value, w_in, np.zeros(24), w_out, b_out, heads)
    np.testing.assert_array_equal(no_bias, zeros)


def _mha_call(**changes):
    rng = np.random.default_rng(0)
    args = {
        "query": rng.standard_normal((3, 5, 8)),
        "key": rng.standard_normal((3, 7, 8)),
        "value": rng.standard_normal((3, 7, 8)),
        "in_proj_weight": rng.standard_normal((24, 8)),
        "in_proj_bias": rng.standard_normal(24),
        "out_proj_weight": rng.standard_normal((8, 8)),
        "out_proj_bias": rng.standard_normal(8),
        "num_heads": 2,
    }
    return multi_head_attention(**(args | changes))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"key": np.ones((2, 7, 8))}, r"key must have shape \(3, S, 8\) like query .* \(2, 7, 8\)"),
        ({"key": np.ones((3, 7, 6))}, r"key must have shape \(3, S, 8\) .*got \(3, 7, 6\)"),
        ({"value": np.ones((3, 6, 8))}, r"value must have shape \(3, 7, 8\) like key, got \(3, 6"),
        ({"value": np.ones((2, 7, 8))}, r"value must have shape \(3, 7, 8\) .*got \(2, 7, 8\)"),
        ({"value": np.ones((3, 7))}, r"value must have shape \(3, 7, 8\) .*got \(3, 7\)"),
        ({"in_proj_weight": np.ones((16, 8))}, r"in_proj_weight .* \(24, 8\), got \(16, 8\)"),
        ({"in_proj_bias": np.ones(16)}, r"in_proj_bias must have shape \(24,\), got \(16,\)"),
        ({"out_proj_weight": np.ones((8, 4))}, r"out_proj_weight .* \(8, 8\), got \(8, 4\)"),
        ({"out_proj_bias": np.ones((1, 8))}, r"out_proj_bias .* \(8,\), got \(1, 8\)"),
        ({"in_proj_weight": [[1.0]]}, r"in_proj_weight must have shape \(24, 8\), got \(1, 1\)"),
    ],
)
def test_multi_head_attention_names_the_argument_and_the_shapes_that_disagree(changes, message):
    with pytest.raises(ValueError, match=message) as info:
        _mha_call(**changes)
    assert "\n" not in str(info.value)


def test_positional_encoding_formula_and_shift_property():
    pe = positional_encoding(50, 16)
    np.testing.assert_allclose(pe[0], np.tile([0.0, 1.0], 8))
    assert pe[7, 2] == pytest.approx(np.sin(7 / 10000 ** (2 / 16)))
    # A shift by k positions is one fixed linear map for every position: PE[p + k] = PE[p] @ M_k.
    M, *_ = np.linalg.lstsq(pe[:40], pe[3:43], rcond=None)
    np.testing.assert_allclose(pe[10:40] @ M, pe[13:43], atol=1e-8)
    np.testing.assert_allclose(sinusoidal_encoding(50, 16).numpy(), pe, atol=1e-5)
    with pytest.raises(ValueError, match="d_model must be even"):
        positional_encoding(5, 3)


def test_attention_errors_are_clear():
    q = np.ones((2, 3, 4))
    with pytest.raises(ValueError, match="the same feature size"):
        scaled_dot_product_attention(q, np.ones((2, 3, 5)), np.ones((2, 3, 4)))
    with pytest.raises(ValueError, match="no key to attend to"):
        scaled_dot_product_attention(q, q, q, mask=np.zeros((3, 3), dtype=bool))
    with pytest.raises(TypeError, match="mask must be boolean"):
        scaled_dot_product_attention(q, q, q, mask=np.ones((3, 3)))
    with pytest.raises(ValueError, match="does not broadcast"):
        scaled_dot_product_attention(q, q, q, mask=np.ones((2, 2), dtype=bool))
    with pytest.raises(ValueError, match="divisible by num_heads"):
        multi_head_attention(q, q, q, np.ones((12, 4)), np.ones(12), np.ones((4, 4)), np.ones(4), 3)


def test_transformer_model_shapes_weights_and_errors():
    torch.manual_seed(0)
    model = TransformerEncoderModel(2, 1, d_model=16, num_heads=2, num_layers=2)
    x = torch.randn(4, 9, 2)
    out = model(x)
    assert out.shape == (4, 1)
    weights = model.attention_weights(x)
    assert len(weights) == 2 and weights[0].shape == (4, 9, 9)
    torch.testing.assert_close(weights[0].sum(-1), torch.ones(4, 9))
    # the first block's weights are those of its attention layer on the embedded, normalised input
    first = model.blocks[0]
    h = first.norm1(model.embed(x) + model.positions[:9])
    _, expected = first.attention(h, h, h, need_weights=True)
    torch.testing.assert_close(weights[0], expected)
    # asking for the weights does not change the output
    torch.testing.assert_close(model._run(x, need_weights=True)[0], out.detach())


def test_transformer_pool_last_reads_the_last_position():
    torch.manual_seed(0)
    model = TransformerEncoderModel(3, 2, d_model=8, num_heads=2, num_layers=1, pool="last")
    x = torch.randn(5, 6, 3)
    h = model.embed(x) + model.positions[:6]
    h, _ = model.blocks[0](h)
    torch.testing.assert_close(model(x), model.readout(model.norm(h[:, -1])))
    mean_model = TransformerEncoderModel(3, 2, d_model=8, num_heads=2, num_layers=1)
    mean_model.load_state_dict(model.state_dict())
    torch.testing.assert_close(mean_model(x), mean_model.readout(mean_model.norm(h.mean(1))))
    with pytest.raises(ValueError, match="pool must be 'mean' or 'last'"):
        TransformerEncoderModel(3, 2, pool="max")
    with pytest.raises(ValueError, match=r"x must have shape \(N, T, 3\)"):
        model(torch.randn(4, 9))
    with pytest.raises(ValueError, match="divisible by num_heads"):
        TransformerEncoderModel(2, 1, d_model=10, num_heads=4)
