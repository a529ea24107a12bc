"""Data-parallel training with ``torch.distributed`` (chapter 15), runnable on CPUs.

Each process (a *rank*) holds a full copy of the model. A ``DistributedSampler`` deals every
shuffled epoch of the data set out among the ranks (rank ``r`` of ``K`` takes examples ``r``,
``r + K``, ``r + 2K``, ...), so at each step the ranks' batches together make one global batch.
``DistributedDataParallel`` averages the gradients across ranks after ``backward()``, so every copy
takes the same step: with equal shares, the step one process would take on the whole global batch.

Backend and device: with a CUDA GPU for each process on the machine, ``nccl`` and
``cuda:{LOCAL_RANK}``; otherwise ``gloo`` and the CPU.

Two ways to start it:

- from Python: ``run_data_parallel(world_size=2, ...)`` spawns the processes on this machine;
- from a shell, on one or many machines: ``torchrun --nproc_per_node=2 -m dlcourse.distributed``
  (``torchrun`` sets ``RANK``, ``LOCAL_RANK``, ``WORLD_SIZE``, ``LOCAL_WORLD_SIZE``,
  ``MASTER_ADDR`` and ``MASTER_PORT`` for each process; ``--nnodes`` and ``--rdzv-endpoint``
  spread them over machines).
"""

import argparse
import json
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

from dlcourse.data import load_digits
from dlcourse.validation import check_positive_int


