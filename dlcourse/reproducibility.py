"""Seeding every random number generator a chapter uses, so a notebook repeats its numbers."""

import random

import numpy as np
import torch


def seed_everything(seed: int) -> np.random.Generator:
    """Seed Python's ``random``, NumPy's global generator and PyTorch; return a new Generator.

    The returned ``np.random.Generator`` is the one new code should draw from.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - legacy global state that older code still reads
    torch.manual_seed(seed)
    return np.random.default_rng(seed)
