"""Interpretability: which inputs a prediction depends on."""

import torch
from torch import nn


def saliency_map(model: nn.Module, x: torch.Tensor, target: torch.Tensor | None = None):
    """Vanilla-gradient saliency (Simonyan et al., 2014): ``|d score_target / d x|``.

    ``x`` is a batch the model accepts; ``target`` holds one class per example (default: the
    predicted class). Returns a tensor of ``x``'s shape: how strongly a small change of each
    input value would move the score (the logit) of the target class. The model is put in
    evaluation mode for the computation and restored afterwards.
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(f"x must hold floating-point values, got dtype {x.dtype}")
    was_training = model.training
    model.eval()
    try:
        x = x.detach().clone().requires_grad_(True)
        scores = model(x)
        if scores.ndim != 2 or scores.shape[0] != x.shape[0]:
            raise ValueError(
                f"the model must return scores of shape (N, classes); got {tuple(scores.shape)}"
            )
        if target is None:
            target = scores.argmax(dim=1)
        target = torch.as_tensor(target)
        if target.shape != (x.shape[0],):
            raise ValueError(f"target must have shape ({x.shape[0]},), got {tuple(target.shape)}")
        if target.min() < 0 or target.max() >= scores.shape[1]:
            raise ValueError(
                f"target classes must be in [0, {scores.shape[1] - 1}], got "
                f"{target.min().item()}..{target.max().item()}"
            )
        scores.gather(1, target[:, None].long()).sum().backward()
    finally:
        model.train(was_training)
    return x.grad.abs()
