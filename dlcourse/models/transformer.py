"""A small transformer encoder for sequences, keeping its attention weights for inspection."""

import math

import torch
from torch import nn

from dlcourse.validation import check_positive_int, check_sequence_batch


def sinusoidal_encoding(length: int, d_model: int) -> torch.Tensor:
    """Sinusoidal positional encodings ``(length, d_model)`` (``dlcourse.scratch.attention``)."""
    length = check_positive_int(length, "length")
    d_model = check_positive_int(d_model, "d_model")
    if d_model % 2:
        raise ValueError(f"d_model must be even (sine and cosine pairs), got {d_model}")
    positions = torch.arange(length, dtype=torch.float32)[:, None]
    frequencies = torch.exp(-math.log(10000.0) * torch.arange(0, d_model, 2) / d_model)
    pe = torch.zeros(length, d_model)
    pe[:, 0::2] = torch.sin(positions * frequencies)
    pe[:, 1::2] = torch.cos(positions * frequencies)
    return pe


class EncoderBlock(nn.Module):
    """Pre-norm transformer block: ``x + attention(norm(x))``, then ``x + feedforward(norm(x))``."""

    def __init__(self, d_model: int, num_heads: int, d_ff: int, dropout: float = 0.0):
        super().__init__()
        d_model = check_positive_int(d_model, "d_model")
        num_heads = check_positive_int(num_heads, "num_heads")
        d_ff = check_positive_int(d_ff, "d_ff")
        if d_model % num_heads:
            raise ValueError(
                f"d_model ({d_model}) must be divisible by num_heads ({num_heads}): each head "
                "gets d_model / num_heads features"
            )
        self.norm1 = nn.LayerNorm(d_model)
        self.attention = nn.MultiheadAttention(
            d_model, num_heads, dropout=dropout, batch_first=True
        )
        self.norm2 = nn.LayerNorm(d_model)
        self.feedforward = nn.Sequential(
            nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model), nn.Dropout(dropout)
        )

    def forward(
        self, x: torch.Tensor, need_weights: bool = False
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Return the block's output and, if asked, its attention weights ``(N, T, T)``
        averaged over heads. Without weights PyTorch can use its fused attention kernel."""
        h = self.norm1(x)
        attended, weights = self.attention(h, h, h, need_weights=need_weights)
        x = x + attended
        return x + self.feedforward(self.norm2(x)), weights


class TransformerEncoderModel(nn.Module):
    """Inputs ``(N, T, input_size)`` -> linear embedding + sinusoidal positions -> ``num_layers``
    encoder blocks -> mean over positions (``pool="mean"``) or the last position
    (``pool="last"``) -> linear read-out ``(N, output_size)``.

    ``attention_weights(x)`` returns each block's attention weights ``(N, T, T)`` for a batch
    (row ``i``: how much position ``i`` attended to each position, averaged over heads).
    """

    def __init__(
        self,
        input_size: int,
        output_size: int,
        d_model: int = 32,
        num_heads: int = 4,
        num_layers: int = 2,
        d_ff: int = 64,
        max_len: int = 512,
        dropout: float = 0.0,
        pool: str = "mean",
    ):
        super().__init__()
        if pool not in ("mean", "last"):
            raise ValueError(f"pool must be 'mean' or 'last', got {pool!r}")
        self.pool = pool
        self.input_size = check_positive_int(input_size, "input_size")
        d_model = check_positive_int(d_model, "d_model")
        num_heads = check_positive_int(num_heads, "num_heads")
        if d_model % num_heads or d_model % 2:
            raise ValueError(
                f"d_model ({d_model}) must be even and divisible by num_heads ({num_heads})"
            )
        self.embed = nn.Linear(input_size, d_model)
        self.register_buffer("positions", sinusoidal_encoding(max_len, d_model))
        self.blocks = nn.ModuleList(
            EncoderBlock(d_model, num_heads, d_ff, dropout)
            for _ in range(check_positive_int(num_layers, "num_layers"))
        )
        self.norm = nn.LayerNorm(d_model)
        self.readout = nn.Linear(d_model, check_positive_int(output_size, "output_size"))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self._run(x, need_weights=False)[0]

    def _run(self, x: torch.Tensor, need_weights: bool) -> tuple[torch.Tensor, list]:
        check_sequence_batch(x, self.input_size)
        if x.shape[1] > len(self.positions):
            raise ValueError(
                f"sequences are limited to {len(self.positions)} positions, got {x.shape[1]}"
            )
        h = self.embed(x) + self.positions[: x.shape[1]]
        weights = []
        for block in self.blocks:
            h, w = block(h, need_weights=need_weights)
            weights.append(w)
        summary = h.mean(dim=1) if self.pool == "mean" else h[:, -1]
        return self.readout(self.norm(summary)), weights

    @torch.no_grad()
    def attention_weights(self, x: torch.Tensor) -> list[torch.Tensor]:
        """Run ``x`` through the model and return each block's attention weights ``(N, T, T)``."""
        return self._run(x, need_weights=True)[1]
