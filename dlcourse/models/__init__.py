"""PyTorch models: the ideas of the NumPy chapters as ``nn.Module`` s a PyTorch user recognises."""

from dlcourse.models.mlp import MLP, count_parameters

__all__ = ["MLP", "count_parameters"]
