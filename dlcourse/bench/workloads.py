"""The workloads the benchmark times, each a no-argument callable with its arithmetic counted."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from dlcourse.models.cnn import SmallCNN
from dlcourse.validation import check_positive_int


@dataclass
class Workload:
    """``fn()`` does the work once; ``flops`` is its floating-point operation count (or None)."""

    name: str
    fn: Callable[[], object]
    device: torch.device
    flops: float | None = None
    items: int = 1  # samples per call, to turn a time into a throughput


def matmul(n: int, device="cpu", dtype: torch.dtype = torch.float32) -> Workload:
    """An ``n x n`` by ``n x n`` matrix product: ``2 n^3`` operations (a multiply and an add)."""
    n = check_positive_int(n, "n")
    device = torch.device(device)
    generator = torch.Generator().manual_seed(0)
    a, b = (torch.randn(n, n, generator=generator, dtype=dtype).to(device) for _ in range(2))
    return Workload(f"matmul {n}", lambda: a @ b, device, flops=2.0 * n**3)


def numpy_matmul(n: int, dtype=np.float32) -> Workload:
    """The same product in NumPy (its own BLAS), on the CPU."""
    n = check_positive_int(n, "n")
    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal((n, n)).astype(dtype) for _ in range(2))
    return Workload(f"numpy matmul {n}", lambda: a @ b, torch.device("cpu"), flops=2.0 * n**3)


def conv2d_flops(batch: int, c_in: int, c_out: int, height: int, width: int, kernel: int) -> float:
    """Operations of a stride-1 'same' convolution: each output value is a dot product of
    ``c_in * kernel^2`` pairs (a multiply and an add each)."""
    return 2.0 * batch * c_out * height * width * c_in * kernel**2


def conv_layer(batch: int = 32, device="cpu", channels: int = 32, size: int = 32) -> Workload:
    """Forward pass of a 3x3 convolution, ``channels -> 2 * channels``, on ``size x size`` maps."""
    batch = check_positive_int(batch, "batch")
    device = torch.device(device)
    torch.manual_seed(0)
    layer = nn.Conv2d(channels, 2 * channels, 3, padding=1).to(device)
    x = torch.randn(batch, channels, size, size, device=device)

    def fn():
        with torch.no_grad():
            return layer(x)

    flops = conv2d_flops(batch, channels, 2 * channels, size, size, 3)
    return Workload(f"conv2d batch {batch}", fn, device, flops=flops, items=batch)


def lstm_step(batch: int = 64, hidden: int = 256, device="cpu") -> Workload:
    """One step of an LSTM cell: four gates, each a product with ``[x, h]``."""
    batch = check_positive_int(batch, "batch")
    device = torch.device(device)
    torch.manual_seed(0)
    cell = nn.LSTMCell(hidden, hidden).to(device)
    x, h, c = (torch.randn(batch, hidden, device=device) for _ in range(3))

    def fn():
        with torch.no_grad():
            return cell(x, (h, c))

    return Workload(
        f"LSTM step batch {batch}",
        fn,
        device,
        flops=2.0 * batch * 4 * hidden * 2 * hidden,
        items=batch,
    )


def cnn_train_step(batch: int = 64, device="cpu") -> Workload:
    """A full training step of the chapter 9 CNN on 8x8 images: forward, backward, update."""
    batch = check_positive_int(batch, "batch")
    device = torch.device(device)
    torch.manual_seed(0)
    model = SmallCNN().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.rand(batch, 1, 8, 8, device=device)
    y = torch.randint(0, 10, (batch,), device=device)
    loss_fn = nn.CrossEntropyLoss()

    def fn():
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()

    return Workload(f"CNN train step batch {batch}", fn, device, items=batch)


def transfer(megabytes: float, device, pinned: bool = False) -> Workload:
    """Copy ``megabytes`` of float32 from the host to ``device`` (the cost a GPU adds)."""
    device = torch.device(device)
    if device.type == "cpu":
        raise ValueError("a transfer needs a GPU device; on the CPU the data is already there")
    n = int(megabytes * 2**20 / 4)
    host = torch.randn(n)
    if pinned:
        host = host.pin_memory()
    return Workload(f"host->{device} {megabytes:g} MB", lambda: host.to(device), device)
