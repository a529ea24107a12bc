"""PyTorch ``DataLoader`` s over NumPy arrays, seeded so every run sees the same batches."""

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from dlcourse.validation import as_float_array, as_number_array, check_positive_int


def tensor_loader(
    X: np.ndarray, y: np.ndarray, batch_size: int = 32, shuffle: bool = False, seed: int = 0
) -> DataLoader:
    """A ``DataLoader`` of ``(float32 inputs, targets)`` batches from arrays ``X`` and ``y``.

    Integer ``y`` stays integer (class labels for ``CrossEntropyLoss``); float ``y`` becomes
    float32 (regression targets). With ``shuffle=True`` the order of examples is drawn from
    ``seed``, so the same seed gives the same batches on every run.
    """
    X = as_float_array(X, "X", ndim=range(1, 8))
    y_arr = as_number_array(y, "y", ndim=range(1, 8))
    if len(X) != len(y_arr):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y_arr)}")
    batch_size = check_positive_int(batch_size, "batch_size")
    y_t = torch.from_numpy(y_arr.astype(np.float32) if y_arr.dtype.kind == "f" else y_arr)
    dataset = TensorDataset(torch.from_numpy(X.astype(np.float32)), y_t)
    return DataLoader(
        dataset,
        batch_size=batch_size,
        shuffle=shuffle,
        generator=torch.Generator().manual_seed(seed),
    )
