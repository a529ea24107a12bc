"""A small convolutional network for the 8x8 digits."""

import torch
from torch import nn

from dlcourse.validation import check_positive_int


class SmallCNN(nn.Module):
    """Two 3x3 convolutions, one 2x2 max-pool and a linear classifier, for 8x8 grey images.

    Input ``(N, 1, 8, 8)``, or ``(N, 64)`` rows of pixels (reshaped to images); output
    ``(N, n_classes)`` class scores.
    """

    def __init__(self, n_classes: int = 10, channels: int = 16):
        super().__init__()
        n_classes = check_positive_int(n_classes, "n_classes")
        channels = check_positive_int(channels, "channels")
        self.features = nn.Sequential(
            nn.Conv2d(1, channels, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.Conv2d(channels, 2 * channels, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Linear(2 * channels * 4 * 4, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not isinstance(x, torch.Tensor):
            raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}")
        if x.ndim == 2 and x.shape[1] == 64:
            x = x.reshape(-1, 1, 8, 8)
        if x.ndim != 4 or tuple(x.shape[1:]) != (1, 8, 8):
            raise ValueError(f"x must have shape (N, 1, 8, 8) or (N, 64), got {tuple(x.shape)}")
        return self.classifier(self.features(x).flatten(1))
