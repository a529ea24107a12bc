"""Data: offline data sets, splits, normalisation, encodings, augmentation and loaders.

- ``toy``: seeded 2-D and 1-D generators, and the real 8x8 digits shipped with scikit-learn.
- ``registry``: every offline data set by name (``list_datasets``, ``load_dataset``).
- ``splits``: stratified train/validation/test splits.
- ``transforms``: standardisation fitted on training data, one-hot encoding, digit augmentation.
- ``sequences``: the adding problem, a seasonal time series, sliding windows.
- ``loaders``: seeded PyTorch ``DataLoader`` s over NumPy arrays.
- ``idx``: reading MNIST-style IDX files, with checksums and a local cache.
"""

from dlcourse.data.loaders import tensor_loader
from dlcourse.data.registry import list_datasets, load_dataset
from dlcourse.data.sequences import make_adding_problem, make_seasonal_series, make_windows
from dlcourse.data.splits import train_val_test_split
from dlcourse.data.toy import (
    load_digits,
    make_function_1d,
    make_moons,
    make_ring_of_gaussians,
    make_xor,
)
from dlcourse.data.transforms import Standardizer, augment_digits, one_hot, shift_images

__all__ = [
    "Standardizer",
    "augment_digits",
    "list_datasets",
    "load_dataset",
    "load_digits",
    "make_adding_problem",
    "make_function_1d",
    "make_moons",
    "make_ring_of_gaussians",
    "make_seasonal_series",
    "make_windows",
    "make_xor",
    "one_hot",
    "shift_images",
    "tensor_loader",
    "train_val_test_split",
]
