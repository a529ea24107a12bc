"""Every offline data set of the course, by name."""

from collections.abc import Callable

import numpy as np

from dlcourse.data.toy import load_digits, make_moons, make_xor

_DATASETS: dict[str, tuple[Callable[..., tuple[np.ndarray, np.ndarray]], str]] = {
    "digits": (
        load_digits,
        "1,797 real 8x8 handwritten digits, 10 classes (ships with scikit-learn)",
    ),
    "moons": (make_moons, "two interleaving half circles, 2 classes (generated from a seed)"),
    "xor": (make_xor, "noisy corners of the unit square labelled by XOR, 2 classes (generated)"),
}


def list_datasets() -> dict[str, str]:
    """Name and one-line description of every data set ``load_dataset`` knows."""
    return {name: description for name, (_, description) in _DATASETS.items()}


def load_dataset(name: str, **kwargs) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)`` of the named data set; ``kwargs`` go to its generator (``n``, ``seed``, ...)."""
    if name not in _DATASETS:
        raise ValueError(f"unknown data set {name!r}; available: {sorted(_DATASETS)}")
    return _DATASETS[name][0](**kwargs)
