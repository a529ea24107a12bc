import numpy as np
import pytest
import torch

from dlcourse.data import make_adding_problem, make_seasonal_series, make_windows
from dlcourse.interpret import saliency_map
from dlcourse.models import SequenceModel


def test_adding_problem_marks_one_number_in_each_half_and_sums_them():
    X, y = make_adding_problem(n=500, length=20, seed=3)
    assert X.shape == (500, 20, 2) and X.dtype == np.float32 and y.shape == (500,)
    markers = X[:, :, 1]
    np.testing.assert_array_equal(markers.sum(axis=1), 2)
    np.testing.assert_array_equal(markers[:, :10].sum(axis=1), 1)
    np.testing.assert_allclose(y, (X[:, :, 0] * markers).sum(axis=1), rtol=1e-6)
    # Predicting the mean gives an error near the variance of a sum of two uniforms, 1/6.
    assert np.mean((y - 1.0) ** 2) == pytest.approx(1 / 6, abs=0.02)
    np.testing.assert_array_equal(
        make_adding_problem(5, 8, seed=1)[0], make_adding_problem(5, 8, seed=1)[0]
    )
    with pytest.raises(ValueError, match="length must be >= 2"):
        make_adding_problem(5, 1)


def test_seasonal_series_has_its_trend_and_period():
    s = make_seasonal_series(length=2400, period=24, trend=0.01, noise=0.0)
    t = np.arange(2400)
    slope = np.polyfit(t, s, 1)[0]
    assert slope == pytest.approx(0.01, rel=0.01)
    detrended = s - 0.01 * t
    np.testing.assert_allclose(detrended[24:], detrended[:-24], atol=1e-4)
    with pytest.raises(ValueError, match="noise must be >= 0"):
        make_seasonal_series(noise=-1.0)


def test_windows_pair_each_window_with_the_value_horizon_steps_later():
    series = np.arange(10.0)
    X, y = make_windows(series, window=3, horizon=2)
    assert X.shape == (6, 3)
    np.testing.assert_array_equal(X[0], [0, 1, 2])
    np.testing.assert_array_equal(y, X[:, -1] + 2)
    with pytest.raises(ValueError, match="too few for a window of 9 and a horizon of 2"):
        make_windows(series, window=9, horizon=2)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_sequence_model_shapes_and_errors(cell):
    torch.manual_seed(0)
    model = SequenceModel(3, 8, 5, cell=cell)
    assert model(torch.randn(4, 7, 3)).shape == (4, 5)
    model.all_steps = True
    assert model(torch.randn(4, 7, 3)).shape == (4, 7, 5)
    with pytest.raises(ValueError, match=r"x must have shape \(N, T, 3\)"):
        model(torch.randn(4, 7))
    with pytest.raises(ValueError, match="cell must be one of"):
        SequenceModel(3, 8, 5, cell="transformer")


def test_sequence_model_reads_the_last_hidden_state():
    torch.manual_seed(0)
    model = SequenceModel(2, 4, 1, cell="gru")
    x = torch.randn(3, 6, 2)
    _, h_n = model.recurrent(x)
    torch.testing.assert_close(model(x), model.readout(h_n[-1]))


def test_saliency_of_a_linear_model_is_the_absolute_weight_row():
    # For scores = x @ W.T + b the gradient of class k's score is W[k], whatever x is.
    torch.manual_seed(0)
    model = torch.nn.Linear(6, 3)
    x = torch.randn(5, 6)
    target = torch.tensor([0, 1, 2, 1, 0])
    expected = model.weight.detach().abs()[target]
    torch.testing.assert_close(saliency_map(model, x, target), expected)
    assert model.weight.grad is not None  # it is a real backward pass
    predicted = model(x).argmax(1)
    torch.testing.assert_close(saliency_map(model, x), model.weight.detach().abs()[predicted])


def test_saliency_restores_training_mode_and_checks_its_input():
    model = torch.nn.Sequential(torch.nn.Linear(4, 2), torch.nn.Dropout(0.5))
    model.train()
    saliency_map(model, torch.randn(2, 4))
    assert model.training
    with pytest.raises(TypeError, match="floating-point"):
        saliency_map(model, torch.ones(2, 4, dtype=torch.long))
    with pytest.raises(ValueError, match=r"target classes must be in \[0, 1\]"):
        saliency_map(model, torch.randn(2, 4), torch.tensor([0, 2]))
