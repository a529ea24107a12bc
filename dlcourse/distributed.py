"""Data-parallel training with ``torch.distributed`` (chapter 15), runnable on CPUs.

Each process (a *rank*) holds a full copy of the model and takes its share of every global batch.
``DistributedDataParallel`` averages the gradients across ranks after ``backward()``, so every copy
takes the same step: with equal shares, the result is the step one process would take on the whole
batch. On CPUs the ``gloo`` backend carries the messages; on GPUs ``nccl`` does.

Two ways to start it:

- from Python: ``run_data_parallel(world_size=2, ...)`` spawns the processes on this machine;
- from a shell, on one or many machines: ``torchrun --nproc_per_node=2 -m dlcourse.distributed``
  (``torchrun`` sets ``RANK``, ``WORLD_SIZE``, ``MASTER_ADDR`` and ``MASTER_PORT`` for each
  process; ``--nnodes`` and ``--rdzv-endpoint`` spread them over machines).
"""

import argparse
import json
import os
import socket
import tempfile
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from dlcourse.data import load_digits
from dlcourse.validation import check_positive_int


def make_model(seed: int = 0) -> nn.Module:
    """The model every rank starts from: the same seed gives every copy the same weights."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))


def global_batches(steps: int, batch_size: int, seed: int = 0):
    """The same sequence of global batches ``(X, y)`` of the digits for every rank."""
    X, y = load_digits()
    X, y = torch.tensor(X, dtype=torch.float32), torch.tensor(y)
    generator = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        idx = torch.randint(0, len(X), (batch_size,), generator=generator)
        yield X[idx], y[idx]


def shard(batch: torch.Tensor, rank: int, world_size: int) -> torch.Tensor:
    """Rank ``rank``'s contiguous share of a batch whose size ``world_size`` divides."""
    if len(batch) % world_size:
        raise ValueError(
            f"the global batch ({len(batch)}) must divide evenly among {world_size} ranks"
        )
    size = len(batch) // world_size
    return batch[rank * size : (rank + 1) * size]


def train_single(steps: int = 50, batch_size: int = 64, lr: float = 0.1, seed: int = 0):
    """One process, whole global batches: the reference the data-parallel run must follow."""
    model = make_model(seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for X, y in global_batches(steps, batch_size, seed):
        loss = nn.functional.cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model.state_dict()


def train_rank(
    rank: int, world_size: int, steps: int, batch_size: int, lr: float, seed: int
) -> tuple[list[float], dict]:
    """The loop each rank runs, inside an initialised process group.

    Returns the global loss per step (the mean of the ranks' losses, equal to the loss on the whole
    batch because the shares are equal) and the final weights.
    """
    model = DistributedDataParallel(make_model(seed))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for X, y in global_batches(steps, batch_size, seed):
        loss = nn.functional.cross_entropy(
            model(shard(X, rank, world_size)), shard(y, rank, world_size)
        )
        optimizer.zero_grad()
        loss.backward()  # DDP averages the gradients over the ranks here
        optimizer.step()
        total = loss.detach().clone()
        dist.all_reduce(total)  # sum over ranks, for reporting only
        losses.append(total.item() / world_size)
    return losses, model.module.state_dict()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _spawned(rank, world_size, port, out, steps, batch_size, lr, seed):
    torch.set_num_threads(1)  # the ranks share the machine's cores
    dist.init_process_group(
        "gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world_size
    )
    try:
        losses, state = train_rank(rank, world_size, steps, batch_size, lr, seed)
        torch.save({"losses": losses, "state": state}, Path(out) / f"rank{rank}.pt")
    finally:
        dist.destroy_process_group()


def run_data_parallel(
    world_size: int = 2, steps: int = 50, batch_size: int = 64, lr: float = 0.1, seed: int = 0
) -> dict:
    """Train with ``world_size`` local processes (gloo); return each rank's losses and weights."""
    world_size = check_positive_int(world_size, "world_size")
    steps = check_positive_int(steps, "steps")
    if check_positive_int(batch_size, "batch_size") % world_size:
        raise ValueError(
            f"batch_size ({batch_size}) must be a multiple of world_size ({world_size})"
        )
    with tempfile.TemporaryDirectory() as out:
        mp.spawn(
            _spawned,
            args=(world_size, _free_port(), out, steps, batch_size, lr, seed),
            nprocs=world_size,
            join=True,
        )
        return {
            rank: torch.load(Path(out) / f"rank{rank}.pt", weights_only=True)
            for rank in range(world_size)
        }


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``torchrun``: train, and let rank 0 write the losses as JSON."""
    parser = argparse.ArgumentParser(prog="torchrun --nproc_per_node=N -m dlcourse.distributed")
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--out", type=Path, default=Path("ddp_losses.json"))
    args = parser.parse_args(argv)
    if "RANK" not in os.environ:
        parser.error("start this with torchrun, which sets RANK and WORLD_SIZE for each process")
    torch.set_num_threads(1)
    dist.init_process_group("gloo")
    rank, world_size = dist.get_rank(), dist.get_world_size()
    try:
        losses, _ = train_rank(rank, world_size, args.steps, args.batch_size, args.lr, seed=0)
    finally:
        dist.destroy_process_group()
    if rank == 0:
        args.out.write_text(json.dumps({"world_size": world_size, "losses": losses}) + "\n")
        print(f"rank 0 of {world_size}: final loss {losses[-1]:.4f}; losses in {args.out}")
    return 0


def max_difference(a, b) -> float:
    """Largest absolute difference between two loss curves or two state dicts."""
    if isinstance(a, dict):
        return max(float((a[k] - b[k]).abs().max()) for k in a)
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))))


if __name__ == "__main__":
    raise SystemExit(main())
