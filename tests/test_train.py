import numpy as np
import pytest
import torch
from sklearn.linear_model import LogisticRegression
from torch import nn

from dlcourse.data import make_moons
from dlcourse.models import MLP
from dlcourse.train import TrainingDiverged, accuracy, train_full_batch


def test_full_batch_sgd_equals_the_hand_written_loop():
    X, y = make_moons(n=64, seed=0)
    torch.manual_seed(0)
    model = MLP([2, 5, 1], activation="tanh")
    reference = MLP([2, 5, 1], activation="tanh")
    reference.load_state_dict(model.state_dict())
    losses = train_full_batch(
        model, X, y, nn.BCEWithLogitsLoss(), epochs=20, lr=0.1, optimizer="sgd"
    )

    opt = torch.optim.SGD(reference.parameters(), lr=0.1)
    X_t, y_t = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)[:, None]
    expected = []
    for _ in range(20):
        opt.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(reference(X_t), y_t)
        loss.backward()
        opt.step()
        expected.append(loss.item())
    assert losses == pytest.approx(expected, rel=1e-6)


def test_training_a_linear_model_reaches_logistic_regressions_accuracy():
    X, y = make_moons(n=400, noise=0.1, seed=1)
    torch.manual_seed(0)
    model = nn.Linear(2, 1)
    train_full_batch(model, X, y, nn.BCEWithLogitsLoss(), epochs=500, lr=0.05)
    reference = LogisticRegression(C=1e6).fit(X, y).score(X, y)
    assert accuracy(model, X, y) >= reference - 0.01


def test_multiclass_accuracy_uses_the_largest_score():
    model = nn.Linear(2, 3, bias=False)
    with torch.no_grad():
        model.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]))
    X = np.array([[2.0, 0.0], [0.0, 2.0], [-1.0, -1.0], [1.0, 0.0]])
    assert accuracy(model, X, np.array([0, 1, 2, 1])) == 0.75


def test_a_diverging_run_stops_and_names_the_step():
    model = nn.Linear(1, 1)
    X = np.array([[1.0], [np.nan]])
    with pytest.raises(TrainingDiverged, match="at step 1; try a smaller learning rate"):
        train_full_batch(model, X, np.array([0.0, 1.0]), nn.MSELoss(), epochs=3)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"epochs": 0}, ValueError, "epochs must be >= 1"),
        ({"lr": -1.0}, ValueError, "lr must be a positive number"),
        ({"optimizer": "lbfgs"}, ValueError, "optimizer must be one of"),
    ],
)
def test_bad_arguments_get_a_clear_error(kwargs, error, message):
    with pytest.raises(error, match=message):
        train_full_batch(nn.Linear(2, 1), np.ones((3, 2)), np.ones(3), nn.MSELoss(), **kwargs)


def test_mismatched_lengths_are_reported():
    with pytest.raises(ValueError, match="same length, got 3 and 2"):
        train_full_batch(nn.Linear(2, 1), np.ones((3, 2)), np.ones(2), nn.MSELoss())
