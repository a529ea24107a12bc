"""The reusable training loop: fit, evaluate, early stopping, checkpoints, the NaN guard."""

import io
import math
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from dlcourse.data import load_digits
from dlcourse.models import MLP
from dlcourse.train import TrainingDiverged, evaluate, fit, load_checkpoint, save_checkpoint


def loaders(n_train=300, n_val=100, batch_size=32, seed=0):
    X, y = load_digits()
    X_t, y_t = torch.tensor(X, dtype=torch.float32), torch.tensor(y)
    train = TensorDataset(X_t[:n_train], y_t[:n_train])
    val = TensorDataset(X_t[n_train : n_train + n_val], y_t[n_train : n_train + n_val])
    g = torch.Generator().manual_seed(seed)
    return DataLoader(train, batch_size=batch_size, shuffle=True, generator=g), DataLoader(
        val, batch_size=64
    )


def test_fit_equals_the_hand_written_loop():
    torch.manual_seed(0)
    model = MLP([64, 16, 10])
    reference = MLP([64, 16, 10])
    reference.load_state_dict(model.state_dict())
    train_loader, _ = loaders(seed=1)
    history = fit(
        model,
        train_loader,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        epochs=3,
        progress=False,
    )

    ref_loader, _ = loaders(seed=1)
    opt = torch.optim.SGD(reference.parameters(), lr=0.1)
    expected = []
    for _ in range(3):
        total, count = 0.0, 0
        for xb, yb in ref_loader:
            opt.zero_grad()
            loss = nn.functional.cross_entropy(reference(xb), yb)
            loss.backward()
            opt.step()
            total, count = total + loss.item() * len(xb), count + len(xb)
        expected.append(total / count)
    assert history.train_loss == pytest.approx(expected, rel=1e-6)
    for p, q in zip(model.parameters(), reference.parameters(), strict=True):
        assert torch.equal(p, q)


def test_evaluate_matches_a_direct_computation():
    torch.manual_seed(0)
    model = MLP([64, 16, 10])
    _, val_loader = loaders()
    X = torch.cat([xb for xb, _ in val_loader])
    y = torch.cat([yb for _, yb in val_loader])
    with torch.no_grad():
        out = model(X)
    scores = evaluate(model, val_loader, nn.CrossEntropyLoss())
    assert scores["loss"] == pytest.approx(nn.functional.cross_entropy(out, y).item(), rel=1e-6)
    assert scores["accuracy"] == pytest.approx(float((out.argmax(1) == y).float().mean()))


def test_evaluate_reports_no_accuracy_for_regression():
    loader = DataLoader(TensorDataset(torch.randn(10, 3), torch.randn(10, 1)), batch_size=4)
    scores = evaluate(nn.Linear(3, 1), loader, nn.MSELoss())
    assert math.isnan(scores["accuracy"]) and scores["loss"] > 0


def test_early_stopping_stops_after_patience_and_restores_the_best_weights(tmp_path):
    torch.manual_seed(0)
    model = MLP([64, 256, 256, 10])
    train_loader, val_loader = loaders(n_train=60, n_val=200)  # tiny training set: it overfits
    history = fit(
        model,
        train_loader,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(model.parameters(), lr=3e-3),
        epochs=200,
        val_loader=val_loader,
        patience=5,
        checkpoint=tmp_path / "best.pt",
        progress=False,
    )
    assert history.stopped_early
    assert len(history.val_loss) == history.best_epoch + 5
    assert min(history.val_loss) == history.val_loss[history.best_epoch - 1]
    restored = evaluate(model, val_loader, nn.CrossEntropyLoss())["loss"]
    assert restored == pytest.approx(min(history.val_loss), rel=1e-6)
    fresh = MLP([64, 256, 256, 10])
    meta = load_checkpoint(tmp_path / "best.pt", fresh)
    assert meta["epoch"] == history.best_epoch
    assert evaluate(fresh, val_loader, nn.CrossEntropyLoss())["loss"] == pytest.approx(
        restored, rel=1e-6
    )


def test_a_checkpoint_predicts_the_same_in_a_fresh_process(tmp_path):
    torch.manual_seed(0)
    model = MLP([64, 16, 10])
    train_loader, _ = loaders()
    fit(
        model,
        train_loader,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(model.parameters()),
        epochs=2,
        progress=False,
    )
    save_checkpoint(tmp_path / "m.pt", model, sizes=[64, 16, 10])
    X, _ = load_digits()
    np.save(tmp_path / "x.npy", X[-5:].astype(np.float32))
    script = (
        "import sys, numpy as np, torch\n"
        "from dlcourse.models import MLP\nfrom dlcourse.train import load_checkpoint\n"
        "m = MLP([64, 16, 10]); meta = load_checkpoint(sys.argv[1], m); m.eval()\n"
        "print(' '.join(map(str, m(torch.from_numpy(np.load(sys.argv[2]))).argmax(1).tolist())))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "m.pt"), str(tmp_path / "x.npy")],
        capture_output=True,
        text=True,
        check=True,
    )
    with torch.no_grad():
        expected = model(torch.tensor(X[-5:], dtype=torch.float32)).argmax(1).tolist()
    assert out.stdout.split() == [str(v) for v in expected]


def test_a_diverging_run_stops_and_names_epoch_and_step():
    X = torch.randn(64, 4)
    X[40, 0] = float("nan")  # one bad example: the 2nd batch of 32 holds it
    loader = DataLoader(TensorDataset(X, torch.randn(64, 1)), batch_size=32)
    with pytest.raises(TrainingDiverged, match=r"at epoch 1, step 2; try a smaller learning rate"):
        fit(
            nn.Linear(4, 1),
            loader,
            nn.MSELoss(),
            torch.optim.SGD(nn.Linear(4, 1).parameters(), lr=0.1),
            epochs=3,
            progress=False,
        )


def test_progress_bar_reports_to_a_terminal_stream(monkeypatch):
    import dlcourse.train as train_module

    stream = io.StringIO()
    real_tqdm = train_module.tqdm
    monkeypatch.setattr(
        train_module, "tqdm", lambda **kw: real_tqdm(file=stream, mininterval=0, miniters=1, **kw)
    )
    train_loader, _ = loaders(n_train=64)
    model = MLP([64, 8, 10])
    fit(
        model,
        train_loader,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        epochs=2,
    )
    assert "4/4" in stream.getvalue() and "batch" in stream.getvalue()


def test_a_checkpoint_for_another_model_gets_a_clear_error(tmp_path):
    save_checkpoint(tmp_path / "m.pt", MLP([64, 16, 10]))
    with pytest.raises(ValueError, match="does not fit this model"):
        load_checkpoint(tmp_path / "m.pt", MLP([64, 32, 10]))
    with pytest.raises(FileNotFoundError, match="no checkpoint"):
        load_checkpoint(tmp_path / "missing.pt", MLP([64, 16, 10]))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"epochs": 0}, ValueError, "epochs must be >= 1"),
        ({"epochs": 2, "patience": 3}, ValueError, "needs a val_loader"),
        ({"epochs": 2, "train_loader": [1, 2]}, TypeError, "DataLoader"),
    ],
)
def test_fit_rejects_bad_arguments(kwargs, error, message):
    model = MLP([64, 8, 10])
    args = {
        "train_loader": loaders()[0],
        "loss_fn": nn.CrossEntropyLoss(),
        "optimizer": torch.optim.SGD(model.parameters(), lr=0.1),
        "progress": False,
    } | kwargs
    with pytest.raises(error, match=message):
        fit(model, **args)
