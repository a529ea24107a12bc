"""Autoencoders: an encoder to a small latent code and a decoder back, for 8x8 digits and beyond."""

import torch
from torch import nn

from dlcourse.validation import check_layer_sizes


def _stack(sizes: list[int], last_activation: nn.Module | None) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(nn.Linear(fan_in, fan_out))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    if last_activation is not None:
        layers.append(last_activation)
    return nn.Sequential(*layers)


class Autoencoder(nn.Module):
    """A fully connected autoencoder: ``sizes`` from the input down to the latent code.

    ``Autoencoder([64, 32, 8])`` encodes 64 inputs through 32 hidden units to an 8-number code
    and decodes through 32 back to 64 (the decoder mirrors the encoder). ReLU between layers; the
    code is linear; the output passes through a sigmoid when ``output="sigmoid"`` (inputs in
    [0, 1], such as pixels) or stays linear with ``output="linear"``.
    """

    def __init__(self, sizes: list[int], output: str = "sigmoid"):
        super().__init__()
        sizes = check_layer_sizes(sizes)
        if output not in ("sigmoid", "linear"):
            raise ValueError(f"output must be 'sigmoid' or 'linear', got {output!r}")
        self.sizes = sizes
        self.encoder = _stack(sizes, None)
        self.decoder = _stack(sizes[::-1], nn.Sigmoid() if output == "sigmoid" else None)

    def _check(self, x: torch.Tensor, width: int, what: str) -> None:
        if not isinstance(x, torch.Tensor):
            raise TypeError(f"{what} must be a torch.Tensor, got {type(x).__name__}")
        if x.ndim != 2 or x.shape[1] != width:
            raise ValueError(f"{what} must have shape (N, {width}), got {tuple(x.shape)}")

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The latent code ``(N, sizes[-1])`` of inputs ``(N, sizes[0])``."""
        self._check(x, self.sizes[0], "x")
        return self.encoder(x)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """The reconstruction ``(N, sizes[0])`` of codes ``(N, sizes[-1])``."""
        self._check(z, self.sizes[-1], "z")
        return self.decoder(z)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))
