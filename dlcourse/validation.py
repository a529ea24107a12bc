"""Input checks shared by the package: each error names what was expected and what came in."""

from collections.abc import Sequence

import numpy as np


def as_number_array(
    x: object,
    name: str,
    ndim: int | Sequence[int] | None = None,
    allow_tensor: bool = False,
) -> np.ndarray:
    """Return ``x`` as a NumPy array of real numbers (its dtype kept), or raise a clear
    ``TypeError``/``ValueError`` naming ``name``.

    ``ndim`` restricts the number of dimensions (one int or a collection of allowed ints). A
    ``torch.Tensor`` is refused with a hint to convert it, or converted if ``allow_tensor``.
    """
    if x is None:
        raise TypeError(f"{name} must be an array, got None")
    if hasattr(x, "detach") and hasattr(x, "numpy"):
        if not allow_tensor:
            raise TypeError(
                f"{name} must be a NumPy array, got a torch.Tensor; convert it with "
                ".detach().numpy()"
            )
        x = x.detach().cpu().numpy()
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be array-like, got {type(x).__name__}") from exc
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real, got complex dtype {arr.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(str(d) for d in allowed)
            raise ValueError(f"{name} must have {want} dimensions, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    return arr


def as_float_array(x: object, name: str, ndim: int | Sequence[int] | None = None) -> np.ndarray:
    """Return ``x`` as a floating-point NumPy array, or raise a clear ``TypeError``/``ValueError``.

    Integer and boolean input is converted to float64; float32/float64 are kept as they are.
    ``ndim`` restricts the number of dimensions (one int or a collection of allowed ints).
    """
    arr = as_number_array(x, name, ndim)
    return arr if np.issubdtype(arr.dtype, np.floating) else arr.astype(np.float64)


def check_positive_int(value: object, name: str, minimum: int = 1) -> int:
    """Return ``value`` if it is an int >= ``minimum``; raise a clear error otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def _is_real_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float | np.integer | np.floating)


def check_positive_number(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a finite number > 0; else raise ``ValueError``."""
    if not _is_real_number(value) or not 0 < value < np.inf:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def check_nonnegative_number(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a finite number >= 0; else raise ``ValueError``."""
    if not _is_real_number(value) or not 0 <= value < np.inf:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def check_fraction(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a number in [0, 1); else raise ``ValueError``."""
    if not _is_real_number(value) or not 0 <= value < 1:
        raise ValueError(f"{name} must be a number in [0, 1), got {value!r}")
    return float(value)


def as_float_array_of_shape(
    x: object, name: str, shape: tuple[int | str, ...], hint: str = ""
) -> np.ndarray:
    """Return ``x`` as a floating-point array of ``shape``, or raise a clear error naming ``name``.

    A str entry of ``shape`` (``"S"``) matches any size. ``hint`` ends the message, for example
    ``"like query (2, 5, 8)"``.
    """
    arr = as_float_array(x, name)
    if arr.ndim != len(shape) or any(
        isinstance(want, int) and want != got for want, got in zip(shape, arr.shape, strict=True)
    ):
        want = "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
        hint = f" {hint}" if hint else ""
        raise ValueError(f"{name} must have shape {want}{hint}, got {arr.shape}")
    return arr


def check_sequence_batch(x: object, input_size: int) -> None:
    """Check that ``x`` is a tensor of shape ``(N, T, input_size)``: batch, time steps, features."""
    import torch

    if not isinstance(x, torch.Tensor):
        raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}")
    if x.ndim != 3 or x.shape[2] != input_size:
        raise ValueError(
            f"x must have shape (N, T, {input_size}) (batch, time steps, features), "
            f"got {tuple(x.shape)}"
        )


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``arr`` holds NaN or infinity."""
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, but it holds NaN or infinity")


def check_layer_sizes(sizes: Sequence[int]) -> list[int]:
    """Layer sizes of a fully connected network (input first, output last), each an int >= 1."""
    if isinstance(sizes, str | bytes) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a sequence of ints, got {type(sizes).__name__}")
    if len(sizes) < 2:
        raise ValueError(f"sizes needs an input and an output size, got {list(sizes)}")
    return [check_positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
