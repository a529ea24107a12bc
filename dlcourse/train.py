"""Training loops. ``train_full_batch`` is the four-step loop of chapter 1 in one function."""

import math
from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from dlcourse.validation import check_positive_int


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
    for step in range(epochs):
        opt.zero_grad()
        loss = loss_fn(model(X_t), y_t)
        if not torch.isfinite(loss):
            raise TrainingDiverged(
                f"the loss became {loss.item()} at step {step + 1}; try a smaller learning rate "
                "or check the inputs for NaN"
            )
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def accuracy(model: nn.Module, X: np.ndarray | torch.Tensor, y: np.ndarray) -> float:
    """Fraction of rows of ``X`` the model classifies as ``y``.

    One output column is read as a binary logit (class 1 when positive); several columns as class
    scores (the largest wins).
    """
    X_t = torch.as_tensor(X, dtype=torch.float32)
    y = np.asarray(y)
    if len(X_t) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X_t)} and {len(y)}")
    with torch.no_grad():
        out = model(X_t)
    if out.ndim == 1 or out.shape[1] == 1:
        predicted = (out.reshape(-1) > 0).long().numpy()
    else:
        predicted = out.argmax(dim=1).numpy()
    return float(np.mean(predicted == y))
