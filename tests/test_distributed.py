import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from dlcourse.distributed import (
    backend_and_device,
    global_batches,
    main,
    max_difference,
    rank_batches,
    run_data_parallel,
    shard,
    train_single,
)

STEPS = 30


@pytest.fixture(scope="module")
def single():
    return train_single(steps=STEPS, batch_size=64, lr=0.1)


def test_two_processes_follow_one_process_with_the_same_global_batch(single):
    losses, state = single
    ranks = run_data_parallel(world_size=2, steps=STEPS, batch_size=64, lr=0.1)
    assert set(ranks) == {0, 1}
    assert losses[-1] < losses[0]  # it learned something
    for rank in ranks.values():
        assert rank["backend"] == "gloo"  # no GPU here
        assert rank["seconds"] > 0
        assert max_difference(rank["losses"], losses) < 1e-5
        assert max_difference(rank["state"], state) < 1e-5
    # gradients were averaged, so both copies took identical steps
    assert max_difference(ranks[0]["state"], ranks[1]["state"]) == 0.0


def test_the_distributed_sampler_deals_each_global_batch_out_among_the_ranks():
    # 1,797 digits in global batches of 64 is 28 steps an epoch: 60 steps cross two epochs.
    steps, batch_size = 60, 64
    for world_size in (2, 4):
        per_rank = [
            list(rank_batches(steps, batch_size, rank, world_size, seed=3))
            for rank in range(world_size)
        ]
        for step, (X, y) in enumerate(global_batches(steps, batch_size, seed=3)):
            shares = [per_rank[rank][step] for rank in range(world_size)]
            assert all(len(share_X) == batch_size // world_size for share_X, _ in shares)
            # the ranks' shares are disjoint and together hold the global batch's examples
            together = torch.cat([share_X for share_X, _ in shares])
            assert sorted(map(tuple, together.tolist())) == sorted(map(tuple, X.tolist()))
            labels = torch.cat([share_y for _, share_y in shares])
            assert sorted(labels.tolist()) == sorted(y.tolist())
    # a new epoch is shuffled anew, the same way for a given seed
    first = [X for X, _ in global_batches(56, batch_size, seed=3)]
    assert not torch.equal(first[0], first[28])
    assert torch.equal(next(global_batches(1, batch_size, seed=3))[0], first[0])


def test_backend_and_device_nccl_and_local_rank_with_a_gpu_per_process(monkeypatch):
    assert backend_and_device(0, 1) == ("gloo", torch.device("cpu"))  # this machine: no CUDA
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 4)
    assert backend_and_device(3, 4) == ("nccl", torch.device("cuda", 3))
    assert backend_and_device(1, 2) == ("nccl", torch.device("cuda", 1))
    # more processes than GPUs: every process falls back to gloo on the CPU
    assert backend_and_device(1, 8) == ("gloo", torch.device("cpu"))
    with pytest.raises(ValueError, match="local_rank"):
        backend_and_device(2, 2)
    with pytest.raises(ValueError, match="local_rank"):
        backend_and_device(-1, 2)


def test_the_same_script_under_torchrun(single, tmp_path):
    torchrun = Path(sys.executable).parent / "torchrun"
    assert torchrun.exists() or shutil.which("torchrun"), "torchrun comes with torch"
    out = tmp_path / "losses.json"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("RANK", "LOCAL_RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE")
    }
    result = subprocess.run(
        [
            str(torchrun),
            "--standalone",
            "--nproc_per_node=2",
            "-m",
            "dlcourse.distributed",
            "--steps",
            str(STEPS),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    saved = json.loads(out.read_text())
    assert saved["world_size"] == 2
    assert saved["backend"] == "gloo"
    # each process read its LOCAL_RANK from the environment torchrun set
    assert saved["placement"] == [[0, "cpu"], [1, "cpu"]]
    assert max_difference(saved["losses"], single[0]) < 1e-5


def test_bad_sharding_and_starting_without_torchrun(monkeypatch):
    with pytest.raises(ValueError, match="must divide evenly among 3 ranks"):
        shard(torch.arange(10), 0, 3)
    assert shard(torch.arange(10), 1, 2).tolist() == [5, 6, 7, 8, 9]
    with pytest.raises(ValueError, match="must be a multiple of world_size"):
        run_data_parallel(world_size=2, batch_size=63)
    with pytest.raises(ValueError, match="must be a multiple of world_size"):
        next(rank_batches(5, 63, 0, 2))
    with pytest.raises(ValueError, match="local_world_size"):
        backend_and_device(0, 0)
    monkeypatch.delenv("RANK", raising=False)
    with pytest.raises(SystemExit):
        main([])
