"""Self-check helpers for exercises: each failure is one line a learner can act on."""

import sys
from collections.abc import Callable
from typing import Any

import numpy as np


class CheckError(AssertionError):
    """A self-check failed; the message says what was expected and what came in."""


def call_answer(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call the learner's function, turning the usual first mistakes into clear messages."""
    name = getattr(fn, "__name__", "your function")
    if not callable(fn):
        raise CheckError(f"{name} should be a function, but it is a {type(fn).__name__}")
    try:
        result = fn(*args, **kwargs)
    except NotImplementedError:
        raise CheckError(
            f"{name} still raises NotImplementedError: replace that line with your answer"
        ) from None
    if result is None:
        raise CheckError(f"{name} returned None: did you forget a return statement?")
    return result


def check_array(
    got: Any,
    expected: Any,
    name: str = "your answer",
    *,
    rtol: float = 1e-5,
    atol: float = 1e-7,
) -> None:
    """Check that ``got`` equals the array ``expected`` in type, shape and value (to tolerance)."""
    expected = _to_numpy(expected)
    if got is None:
        raise CheckError(f"{name} is None: did you forget a return statement?")
    got = _to_numpy(got)
    if not isinstance(got, np.ndarray) or got.dtype == object:
        raise CheckError(f"{name} should be a NumPy array of numbers, got {type(got).__name__}")
    if got.shape != expected.shape:
        hint = ""
        if got.ndim == 2 and got.T.shape == expected.shape and _close(got.T, expected, rtol, atol):
            hint = ": it is the transpose of the expected array (check the order of a matmul)"
        elif got.size == expected.size:
            hint = ": the right number of values, arranged differently"
        raise CheckError(f"{name} has shape {got.shape}, expected {expected.shape}{hint}")
    if np.issubdtype(expected.dtype, np.floating) and not np.issubdtype(got.dtype, np.floating):
        raise CheckError(
            f"{name} has dtype {got.dtype}, expected floating point ({expected.dtype}): "
            "integer arithmetic loses the fractions"
        )
    if np.issubdtype(got.dtype, np.floating) and not np.all(np.isfinite(got)):
        raise CheckError(f"{name} holds NaN or infinity: look for a division by zero or overflow")
    if not _close(got, expected, rtol, atol):
        diff = np.abs(got.astype(float) - expected.astype(float))
        where = np.unravel_index(np.argmax(diff), diff.shape)
        raise CheckError(
            f"{name} differs from the expected values: largest difference {diff[where]:.3g} "
            f"at index {tuple(int(i) for i in where)} (got {got[where]!r}, "
            f"expected {expected[where]!r})"
        )


def check_scalar(got: Any, expected: float, name: str = "your answer", *, tol: float = 0) -> None:
    """Check a single number (``tol`` is an absolute tolerance; 0 means exactly equal)."""
    if got is None:
        raise CheckError(f"{name} is None: did you forget a return statement?")
    got = _to_numpy(got)
    if isinstance(got, np.ndarray):
        if got.size != 1:
            raise CheckError(f"{name} should be a single number, got an array of shape {got.shape}")
        got = got.item()
    if isinstance(got, bool | np.bool_) or not isinstance(got, int | float | np.number):
        raise CheckError(f"{name} should be a number, got {type(got).__name__}")
    got = _plain_number(got)
    if not abs(got - expected) <= tol:
        raise CheckError(f"{name} is {got}, expected {expected}")


def _plain_number(x: Any) -> int | float:
    """The value of a number as a plain int or float, whatever its class says of itself: a
    subclass cannot make a wrong answer compare equal."""
    if isinstance(x, int):
        return int.__index__(x)
    if isinstance(x, float):
        return float.__float__(x)
    return float(np.float64(x))


def _to_numpy(x: Any) -> Any:
    """A plain NumPy array of ``x``'s values (a tensor's, a list's), or ``x`` unchanged if it is
    no kind of array. Only a real ``torch.Tensor`` is converted as one, and an array subclass
    becomes a plain array, so that an object cannot choose what it is compared as."""
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(x, torch.Tensor):
        return np.array(torch.Tensor.numpy(x.detach().cpu()), copy=True)
    if isinstance(x, np.ndarray):
        return np.array(x, copy=True, subok=False)
    if isinstance(x, list | tuple):
        try:
            return np.asarray(x)
        except ValueError:
            return x
    return x


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    return bool(np.allclose(a.astype(float), b.astype(float), rtol=rtol, atol=atol))
