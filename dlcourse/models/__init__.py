"""PyTorch models: the ideas of the NumPy chapters as ``nn.Module`` s a PyTorch user recognises."""

from dlcourse.models.cnn import SmallCNN
from dlcourse.models.mlp import MLP, count_parameters

__all__ = ["MLP", "SmallCNN", "count_parameters"]
