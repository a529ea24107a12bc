import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlcourse.scratch import activations as act

finite = arrays(np.float64, st.integers(1, 50), elements=st.floats(-50, 50))

PAIRS = [
    (act.relu, act.relu_grad, torch.relu),
    (act.sigmoid, act.sigmoid_grad, torch.sigmoid),
    (act.tanh, act.tanh_grad, torch.tanh),
]


@pytest.mark.parametrize(("fn", "grad", "torch_fn"), PAIRS, ids=["relu", "sigmoid", "tanh"])
@given(z=finite)
def test_activation_and_its_derivative_match_torch_autograd(fn, grad, torch_fn, z):
    zt = torch.tensor(z, requires_grad=True)
    out = torch_fn(zt)
    out.sum().backward()
    np.testing.assert_allclose(fn(z), out.detach().numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grad(z), zt.grad.numpy(), rtol=1e-10, atol=1e-15)


def test_sigmoid_is_stable_for_huge_inputs():
    z = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = act.sigmoid(z)
    np.testing.assert_allclose(s, torch.sigmoid(torch.tensor(z)).numpy(), rtol=1e-12)
    assert s[0] == 0.0 and s[-1] == 1.0


def test_step_is_one_only_for_positive_inputs():
    np.testing.assert_array_equal(act.step(np.array([-1.0, 0.0, 1e-9, 3.0])), [0, 0, 1, 1])


def test_activations_keep_float32():
    assert act.relu(np.ones(3, dtype=np.float32)).dtype == np.float32


def test_integer_input_is_computed_in_floating_point():
    np.testing.assert_allclose(act.sigmoid(np.array([0, 1])), [0.5, 1 / (1 + np.exp(-1))])


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (None, TypeError, "got None"),
        ("abc", TypeError, "must hold numbers"),
        (np.array([]), ValueError, "must not be empty"),
        (torch.ones(2), TypeError, "torch.Tensor"),
    ],
)
def test_bad_input_gets_a_clear_error(bad, error, message):
    with pytest.raises(error, match=message):
        act.relu(bad)


def test_unknown_activation_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="expected one of"):
        act.get_activation("swish")


@given(z=finite)
def test_leaky_relu_and_gelu_match_torch_autograd(z):
    for fn, grad, torch_fn in [
        (act.leaky_relu, act.leaky_relu_grad, torch.nn.functional.leaky_relu),
        (act.gelu, act.gelu_grad, torch.nn.functional.gelu),
    ]:
        zt = torch.tensor(z, requires_grad=True)
        out = torch_fn(zt)
        out.sum().backward()
        np.testing.assert_allclose(fn(z), out.detach().numpy(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(grad(z), zt.grad.numpy(), rtol=1e-10, atol=1e-14)


logits = arrays(
    np.float64,
    st.tuples(st.integers(1, 6), st.integers(1, 6)),
    elements=st.floats(-1e4, 1e4),
)


@given(z=logits, axis=st.sampled_from([0, 1, -1]))
def test_softmax_and_log_softmax_match_torch_even_for_huge_logits(z, axis):
    zt = torch.tensor(z)
    s = act.softmax(z, axis=axis)
    np.testing.assert_allclose(s, torch.softmax(zt, dim=axis).numpy(), rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(
        act.log_softmax(z, axis=axis),
        torch.log_softmax(zt, dim=axis).numpy(),
        rtol=1e-10,
        atol=1e-9,
    )
    np.testing.assert_allclose(s.sum(axis=axis), 1.0, rtol=1e-12)
