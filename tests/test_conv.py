import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcourse.scratch.conv import (
    col2im,
    conv2d_backward,
    conv2d_forward,
    conv_output_size,
    im2col,
    maxpool2d_backward,
    maxpool2d_forward,
)


@st.composite
def conv_case(draw):
    k = draw(st.integers(1, 4))
    padding = draw(st.integers(0, 2))
    stride = draw(st.integers(1, 3))
    h = draw(st.integers(max(1, k - 2 * padding), 9))
    w = draw(st.integers(max(1, k - 2 * padding), 9))
    kw = draw(st.integers(1, min(4, w + 2 * padding)))
    return dict(
        n=draw(st.integers(1, 3)),
        c=draw(st.integers(1, 3)),
        f=draw(st.integers(1, 4)),
        h=h,
        w=w,
        kh=k,
        kw=kw,
        stride=stride,
        padding=padding,
        seed=draw(st.integers(0, 2**16)),
    )


@settings(max_examples=60, deadline=None)
@given(case=conv_case())
def test_conv2d_forward_and_backward_match_torch(case):
    rng = np.random.default_rng(case["seed"])
    x = rng.standard_normal((case["n"], case["c"], case["h"], case["w"]))
    w = rng.standard_normal((case["f"], case["c"], case["kh"], case["kw"]))
    b = rng.standard_normal(case["f"])
    out, cache = conv2d_forward(x, w, b, stride=case["stride"], padding=case["padding"])
    dout = rng.standard_normal(out.shape)
    dx, dw, db = conv2d_backward(dout, cache)

    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    out_t = F.conv2d(xt, wt, bt, stride=case["stride"], padding=case["padding"])
    out_t.backward(torch.tensor(dout))
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(dw, wt.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(db, bt.grad.numpy(), rtol=1e-10, atol=1e-10)


def test_conv2d_float32_matches_torch_and_keeps_its_dtype():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 3, 16, 16)).astype(np.float32)
    w = rng.standard_normal((8, 3, 3, 3)).astype(np.float32)
    out, _ = conv2d_forward(x, w, None, padding=1)
    assert out.dtype == np.float32
    expected = F.conv2d(torch.tensor(x), torch.tensor(w), padding=1).numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


def test_im2col_and_col2im_are_adjoint():
    # <im2col(x), y> == <x, col2im(y)> for every x, y: the defining property of the backward pass.
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 3, 7, 6))
    cols = im2col(x, 3, 2, stride=2, padding=1)
    y = rng.standard_normal(cols.shape)
    lhs = np.sum(cols * y)
    rhs = np.sum(x * col2im(y, x.shape, 3, 2, stride=2, padding=1))
    assert lhs == pytest.approx(rhs, rel=1e-12)


def test_im2col_row_is_the_patch_under_the_filter():
    x = np.arange(2 * 4 * 5, dtype=float).reshape(1, 2, 4, 5)
    cols = im2col(x, 2, 3, stride=1, padding=0)
    assert cols.shape == (3 * 3, 2 * 2 * 3)
    # Output pixel (1, 2) sees rows 1..2, columns 2..4 of both channels.
    np.testing.assert_array_equal(cols[1 * 3 + 2], x[0, :, 1:3, 2:5].ravel())


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 3),
    c=st.integers(1, 3),
    h=st.integers(2, 9),
    w=st.integers(2, 9),
    k=st.integers(1, 3),
    stride=st.one_of(st.none(), st.integers(1, 3)),
    pad=st.integers(0, 1),
    seed=st.integers(0, 2**16),
    ties=st.booleans(),
)
def test_maxpool2d_matches_torch_including_ties_and_overlap(n, c, h, w, k, stride, pad, seed, ties):
    pad = min(pad, k // 2)
    if min(h, w) + 2 * pad < k:
        return
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c, h, w))
    if ties:
        x = np.round(x)  # many equal values in a window
    out, cache = maxpool2d_forward(x, k, stride, pad)
    dout = rng.standard_normal(out.shape)
    dx = maxpool2d_backward(dout, cache)

    xt = torch.tensor(x, requires_grad=True)
    out_t = F.max_pool2d(xt, k, stride, pad)
    out_t.backward(torch.tensor(dout))
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=0, atol=0)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_conv_output_size_formula_and_errors():
    assert conv_output_size(8, 3, 1, 1) == 8
    assert conv_output_size(8, 2, 2, 0) == 4
    assert conv_output_size(7, 3, 2, 0) == 3
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv_output_size(2, 5)
    with pytest.raises(ValueError, match="stride must be >= 1"):
        conv_output_size(8, 3, 0)


def test_conv2d_names_the_mismatch():
    x = np.ones((2, 3, 5, 5))
    with pytest.raises(ValueError, match=r"x has 3 channels but the filters"):
        conv2d_forward(x, np.ones((4, 2, 3, 3)))
    with pytest.raises(ValueError, match=r"shape \(N, C, H, W\).*x\[:, None\]"):
        conv2d_forward(np.ones((5, 5)), np.ones((4, 1, 3, 3)))
    with pytest.raises(ValueError, match=r"b must have shape \(4,\)"):
        conv2d_forward(x, np.ones((4, 3, 3, 3)), np.ones(3))
    with pytest.raises(TypeError, match="got a torch.Tensor"):
        conv2d_forward(torch.ones(2, 3, 5, 5), np.ones((4, 3, 3, 3)))
    _, cache = conv2d_forward(x, np.ones((4, 3, 3, 3)))
    with pytest.raises(ValueError, match=r"dout must have the output's shape \(2, 4, 3, 3\)"):
        conv2d_backward(np.ones((2, 4, 5, 5)), cache)


def test_maxpool2d_names_bad_arguments():
    with pytest.raises(ValueError, match="padding must be at most half the kernel size"):
        maxpool2d_forward(np.ones((1, 1, 4, 4)), 2, padding=2)
    with pytest.raises(TypeError, match="kernel_size must be an int"):
        maxpool2d_forward(np.ones((1, 1, 4, 4)), 2.0)
