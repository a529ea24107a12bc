import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcourse.scratch.rnn import lstm_backward, lstm_forward, rnn_backward, rnn_forward


def _torch_params(module):
    return [p.detach().numpy().astype(np.float64) for p in module.parameters()]


@settings(max_examples=30, deadline=None)
@given(
    t=st.integers(1, 7),
    n=st.integers(1, 4),
    d=st.integers(1, 5),
    h=st.integers(1, 6),
    seed=st.integers(0, 2**16),
    with_h0=st.booleans(),
)
def test_rnn_forward_and_bptt_match_torch(t, n, d, h, seed, with_h0):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    rnn = torch.nn.RNN(d, h).double()
    x = rng.standard_normal((t, n, d))
    h0 = rng.standard_normal((n, h)) if with_h0 else None
    dhs = rng.standard_normal((t, n, h))

    hs, cache = rnn_forward(x, h0, *_torch_params(rnn))
    grads = rnn_backward(dhs, cache)

    xt = torch.tensor(x, requires_grad=True)
    h0t = torch.tensor(h0 if with_h0 else np.zeros((n, h)), requires_grad=True)
    hs_t, _ = rnn(xt, h0t[None])
    hs_t.backward(torch.tensor(dhs))
    np.testing.assert_allclose(hs, hs_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grads["x"], xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(grads["h0"], h0t.grad.numpy(), rtol=1e-9, atol=1e-12)
    for name, p in zip(["w_ih", "w_hh", "b_ih", "b_hh"], rnn.parameters(), strict=True):
        np.testing.assert_allclose(grads[name], p.grad.numpy(), rtol=1e-9, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(
    t=st.integers(1, 7),
    n=st.integers(1, 4),
    d=st.integers(1, 5),
    h=st.integers(1, 6),
    seed=st.integers(0, 2**16),
    with_state=st.booleans(),
)
def test_lstm_forward_and_bptt_match_torch(t, n, d, h, seed, with_state):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    lstm = torch.nn.LSTM(d, h).double()
    x = rng.standard_normal((t, n, d))
    h0 = rng.standard_normal((n, h)) if with_state else np.zeros((n, h))
    c0 = rng.standard_normal((n, h)) if with_state else np.zeros((n, h))
    dhs = rng.standard_normal((t, n, h))
    dc_last = rng.standard_normal((n, h))

    (hs, cs), cache = lstm_forward(x, h0, c0, *_torch_params(lstm))
    grads = lstm_backward(dhs, cache, dc_last=dc_last)

    xt, h0t, c0t = (torch.tensor(a, requires_grad=True) for a in (x, h0, c0))
    hs_t, (h_n, c_n) = lstm(xt, (h0t[None], c0t[None]))
    torch.autograd.backward([hs_t, c_n[0]], [torch.tensor(dhs), torch.tensor(dc_last)])
    np.testing.assert_allclose(hs, hs_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(cs[-1], c_n[0].detach().numpy(), rtol=1e-10, atol=1e-12)
    for name, tensor in (("x", xt), ("h0", h0t), ("c0", c0t)):
        np.testing.assert_allclose(grads[name], tensor.grad.numpy(), rtol=1e-9, atol=1e-12)
    for name, p in zip(["w_ih", "w_hh", "b_ih", "b_hh"], lstm.parameters(), strict=True):
        np.testing.assert_allclose(grads[name], p.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_rnn_errors_name_the_expected_shapes():
    w_ih, w_hh, b = np.ones((4, 3)), np.ones((4, 4)), np.ones(4)
    with pytest.raises(ValueError, match=r"x must have shape \(T, N, D\)"):
        rnn_forward(np.ones((5, 3)), None, w_ih, w_hh, b, b)
    with pytest.raises(ValueError, match=r"w_ih must have shape \(4, 2\)"):
        rnn_forward(np.ones((5, 1, 2)), None, w_ih, w_hh, b, b)
    with pytest.raises(ValueError, match=r"h0 must have shape \(N, H\) = \(1, 4\)"):
        rnn_forward(np.ones((5, 1, 3)), np.ones((2, 4)), w_ih, w_hh, b, b)
    with pytest.raises(ValueError, match=r"w_hh must have shape \(4 \* H, H\)"):
        lstm_forward(np.ones((5, 1, 3)), None, None, w_ih, w_hh, b, b)
    _, cache = rnn_forward(np.ones((5, 1, 3)), None, w_ih, w_hh, b, b)
    with pytest.raises(ValueError, match="put zeros at the steps the loss does not use"):
        rnn_backward(np.ones((1, 4)), cache)


def test_rnn_backward_reports_the_total_gradient_at_every_hidden_state():
    # Independent reference: the total gradient at h_t is the gradient with respect to the
    # initial state of the same RNN restarted at step t + 1 from h_t, plus the direct part.
    rng = np.random.default_rng(5)
    torch.manual_seed(5)
    rnn = torch.nn.RNN(3, 4).double()
    x = rng.standard_normal((6, 2, 3))
    dhs = rng.standard_normal((6, 2, 4))
    hs, cache = rnn_forward(x, None, *_torch_params(rnn))
    total = rnn_backward(dhs, cache)["hs"]
    for t in range(5):
        h_t = torch.tensor(hs[t], requires_grad=True)
        rest, _ = rnn(torch.tensor(x[t + 1 :]), h_t[None])
        rest.backward(torch.tensor(dhs[t + 1 :]))
        np.testing.assert_allclose(total[t], h_t.grad.numpy() + dhs[t], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(total[5], dhs[5])
