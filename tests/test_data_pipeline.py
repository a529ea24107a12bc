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


def test_stratifying_a_continuous_target_gets_an_error_naming_stratify():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(100, 3)), rng.normal(size=100)  # a regression target
    with pytest.raises(
        ValueError, match=r"stratify=True needs class labels, but y looks cont"
    ) as info:
        train_val_test_split(X, y)
    message = str(info.value)
    assert f"{y[0]:g}" in message and "stratify=False" in message and "\n" not in message
    assert len(message) < 200, "the message must not list every value as a class"
    # Without stratification the same data splits, with nothing lost.
    X_tr, X_va, X_te, *_ = train_val_test_split(X, y, stratify=False)
    assert len(X_te) == 15 and len(X_tr) + len(X_va) == 85


def test_whole_number_float_labels_are_still_stratified():
    y = (np.arange(40) % 2).astype(np.float64)  # 0.0 and 1.0: classes, not a continuous target
    *_, y_tr, y_va, y_te = train_val_test_split(np.ones((40, 2)), y)
    assert [np.mean(part) for part in (y_tr, y_va, y_te)] == [0.5, 0.5, 0.5]


@pytest.mark.parametrize(
    ("y", "reason"),
    [
        (np.arange(100), "least populated class"),  # every value its own class
        (np.arange(100) % 20, "greater or equal to the number of classes = 20"),
        (np.r_[np.zeros(99, int), 1], "least populated class"),
        (np.r_[np.zeros(99), np.nan], "y must be finite"),
    ],
)
def test_classes_too_rare_to_stratify_get_an_error_naming_stratify(y, reason):
    with pytest.raises(ValueError, match=reason) as info:
        train_val_test_split(np.ones((100, 2)), y)
    message = str(info.value)
    assert message.startswith(("stratify=True", "y must be finite")) and "\n" not in message
    assert len(message) < 200, "the message must not list every value as a class"


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


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("value", [0.1, -0.7, 1 / 3, 3.3, 123.456, 1e8 / 3, 2.7e15 + 0.5, 1e-30])
@pytest.mark.parametrize("n", [3, 5, 6, 50])
def test_a_constant_column_is_only_centred_like_scikit_learn(n, value, dtype):
    # The std of n copies of 0.1 is rounding noise (1e-17 for n = 3), not 0; scaling by it gave ±1.
    X = np.column_stack([np.full(n, value), np.arange(n)]).astype(dtype)
    ours = Standardizer().fit_transform(X)
    reference = StandardScaler().fit_transform(X)
    rounding = 4 * np.finfo(dtype).eps * abs(value)
    assert ours.dtype == dtype
    np.testing.assert_allclose(ours[:, 0], reference[:, 0], rtol=0, atol=rounding)
    assert np.abs(ours[:, 0]).max() <= rounding, "a constant feature must be centred, not scaled"
    np.testing.assert_allclose(ours[:, 1], reference[:, 1], rtol=1e-6)


def test_a_varying_column_of_tiny_numbers_is_still_scaled_like_scikit_learn():
    X = np.array([[1e-20], [2e-20], [3e-20]])  # tiny in absolute terms, but not constant
    ours = Standardizer().fit_transform(X)
    np.testing.assert_allclose(ours, StandardScaler().fit_transform(X), rtol=1e-12)
    np.testing.assert_allclose(ours[:, 0], [-np.sqrt(1.5), 0.0, np.sqrt(1.5)], rtol=1e-12)


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


def test_tensor_loader_keeps_labels_integer_and_shuffles_by_seed():
    from dlcourse.data import tensor_loader

    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10)
    batches = list(tensor_loader(X, y, batch_size=4, shuffle=True, seed=1))
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    assert batches[0][0].dtype == torch.float32 and batches[0][1].dtype == torch.int64
    order = torch.cat([b[1] for b in batches])
    assert sorted(order.tolist()) == list(range(10)) and order.tolist() != list(range(10))
    again = torch.cat([b[1] for b in tensor_loader(X, y, batch_size=4, shuffle=True, seed=1)])
    assert order.tolist() == again.tolist()
    # Each input row travels with its own label.
    for xb, yb in batches:
        torch.testing.assert_close(xb[:, 0], 2.0 * yb.float())
    float_y = next(iter(tensor_loader(X, y.astype(float))))[1]
    assert float_y.dtype == torch.float32
    with pytest.raises(ValueError, match="same length, got 10 and 9"):
        tensor_loader(X, y[:9])


def test_shift_images_moves_pixels_and_fills_with_zeros():
    from dlcourse.data import shift_images

    X = np.arange(1, 17, dtype=float).reshape(1, 16)  # one 4x4 image
    img = X.reshape(4, 4)
    down_right = shift_images(X, 1, 2, side=4).reshape(4, 4)
    np.testing.assert_array_equal(down_right[1:, 2:], img[:3, :2])
    assert down_right[0].sum() == 0 and down_right[:, :2].sum() == 0
    up_left = shift_images(X, -1, -1, side=4).reshape(4, 4)
    np.testing.assert_array_equal(up_left[:3, :3], img[1:, 1:])
    np.testing.assert_array_equal(shift_images(X, 0, 0, side=4), X)
    # scipy's ndimage.shift with zero fill is an independent reference.
    from scipy import ndimage

    rng = np.random.default_rng(0)
    Z = rng.random((3, 64))
    for dy, dx in [(2, -3), (-1, 0), (0, 5)]:
        expected = np.stack([ndimage.shift(z.reshape(8, 8), (dy, dx), order=0) for z in Z])
        np.testing.assert_array_equal(shift_images(Z, dy, dx), expected.reshape(3, 64))
    with pytest.raises(ValueError, match="dy must be between -7 and 7"):
        shift_images(Z, 8, 0)
    with pytest.raises(ValueError, match="8x8 images as rows of 64"):
        shift_images(np.ones((2, 10)), 1, 1)
