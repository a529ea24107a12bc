"""PyTorch models: the ideas of the NumPy chapters as ``nn.Module`` s a PyTorch user recognises."""

from dlcourse.models.autoencoder import Autoencoder
from dlcourse.models.cnn import SmallCNN
from dlcourse.models.mlp import MLP, count_parameters
from dlcourse.models.rnn import SequenceModel

__all__ = ["Autoencoder", "MLP", "SequenceModel", "SmallCNN", "count_parameters"]
