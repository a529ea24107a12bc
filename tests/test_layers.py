import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcourse.scratch.layers import linear_backward, linear_forward


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 8), d=st.integers(1, 8), m=st.integers(1, 8), seed=st.integers(0, 2**16))
def test_linear_forward_and_backward_match_torch(n, d, m, seed):
    rng = np.random.default_rng(seed)
    x, w, b = rng.standard_normal((n, d)), rng.standard_normal((d, m)), rng.standard_normal(m)
    dout = rng.standard_normal((n, m))

    out, cache = linear_forward(x, w, b)
    dx, dw, db = linear_backward(dout, cache)

    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    # nn.functional.linear takes the weight as (out, in): the transpose of ours.
    out_t = torch.nn.functional.linear(xt, wt.T, bt)
    out_t.backward(torch.tensor(dout))
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dw, wt.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(db, bt.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_linear_forward_names_the_mismatched_shapes():
    with pytest.raises(ValueError, match=r"x has 3 features per row but w expects 4"):
        linear_forward(np.ones((2, 3)), np.ones((4, 5)), np.ones(5))
    with pytest.raises(ValueError, match=r"b must have shape \(5,\)"):
        linear_forward(np.ones((2, 4)), np.ones((4, 5)), np.ones(4))
    with pytest.raises(ValueError, match="must have 2 dimensions"):
        linear_forward(np.ones(4), np.ones((4, 5)), np.ones(5))


def test_linear_backward_rejects_a_gradient_of_the_wrong_shape():
    _, cache = linear_forward(np.ones((2, 3)), np.ones((3, 4)), np.ones(4))
    with pytest.raises(
        ValueError, match=r"dout must have the shape of the layer's output \(2, 4\)"
    ):
        linear_backward(np.ones((4, 2)), cache)
