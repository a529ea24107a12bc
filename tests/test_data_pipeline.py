"""Splits, transforms, the data set registry and the IDX loader (offline, on files we write)."""

import gzip
import struct

import numpy as np
import pytest
import torch
from sklearn.preprocessing import StandardScaler

from dlcourse.data import (
    Standardizer,
    augment_digits,
    list_datasets,
    load_dataset,
    load_digits,
    one_hot,
    train_val_test_split,
)
from dlcourse.data.idx import ChecksumError, load_mnist, md5, read_idx, write_idx


def test_registry_lists_and_loads_every_data_set():
    names = list_datasets()
    assert {"digits", "moons", "xor"} <= set(names)
    for name in names:
        X, y = load_dataset(name)
        assert len(X) == len(y) > 0
    X, _ = load_dataset("moons", n=10, seed=3)
    assert X.shape == (10, 2)
    with pytest.raises(ValueError, match="unknown data set 'mnist'; available"):
        load_dataset("mnist")


def test_stratified_split_keeps_class_proportions_and_loses_nothing():
    X, y = load_digits()
    X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(X, y, 0.2, 0.2, seed=1)
    assert len(y_tr) + len(y_va) + len(y_te) == len(y)
    assert abs(len(y_te) - 0.2 * len(y)) <= 1 and abs(len(y_va) - 0.2 * len(y)) <= 2
    rows = {tuple(r) for r in np.vstack([X_tr, X_va, X_te])}
    assert len(rows) == len({tuple(r) for r in X})  # every image is somewhere
    overall = np.bincount(y) / len(y)
    for part in (y_tr, y_va, y_te):
        assert np.abs(np.bincount(part, minlength=10) / len(part) - overall).max() < 0.01


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"val_size": 0.6, "test_size": 0.5}, "below 1"), ({"test_size": 1.5}, "fraction")],
)
def test_split_rejects_impossible_sizes(kwargs, message):
    with pytest.raises(ValueError, match=message):
        train_val_test_split(np.ones((10, 2)), np.arange(10) % 2, **kwargs)


def test_standardizer_matches_scikit_learn_and_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    train, test = rng.normal(3, 2, size=(50, 4)), rng.normal(0, 1, size=(20, 4))
    train[:, 2] = 7.0  # a constant feature
    ours = Standardizer().fit(train)
    reference = StandardScaler().fit(train)
    np.testing.assert_allclose(ours.transform(test), reference.transform(test), rtol=1e-12)
    with pytest.raises(RuntimeError, match="fit"):
        Standardizer().transform(test)
    with pytest.raises(ValueError, match="fitted on 4"):
        ours.transform(np.ones((2, 3)))


def test_one_hot_matches_torch():
    labels = np.array([0, 3, 1, 3])
    expected = torch.nn.functional.one_hot(torch.tensor(labels), 4).numpy()
    np.testing.assert_array_equal(one_hot(labels, 4), expected)
    with pytest.raises(ValueError, match=r"\[0, 2\]"):
        one_hot(labels, 3)
    with pytest.raises(TypeError, match="integers"):
        one_hot(np.array([0.0, 1.0]), 2)


def test_augmentation_with_no_change_returns_the_images():
    X, _ = load_digits()
    same = augment_digits(X[:20], np.random.default_rng(0), max_shift=0, max_angle=0, noise=0)
    np.testing.assert_allclose(same, X[:20], atol=1e-12)


def test_augmentation_is_seeded_bounded_and_changes_images():
    X, _ = load_digits()
    a = augment_digits(X[:50], np.random.default_rng(1))
    b = augment_digits(X[:50], np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    assert a.shape == (50, 64) and a.min() >= 0 and a.max() <= 1
    assert np.abs(a - X[:50]).mean() > 0.02
    with pytest.raises(ValueError, match="rows of 64 pixels"):
        augment_digits(np.ones((2, 10)), np.random.default_rng(0))


def test_idx_reader_parses_the_format_written_by_hand(tmp_path):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    path = tmp_path / "images.idx"
    path.write_bytes(b"\x00\x00\x08\x03" + struct.pack(">III", 2, 3, 4) + images.tobytes())
    np.testing.assert_array_equal(read_idx(path), images)
    floats = np.array([1.5, -2.25], dtype=np.float32)
    gz = tmp_path / "floats.idx.gz"
    with gzip.open(gz, "wb") as f:
        f.write(b"\x00\x00\x0d\x01" + struct.pack(">I", 2) + floats.astype(">f4").tobytes())
    np.testing.assert_array_equal(read_idx(gz), floats)


@pytest.mark.parametrize(
    "array", [np.arange(6, dtype=np.uint8).reshape(2, 3), np.array([-1, 7], dtype=np.int32)]
)
def test_idx_write_read_round_trip(tmp_path, array):
    write_idx(tmp_path / "a.idx.gz", array)
    np.testing.assert_array_equal(read_idx(tmp_path / "a.idx.gz"), array)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x01\x00\x08\x01" + struct.pack(">I", 1) + b"\x00", "bad magic"),
        (b"\x00\x00\x07\x01" + struct.pack(">I", 1) + b"\x00", "unknown IDX data type"),
        (b"\x00\x00\x08\x01" + struct.pack(">I", 5) + b"\x00", "promises shape"),
    ],
)
def test_idx_reader_rejects_broken_files(tmp_path, content, message):
    (tmp_path / "bad.idx").write_bytes(content)
    with pytest.raises(ValueError, match=message):
        read_idx(tmp_path / "bad.idx")


def small_mnist(tmp_path):
    """A tiny MNIST-shaped cache: 3 training and 2 test images, with their checksums."""
    folder = tmp_path / "mnist"
    folder.mkdir()
    arrays = {
        "train_images": np.full((3, 28, 28), 255, dtype=np.uint8),
        "train_labels": np.array([5, 0, 4], dtype=np.uint8),
        "test_images": np.zeros((2, 28, 28), dtype=np.uint8),
        "test_labels": np.array([7, 2], dtype=np.uint8),
    }
    files = {}
    for key, array in arrays.items():
        name = f"{key}.gz"
        write_idx(folder / name, array)
        files[key] = (name, md5(folder / name))
    return files


def test_load_mnist_reads_a_checked_cache(tmp_path):
    files = small_mnist(tmp_path)
    data = load_mnist(cache=tmp_path, files=files)
    assert data["train_images"].shape == (3, 28, 28) and data["train_images"].max() == 1.0
    np.testing.assert_array_equal(data["test_labels"], [7, 2])
    assert data["train_labels"].dtype == np.int64


def test_load_mnist_refuses_a_corrupt_file(tmp_path):
    files = small_mnist(tmp_path)
    (tmp_path / "mnist" / files["test_labels"][0]).write_bytes(b"not the file")
    with pytest.raises(ChecksumError, match="delete it and fetch it again"):
        load_mnist(cache=tmp_path, files=files)


def test_load_mnist_never_downloads_unless_asked(tmp_path):
    with pytest.raises(FileNotFoundError, match="download=True"):
        load_mnist(cache=tmp_path)
