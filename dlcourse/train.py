"""Training loops.

``train_full_batch`` is the four-step loop of chapter 1 in one function, for small data held in
memory. ``fit`` and ``evaluate`` are the general loop of chapter 7: mini-batches from a
``DataLoader``, validation each epoch, early stopping, checkpoints and a progress bar.
"""

import copy
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader
from tqdm.auto import tqdm

from dlcourse.validation import as_float_array, as_number_array, check_positive_int


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite; training stopped."""


def train_full_batch(
    model: nn.Module,
    X: np.ndarray | torch.Tensor,
    y: np.ndarray | torch.Tensor,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    epochs: int = 300,
    lr: float = 0.01,
    optimizer: str = "adam",
) -> list[float]:
    """Train ``model`` on all of ``(X, y)`` at once for ``epochs`` steps; return the loss per step.

    ``X`` becomes float32. When the model has one output per example (a binary logit or a
    regression value) ``y`` becomes float32 of shape ``(N, 1)``; otherwise integer ``y`` stays
    as class labels for a multi-class loss. ``optimizer`` is ``"adam"`` or ``"sgd"``.
    Stops with ``TrainingDiverged`` at the first step whose loss is NaN or infinite.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    epochs = check_positive_int(epochs, "epochs")
    if not (isinstance(lr, int | float) and lr > 0 and math.isfinite(lr)):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    optimizers = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}
    if optimizer not in optimizers:
        raise ValueError(f"optimizer must be one of {sorted(optimizers)}, got {optimizer!r}")
    X_t = torch.as_tensor(X, dtype=torch.float32)
    y_t = torch.as_tensor(y)
    if len(X_t) != len(y_t):
        raise ValueError(f"X and y must have the same length, got {len(X_t)} and {len(y_t)}")
    with torch.no_grad():
        out_shape = model(X_t[:1]).shape
    if len(out_shape) == 2 and out_shape[1] == 1:
        # One output per example (a binary logit or a regression value): float targets, (N, 1).
        y_t = y_t.float().reshape(-1, 1)
    elif y_t.is_floating_point():
        y_t = y_t.float()
    opt = optimizers[optimizer](model.parameters(), lr=lr)
    losses = []
    for step in range(1, epochs + 1):
        losses.append(training_step(model, X_t, y_t, loss_fn, opt, where=f"step {step}"))
    return losses


def training_step(model, inputs, targets, loss_fn, optimizer, where: str = "") -> float:
    """One step: forward pass, loss, backward pass, optimizer step; return the loss.

    A NaN or infinite loss raises ``TrainingDiverged`` before it can reach the weights;
    ``where`` (for example ``"epoch 2, step 40"``) goes into the message.
    """
    for name, value in (("inputs", inputs), ("targets", targets)):
        if value is None or isinstance(value, np.ndarray | list):
            raise TypeError(
                f"{name} must be a torch.Tensor, got {type(value).__name__}; convert NumPy data "
                "with torch.as_tensor or use dlcourse.data.tensor_loader"
            )
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    if not torch.isfinite(loss):
        raise TrainingDiverged(
            f"the loss became {loss.item()} at {where}; try a smaller learning rate, "
            "check the inputs for NaN, or clip gradients"
        )
    loss.backward()
    optimizer.step()
    return loss.item()


def accuracy(model: nn.Module, X: np.ndarray | torch.Tensor, y: np.ndarray) -> float:
    """Fraction of rows of ``X`` the model classifies as ``y``.

    One output column is read as a binary logit (class 1 when positive); several columns as class
    scores (the largest wins).
    """
    if isinstance(X, torch.Tensor):
        X_t = X.detach().to(torch.float32)
    else:
        X_t = torch.as_tensor(as_float_array(X, "X", ndim=range(1, 8)), dtype=torch.float32)
    y = as_number_array(y, "y", ndim=1, allow_tensor=True)
    if len(X_t) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X_t)} and {len(y)}")
    with torch.no_grad():
        out = model(X_t)
    if out.ndim == 1 or out.shape[1] == 1:
        predicted = (out.reshape(-1) > 0).long().numpy()
    else:
        predicted = out.argmax(dim=1).numpy()
    return float(np.mean(predicted == y))


# --------------------------------------------------------------------------------------------
# A reusable training loop: fit / evaluate, with history, early stopping and checkpoints.
# --------------------------------------------------------------------------------------------


@dataclass
class History:
    """What ``fit`` measured, one entry per epoch."""

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    best_epoch: int | None = None  # 1-based epoch with the lowest validation loss
    stopped_early: bool = False


def _batches_on(loader, device):
    for inputs, targets in loader:
        yield inputs.to(device), targets.to(device)


