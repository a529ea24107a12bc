import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlcourse.scratch import losses as L

F = torch.nn.functional
shapes = st.tuples(st.integers(1, 6), st.integers(1, 5))


def autograd(torch_loss, pred, *rest):
    """Value and gradient of a torch loss with respect to its first argument."""
    pred_t = torch.tensor(pred, requires_grad=True)
    value = torch_loss(pred_t, *(torch.as_tensor(r) for r in rest))
    value.backward()
    return value.item(), pred_t.grad.numpy()


@settings(max_examples=40, deadline=None)
@given(data=st.data(), shape=shapes)
def test_regression_losses_and_gradients_match_torch(data, shape):
    values = st.floats(-100, 100)
    pred = data.draw(arrays(np.float64, shape, elements=values))
    target = data.draw(arrays(np.float64, shape, elements=values))
    delta = data.draw(st.floats(0.1, 5))
    cases = [
        (L.mse, L.mse_grad, F.mse_loss, {}),
        (L.mae, L.mae_grad, F.l1_loss, {}),
        (L.huber, L.huber_grad, F.huber_loss, {"delta": delta}),
    ]
    for loss, grad, torch_loss, kw in cases:
        value, expected_grad = autograd(
            lambda p, t, f=torch_loss, kw=kw: f(p, t, **kw), pred, target
        )
        assert loss(pred, target, **kw) == pytest.approx(value, rel=1e-10, abs=1e-12)
        np.testing.assert_allclose(grad(pred, target, **kw), expected_grad, rtol=1e-10, atol=1e-14)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), shape=shapes)
def test_bce_with_logits_matches_torch_for_any_logits(data, shape):
    logits = data.draw(arrays(np.float64, shape, elements=st.floats(-1e4, 1e4)))
    target = data.draw(arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0, 0.3])))
    value, expected_grad = autograd(F.binary_cross_entropy_with_logits, logits, target)
    assert L.bce_with_logits(logits, target) == pytest.approx(value, rel=1e-10, abs=1e-12)
    np.testing.assert_allclose(
        L.bce_with_logits_grad(logits, target), expected_grad, rtol=1e-9, atol=1e-15
    )


@given(
    prob=arrays(np.float64, 8, elements=st.floats(1e-6, 1 - 1e-6)),
    target=arrays(np.float64, 8, elements=st.sampled_from([0.0, 1.0])),
)
def test_binary_cross_entropy_of_probabilities_matches_torch(prob, target):
    expected = F.binary_cross_entropy(torch.tensor(prob), torch.tensor(target)).item()
    assert L.binary_cross_entropy(prob, target) == pytest.approx(expected, rel=1e-9)


def test_binary_cross_entropy_of_a_certain_wrong_answer_is_large_but_finite():
    assert 27 < L.binary_cross_entropy(np.array([0.0]), np.array([1.0])) < 28  # -log(1e-12)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 8), c=st.integers(2, 12), seed=st.integers(0, 2**16), scale=st.floats(0.1, 1e3)
)
def test_cross_entropy_and_gradient_match_torch(n, c, seed, scale):
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, scale, size=(n, c))
    labels = rng.integers(0, c, size=n)
    value, expected_grad = autograd(F.cross_entropy, logits, labels)
    assert L.cross_entropy(logits, labels) == pytest.approx(value, rel=1e-10, abs=1e-12)
    np.testing.assert_allclose(
        L.cross_entropy_grad(logits, labels), expected_grad, rtol=1e-9, atol=1e-15
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: L.mse(np.ones(3), np.ones(4)), ValueError, r"same shape, got \(3,\) and \(4,\)"),
        (lambda: L.huber(np.ones(2), np.ones(2), delta=0), ValueError, "delta must be a positive"),
        (
            lambda: L.binary_cross_entropy(np.array([1.5]), np.array([1.0])),
            ValueError,
            "bce_with_logits",
        ),
        (lambda: L.bce_with_logits(np.ones(2), np.array([0.0, 2.0])), ValueError, r"in \[0, 1\]"),
        (lambda: L.cross_entropy(np.ones((2, 3)), np.array([0, 3])), ValueError, r"in \[0, 2\]"),
        (
            lambda: L.cross_entropy(np.ones((2, 3)), np.array([0.0, 1.0])),
            TypeError,
            "integer class",
        ),
        (lambda: L.cross_entropy(np.ones((2, 3)), np.array([0])), ValueError, r"shape \(2,\)"),
        (lambda: L.cross_entropy(np.ones(3), np.array([0])), ValueError, "2 dimensions"),
        (lambda: L.mse(None, np.ones(2)), TypeError, "pred must be an array, got None"),
        (lambda: L.mse(np.array([1.0, np.nan]), np.ones(2)), ValueError, "pred must be finite"),
        (lambda: L.bce_with_logits(np.ones(2), np.array([0.0, np.inf])), ValueError, "finite"),
        (
            lambda: L.cross_entropy(np.array([[np.nan, 1.0]]), np.array([0])),
            ValueError,
            "logits must be finite",
        ),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()
