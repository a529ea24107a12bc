"""MNIST-style IDX files: reading them, and fetching them once into a checked local cache.

The IDX format (used by MNIST and Fashion-MNIST) is a 4-byte magic number (two zero bytes, a
type code, the number of dimensions), one big-endian 4-byte size per dimension, then the data in
row-major order. Files may be gzip-compressed.

The course's notebooks never download anything; ``load_mnist`` reads the files from a cache
folder and verifies their MD5 checksums, and downloads them only when asked to.
"""

import gzip
import hashlib
import os
import shutil
import urllib.request
from pathlib import Path

import numpy as np

_TYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

# The four MNIST files and the MD5 checksums of their gzip-compressed form, as published with
# the data set and used by torchvision.
MNIST_FILES = {
    "train_images": ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
    "train_labels": ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
    "test_images": ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
    "test_labels": ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
}
MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"


class ChecksumError(ValueError):
    """A cached file does not have the expected checksum: it is corrupt or a different file."""


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an IDX file (optionally ``.gz``) into a NumPy array of its stored shape and type."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path} is not an IDX file (bad magic number)")
    type_code, ndim = data[2], data[3]
    if type_code not in _TYPES:
        raise ValueError(f"{path}: unknown IDX data type 0x{type_code:02x}")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"{path}: truncated IDX header")
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    dtype = _TYPES[type_code]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) - header != expected:
        raise ValueError(
            f"{path}: header promises shape {shape} ({expected} bytes of data), "
            f"file holds {len(data) - header}"
        )
    return (
        np.frombuffer(data, dtype=dtype, offset=header)
        .reshape(shape)
        .astype(dtype.newbyteorder("="))
    )


def write_idx(path: str | os.PathLike, array: np.ndarray) -> None:
    """Write ``array`` as an IDX file (gzip-compressed if ``path`` ends in ``.gz``)."""
    array = np.asarray(array)
    codes = {np.dtype(v).newbyteorder("="): k for k, v in _TYPES.items()}
    dtype = array.dtype.newbyteorder("=")
    if dtype not in codes:
        raise TypeError(f"IDX cannot store dtype {array.dtype}")
    code = codes[dtype]
    header = bytes([0, 0, code, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
    body = array.astype(_TYPES[code]).tobytes()
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as f:
        f.write(header + body)


def md5(path: str | os.PathLike) -> str:
    """MD5 of a file, as hex: a check against corruption, not against tampering."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_cache() -> Path:
    """``$DLCOURSE_DATA`` if set, else ``~/.cache/dlcourse``."""
    return Path(os.environ.get("DLCOURSE_DATA", Path.home() / ".cache" / "dlcourse"))


def load_mnist(
    cache: str | os.PathLike | None = None,
    download: bool = False,
    files: dict[str, tuple[str, str]] = MNIST_FILES,
    url: str = MNIST_URL,
) -> dict[str, np.ndarray]:
    """MNIST from ``cache/mnist``: images as float64 in [0, 1] ``(N, 28, 28)``, labels int64.

    Every file's MD5 is checked against ``files``. A missing file is downloaded only when
    ``download=True``; otherwise a ``FileNotFoundError`` says where to put it.
    """
    folder = Path(cache if cache is not None else default_cache()) / "mnist"
    out = {}
    for key, (name, checksum) in files.items():
        path = folder / name
        if not path.exists():
            if not download:
                raise FileNotFoundError(
                    f"{path} is missing: call load_mnist(download=True) once with a network "
                    f"connection, or copy the file there from {url + name}"
                )
            folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(path.suffix + ".part")
            with (
                urllib.request.urlopen(url + name, timeout=60) as response,
                open(partial, "wb") as f,
            ):
                shutil.copyfileobj(response, f)
            partial.replace(path)
        actual = md5(path)
        if actual != checksum:
            raise ChecksumError(
                f"{path} has MD5 {actual}, expected {checksum}: delete it and fetch it again"
            )
        array = read_idx(path)
        out[key] = (
            array.astype(np.float64) / 255.0 if key.endswith("images") else array.astype(np.int64)
        )
    return out
