import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from dlcourse.distributed import (
    main,
    max_difference,
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
        assert max_difference(rank["losses"], losses) < 1e-5
        assert max_difference(rank["state"], state) < 1e-5
    # gradients were averaged, so both copies took identical steps
    assert max_difference(ranks[0]["state"], ranks[1]["state"]) == 0.0


def test_the_same_script_under_torchrun(single, tmp_path):
    torchrun = Path(sys.executable).parent / "torchrun"
    assert torchrun.exists() or shutil.which("torchrun"), "torchrun comes with torch"
    out = tmp_path / "losses.json"
    env = {k: v for k, v in os.environ.items() if k not in ("RANK", "WORLD_SIZE")}
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
    assert max_difference(saved["losses"], single[0]) < 1e-5


def test_bad_sharding_and_starting_without_torchrun(monkeypatch):
    with pytest.raises(ValueError, match="must divide evenly among 3 ranks"):
        shard(torch.arange(10), 0, 3)
    assert shard(torch.arange(10), 1, 2).tolist() == [5, 6, 7, 8, 9]
    with pytest.raises(ValueError, match="must be a multiple of world_size"):
        run_data_parallel(world_size=2, batch_size=63)
    monkeypatch.delenv("RANK", raising=False)
    with pytest.raises(SystemExit):
        main([])