def evaluate(
    model: nn.Module,
    loader: DataLoader,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
) -> dict[str, float]:
    """Mean loss over all examples of ``loader`` and, for class scores, the accuracy.

    Accuracy is reported when the model outputs one score per class ``(N, C)`` with ``C > 1``
    and the targets are integer labels; otherwise it is NaN.
    """
    if not isinstance(loader, DataLoader):
        raise TypeError(f"loader must be a torch DataLoader, got {type(loader).__name__}")
    device = _device_of(model)
    was_training = model.training
    model.eval()
    total_loss, correct, count, classify = 0.0, 0, 0, True
    with torch.no_grad():
        for inputs, targets in _batches_on(loader, device):
            outputs = model(inputs)
            total_loss += loss_fn(outputs, targets).item() * len(inputs)
            count += len(inputs)
            if outputs.ndim == 2 and outputs.shape[1] > 1 and not targets.is_floating_point():
                correct += int((outputs.argmax(dim=1) == targets).sum())
            else:
                classify = False
    model.train(was_training)
    if count == 0:
        raise ValueError("loader yielded no examples")
    return {"loss": total_loss / count, "accuracy": correct / count if classify else math.nan}


def fit(
    model: nn.Module,
    train_loader: DataLoader,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    optimizer: torch.optim.Optimizer,
    epochs: int,
    val_loader: DataLoader | None = None,
    patience: int | None = None,
    checkpoint: str | os.PathLike | None = None,
    scheduler=None,
    progress: bool = True,
) -> History:
    """Train ``model`` for up to ``epochs`` passes over ``train_loader``; return the ``History``.

    - Each epoch ends with an evaluation on ``val_loader`` (if given).
    - ``patience``: stop when the validation loss has not improved for that many epochs, and
      restore the weights of the best epoch (early stopping). Needs ``val_loader``.
    - ``checkpoint``: a file to which the best model so far (or the last, without validation)
      is saved with ``save_checkpoint``.
    - ``scheduler``: a ``torch.optim.lr_scheduler`` stepped once per epoch.
    - ``progress``: a tqdm progress bar (a widget in notebooks, text in a terminal).
    - A batch whose loss is NaN or infinite stops training with ``TrainingDiverged``, which names
      the epoch and step.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not isinstance(train_loader, DataLoader):
        raise TypeError(
            f"train_loader must be a torch DataLoader, got {type(train_loader).__name__}"
        )
    epochs = check_positive_int(epochs, "epochs")
    if patience is not None:
        patience = check_positive_int(patience, "patience")
        if val_loader is None:
            raise ValueError("early stopping (patience) needs a val_loader to watch")
    device = _device_of(model)
    history = History()
    best_loss, best_state, waited, step = math.inf, None, 0, 0
    bar = tqdm(total=epochs * len(train_loader), disable=not progress, leave=False, unit="batch")
    try:
        for epoch in range(1, epochs + 1):
            model.train()
            total, count = 0.0, 0
            for inputs, targets in _batches_on(train_loader, device):
                step += 1
                loss = training_step(
                    model, inputs, targets, loss_fn, optimizer, where=f"epoch {epoch}, step {step}"
                )
                total += loss * len(inputs)
                count += len(inputs)
                bar.update(1)
                bar.set_postfix(epoch=epoch, loss=f"{loss:.4f}", refresh=False)
            history.train_loss.append(total / count)
            if scheduler is not None:
                scheduler.step()
            if val_loader is None:
                if checkpoint is not None:
                    save_checkpoint(checkpoint, model, optimizer, epoch=epoch)
                continue
            scores = evaluate(model, val_loader, loss_fn)
            history.val_loss.append(scores["loss"])
            history.val_accuracy.append(scores["accuracy"])
            if scores["loss"] < best_loss:
                best_loss, waited, history.best_epoch = scores["loss"], 0, epoch
                best_state = copy.deepcopy(model.state_dict())
                if checkpoint is not None:
                    save_checkpoint(checkpoint, model, optimizer, epoch=epoch, val_loss=best_loss)
            else:
                waited += 1
                if patience is not None and waited >= patience:
                    history.stopped_early = True
                    break
    finally:
        bar.close()
    if patience is not None and best_state is not None:
        model.load_state_dict(best_state)
    return history


def save_checkpoint(
    path: str | os.PathLike,
    model: nn.Module,
    optimizer: torch.optim.Optimizer | None = None,
    **meta,
) -> None:
    """Save the model's (and optimizer's) state and any metadata to ``path``, atomically."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if optimizer is not None and not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(f"optimizer must be a torch optimizer, got {type(optimizer).__name__}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"model_state": model.state_dict(), "meta": meta}
    if optimizer is not None:
        payload["optimizer_state"] = optimizer.state_dict()
    partial = path.with_name(path.name + ".part")
    torch.save(payload, partial)
    partial.replace(path)  # a crash mid-save never leaves a half-written checkpoint


def load_checkpoint(
    path: str | os.PathLike, model: nn.Module, optimizer: torch.optim.Optimizer | None = None
) -> dict:
    """Load a checkpoint written by ``save_checkpoint`` into ``model``; return its metadata."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no checkpoint at {path}")
    payload = torch.load(path, map_location=_device_of(model), weights_only=True)
    try:
        model.load_state_dict(payload["model_state"])
    except RuntimeError as exc:
        raise ValueError(
            f"{path} does not fit this model (different layers or sizes): {exc}"
        ) from None
    if optimizer is not None and "optimizer_state" in payload:
        optimizer.load_state_dict(payload["optimizer_state"])
    return payload["meta"]


def _device_of(model: nn.Module) -> torch.device:
    parameter = next(model.parameters(), None)
    return parameter.device if parameter is not None else torch.device("cpu")
