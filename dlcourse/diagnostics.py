"""Looking inside a network while it learns: gradient sizes layer by layer."""

import torch
from torch import nn


def layer_gradient_norms(model: nn.Module, loss: torch.Tensor) -> list[float]:
    """Back-propagate ``loss`` and return the L2 norm of each ``nn.Linear`` weight's gradient.

    The list runs from the input side to the output side. Gradients already stored in the model
    are cleared first, so the norms belong to this ``loss`` alone.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
        raise ValueError("loss must be a scalar tensor computed from the model's output")
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not linears:
        raise ValueError("model has no nn.Linear layers")
    model.zero_grad(set_to_none=True)
    loss.backward()
    return [float(layer.weight.grad.norm()) for layer in linears]
