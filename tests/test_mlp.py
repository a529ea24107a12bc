import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcourse.models import MLP, count_parameters
from dlcourse.scratch.mlp import (
    count_params,
    init_mlp_params,
    mlp_forward,
    mlp_loss_and_grads,
    params_from_torch,
)

sizes_strategy = st.lists(st.integers(1, 12), min_size=2, max_size=5)


@settings(max_examples=30, deadline=None)
@given(
    sizes=sizes_strategy,
    activation=st.sampled_from(["relu", "tanh", "sigmoid"]),
    seed=st.integers(0, 2**16),
)
def test_numpy_forward_equals_torch_mlp_with_the_same_weights(sizes, activation, seed):
    torch.manual_seed(seed)
    model = MLP(sizes, activation=activation).double()
    x = np.random.default_rng(seed).standard_normal((6, sizes[0]))
    got = mlp_forward(x, params_from_torch(model.linears), activation=activation)
    with torch.no_grad():
        expected = model(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@given(sizes=sizes_strategy)
def test_parameter_counts_agree_between_numpy_and_torch(sizes):
    params = init_mlp_params(sizes, np.random.default_rng(0))
    assert count_params(params) == count_parameters(MLP(sizes))


def test_init_uses_the_nn_linear_range():
    params = init_mlp_params([400, 300, 1], np.random.default_rng(0))
    w = params[0][0]
    assert w.shape == (400, 300)
    assert np.abs(w).max() <= 1 / np.sqrt(400)
    assert np.abs(w).max() > 0.95 / np.sqrt(400)  # the range is used, not a narrower one


def test_mlp_module_layers_and_output_shape():
    model = MLP([3, 5, 2], activation="tanh")
    assert [type(m).__name__ for m in model.net] == ["Linear", "Tanh", "Linear"]
    assert model(torch.zeros(4, 3)).shape == (4, 2)


def test_count_parameters_can_skip_frozen_parameters():
    model = MLP([2, 3, 1])
    model.linears[0].weight.requires_grad_(False)
    assert count_parameters(model) == 13 - 6
    assert count_parameters(model, trainable_only=False) == 13


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: MLP([3]), ValueError, "needs an input and an output size"),
        (lambda: MLP([3, 0, 1]), ValueError, r"sizes\[1\] must be >= 1"),
        (lambda: MLP("32"), TypeError, "sequence of ints"),
        (lambda: MLP([2, 1], activation="swish"), ValueError, "unknown activation"),
        (lambda: MLP([2, 1])(torch.zeros(4, 3)), ValueError, r"shape \(N, 2\), got \(4, 3\)"),
        (lambda: MLP([2, 1])(np.zeros((4, 2))), TypeError, "torch.Tensor"),
        (lambda: mlp_forward(np.ones((2, 2)), []), ValueError, "at least one"),
        (lambda: init_mlp_params([2, 1], 0), TypeError, "numpy.random.Generator"),
        (lambda: count_parameters([1, 2]), TypeError, "torch.nn.Module"),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 8), min_size=2, max_size=4).map(lambda s: [*s, 3]),
    activation=st.sampled_from(["relu", "tanh", "sigmoid", "gelu", "leaky_relu"]),
    seed=st.integers(0, 2**16),
)
def test_mlp_backprop_matches_torch_autograd(sizes, activation, seed):
    torch.manual_seed(seed)
    model = MLP(sizes, activation=activation).double()
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((5, sizes[0]))
    labels = rng.integers(0, 3, size=5)
    loss, grads = mlp_loss_and_grads(x, labels, params_from_torch(model.linears), activation)
    loss_t = torch.nn.functional.cross_entropy(model(torch.from_numpy(x)), torch.from_numpy(labels))
    loss_t.backward()
    assert loss == pytest.approx(loss_t.item(), rel=1e-12)
    for (dw, db), layer in zip(grads, model.linears, strict=True):
        np.testing.assert_allclose(dw, layer.weight.grad.numpy().T, rtol=1e-9, atol=1e-14)
        np.testing.assert_allclose(db, layer.bias.grad.numpy(), rtol=1e-9, atol=1e-14)


def test_mlp_backprop_passes_a_numerical_gradient_check():
    from dlcourse.gradcheck import numerical_gradient, rel_error

    rng = np.random.default_rng(1)
    params = init_mlp_params([4, 6, 3], rng)
    x, labels = rng.standard_normal((7, 4)), rng.integers(0, 3, size=7)
    _, grads = mlp_loss_and_grads(x, labels, params, "tanh")
    for (w, b), (dw, db) in zip(params, grads, strict=True):
        for array, analytic in ((w, dw), (b, db)):
            numeric = numerical_gradient(
                lambda _: mlp_loss_and_grads(x, labels, params, "tanh")[0], array
            )
            assert rel_error(analytic, numeric) < 1e-6
