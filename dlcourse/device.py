"""Which device to compute on: a CUDA GPU, Apple's MPS, or the CPU."""

import torch


def best_device() -> torch.device:
    """Return the fastest available device: ``cuda`` if present, then ``mps``, else ``cpu``."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")
