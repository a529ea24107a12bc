import pytest
import torch
from torch import nn

from dlcourse.data import load_digits
from dlcourse.models import SmallCNN, count_parameters
from dlcourse.train import accuracy, train_full_batch


def test_small_cnn_shapes_and_parameter_count():
    model = SmallCNN()
    assert model(torch.zeros(5, 1, 8, 8)).shape == (5, 10)
    assert model(torch.zeros(5, 64)).shape == (5, 10)
    expected = (1 * 16 * 9 + 16) + (16 * 32 * 9 + 32) + (32 * 16 * 10 + 10)
    assert count_parameters(model) == expected


def test_small_cnn_learns_the_digits():
    X, y = load_digits()
    torch.manual_seed(0)
    model = SmallCNN()
    train_full_batch(model, X[:1000], y[:1000], nn.CrossEntropyLoss(), epochs=60, lr=0.01)
    assert accuracy(model, X[1000:], y[1000:]) > 0.9


def test_small_cnn_rejects_wrong_shapes():
    with pytest.raises(ValueError, match=r"\(N, 1, 8, 8\) or \(N, 64\)"):
        SmallCNN()(torch.zeros(2, 3, 8, 8))
