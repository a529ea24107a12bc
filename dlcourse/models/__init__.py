"""PyTorch models: the ideas of the NumPy chapters as ``nn.Module`` s a PyTorch user recognises."""

from dlcourse.models.autoencoder import Autoencoder
from dlcourse.models.cnn import SmallCNN
from dlcourse.models.mlp import MLP, count_parameters
from dlcourse.models.rnn import SequenceModel
from dlcourse.models.transformer import TransformerEncoderModel

__all__ = [
    "Autoencoder",
    "MLP",
    "SequenceModel",
    "SmallCNN",
    "TransformerEncoderModel",
    "count_parameters",
]