def make_model(seed: int = 0) -> nn.Module:
    """The model every rank starts from: the same seed gives every copy the same weights."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))


def digits_dataset() -> TensorDataset:
    """The 1,797 digits as a ``TensorDataset`` of float32 pixels ``(N, 64)`` and labels."""
    X, y = load_digits()
    return TensorDataset(torch.tensor(X, dtype=torch.float32), torch.tensor(y))


def backend_and_device(local_rank: int, local_world_size: int) -> tuple[str, torch.device]:
    """The process-group backend and the device of the process with this ``LOCAL_RANK``.

    ``nccl`` and ``cuda:{local_rank}`` when CUDA is available with at least one GPU for each of
    the ``local_world_size`` processes on this machine; ``gloo`` and the CPU otherwise.
    """
    local_world_size = check_positive_int(local_world_size, "local_world_size")
    local_rank = check_positive_int(local_rank, "local_rank", minimum=0)
    if local_rank >= local_world_size:
        raise ValueError(
            f"local_rank ({local_rank}) must be below local_world_size ({local_world_size})"
        )
    if torch.cuda.is_available() and torch.cuda.device_count() >= local_world_size:
        return "nccl", torch.device("cuda", local_rank)
    return "gloo", torch.device("cpu")


def rank_batches(
    steps: int, batch_size: int, rank: int, world_size: int, seed: int = 0
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Rank ``rank``'s ``steps`` batches of ``batch_size // world_size`` digits.

    A ``DistributedSampler`` shuffles each epoch the same way on every rank (seed + epoch) and
    gives this rank every ``world_size``-th example; ``set_epoch`` reshuffles for the next epoch.
    """
    steps = check_positive_int(steps, "steps")
    world_size = check_positive_int(world_size, "world_size")
    if check_positive_int(batch_size, "batch_size") % world_size:
        raise ValueError(
            f"batch_size ({batch_size}) must be a multiple of world_size ({world_size})"
        )
    data = digits_dataset()
    sampler = DistributedSampler(
        data, num_replicas=world_size, rank=rank, shuffle=True, seed=seed, drop_last=True
    )
    loader = DataLoader(data, batch_size=batch_size // world_size, sampler=sampler, drop_last=True)
    done, epoch = 0, 0
    while True:
        sampler.set_epoch(epoch)
        for batch in loader:
            yield batch
            done += 1
            if done == steps:
                return
        epoch += 1


def global_batches(
    steps: int, batch_size: int, seed: int = 0
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """The global batches ``(X, y)`` that one process trains on: at each step, the union of
    what ``rank_batches`` gives the ranks (the same examples, in another order)."""
    yield from rank_batches(steps, batch_size, rank=0, world_size=1, seed=seed)


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
    rank: int,
    world_size: int,
    steps: int,
    batch_size: int,
    lr: float,
    seed: int,
    device: torch.device | str = "cpu",
) -> tuple[list[float], dict, float]:
    """The loop each rank runs on ``device``, inside an initialised process group.

    Returns the global loss per step (the mean of the ranks' losses, equal to the loss on the whole
    batch because the shares are equal), the final weights (on the CPU) and the seconds the loop
    took.
    """
    device = torch.device(device)
    model = make_model(seed).to(device)
    model = DistributedDataParallel(model, device_ids=[device] if device.type == "cuda" else None)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    start = time.perf_counter()
    for X, y in rank_batches(steps, batch_size, rank, world_size, seed):
        loss = nn.functional.cross_entropy(model(X.to(device)), y.to(device))
        optimizer.zero_grad()
        loss.backward()  # DDP averages the gradients over the ranks here
        optimizer.step()
        total = loss.detach().clone()
        dist.all_reduce(total)  # sum over ranks, for reporting only
        losses.append(total.item() / world_size)
    seconds = time.perf_counter() - start
    state = {name: value.cpu() for name, value in model.module.state_dict().items()}
    return losses, state, seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _spawned(rank, world_size, port, out, steps, batch_size, lr, seed):
    torch.set_num_threads(1)  # the ranks share the machine's cores
    backend, device = backend_and_device(rank, world_size)  # one machine: local rank = rank
    if device.type == "cuda":
        torch.cuda.set_device(device)
    dist.init_process_group(
        backend, init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world_size
    )
    try:
        losses, state, seconds = train_rank(rank, world_size, steps, batch_size, lr, seed, device)
        result = {"losses": losses, "state": state, "seconds": seconds, "backend": backend}
        torch.save(result, Path(out) / f"rank{rank}.pt")
    finally:
        dist.destroy_process_group()


def run_data_parallel(
    world_size: int = 2, steps: int = 50, batch_size: int = 64, lr: float = 0.1, seed: int = 0
) -> dict:
    """Train with ``world_size`` processes on this machine; return each rank's losses, final
    weights, training-loop seconds and backend (``nccl`` with a GPU per process, else ``gloo``).
    """
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
    if "RANK" not in os.environ or "LOCAL_RANK" not in os.environ:
        parser.error(
            "start this with torchrun, which sets RANK, LOCAL_RANK and WORLD_SIZE for each process"
        )
    local_rank = int(os.environ["LOCAL_RANK"])
    local_world_size = int(os.environ.get("LOCAL_WORLD_SIZE", local_rank + 1))
    backend, device = backend_and_device(local_rank, local_world_size)
    if device.type == "cuda":
        torch.cuda.set_device(device)
    torch.set_num_threads(1)
    dist.init_process_group(backend)
    rank, world_size = dist.get_rank(), dist.get_world_size()
    placement = [None] * world_size  # every rank's (local rank, device), for the record
    try:
        losses, _, _ = train_rank(
            rank, world_size, args.steps, args.batch_size, args.lr, seed=0, device=device
        )
        dist.all_gather_object(placement, (local_rank, str(device)))
    finally:
        dist.destroy_process_group()
    if rank == 0:
        record = {
            "world_size": world_size,
            "backend": backend,
            "placement": placement,
            "losses": losses,
        }
        args.out.write_text(json.dumps(record) + "\n")
        print(f"rank 0 of {world_size} ({backend}): final loss {losses[-1]:.4f}; in {args.out}")
    return 0


def max_difference(a, b) -> float:
    """Largest absolute difference between two loss curves or two state dicts."""
    if isinstance(a, dict):
        return max(float((a[k] - b[k]).abs().max()) for k in a)
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))))


if __name__ == "__main__":
    raise SystemExit(main())
