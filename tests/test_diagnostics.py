import pytest
import torch
from torch import nn

from dlcourse.diagnostics import layer_gradient_norms
from dlcourse.models import MLP


def test_layer_gradient_norms_equal_the_norms_autograd_stores():
    torch.manual_seed(0)
    model = MLP([3, 4, 4, 2], activation="tanh")
    x = torch.randn(8, 3)
    norms = layer_gradient_norms(model, model(x).pow(2).sum())
    reference = MLP([3, 4, 4, 2], activation="tanh")
    reference.load_state_dict(model.state_dict())
    reference(x).pow(2).sum().backward()
    expected = [float(layer.weight.grad.norm()) for layer in reference.linears]
    assert norms == pytest.approx(expected, rel=1e-6)


def test_layer_gradient_norms_do_not_accumulate_across_calls():
    model = MLP([2, 3, 1])
    x = torch.ones(4, 2)
    first = layer_gradient_norms(model, model(x).sum())
    second = layer_gradient_norms(model, model(x).sum())
    assert first == pytest.approx(second)


def test_sigmoid_gradients_vanish_towards_the_input_of_a_deep_network():
    torch.manual_seed(0)
    model = MLP([32] * 21, activation="sigmoid")
    norms = layer_gradient_norms(model, model(torch.randn(64, 32)).sum())
    assert norms[0] < 1e-6 * norms[-1]


def test_layer_gradient_norms_reject_bad_arguments():
    with pytest.raises(ValueError, match="scalar"):
        layer_gradient_norms(MLP([2, 1]), torch.ones(3))
    with pytest.raises(ValueError, match="no nn.Linear"):
        layer_gradient_norms(nn.ReLU(), torch.ones(()))
    with pytest.raises(TypeError, match="torch.nn.Module"):
        layer_gradient_norms("model", torch.ones(()))
