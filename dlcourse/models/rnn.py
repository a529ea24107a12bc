"""Recurrent networks: a vanilla RNN, LSTM or GRU followed by a linear read-out."""

import torch
from torch import nn

from dlcourse.validation import check_positive_int, check_sequence_batch

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class SequenceModel(nn.Module):
    """A recurrent layer (``cell`` is ``"rnn"``, ``"lstm"`` or ``"gru"``) and a linear read-out.

    Input ``(N, T, input_size)`` (batch first). By default the read-out sees the last hidden
    state and the output is ``(N, output_size)``: one prediction per sequence (classification,
    the adding problem, a forecast). With ``all_steps=True`` it reads every step and returns
    ``(N, T, output_size)``: one prediction per step.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        output_size: int,
        cell: str = "lstm",
        num_layers: int = 1,
        all_steps: bool = False,
    ):
        super().__init__()
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}")
        self.input_size = check_positive_int(input_size, "input_size")
        check_positive_int(hidden_size, "hidden_size")
        check_positive_int(output_size, "output_size")
        check_positive_int(num_layers, "num_layers")
        self.cell = cell
        self.all_steps = all_steps
        self.recurrent = CELLS[cell](input_size, hidden_size, num_layers, batch_first=True)
        self.readout = nn.Linear(hidden_size, output_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_sequence_batch(x, self.input_size)
        hs, _ = self.recurrent(x)
        return self.readout(hs if self.all_steps else hs[:, -1])
