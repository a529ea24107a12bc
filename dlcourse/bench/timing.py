"""Timing done right: warm-up, device synchronisation, repeats, median and spread."""

import contextlib
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

import torch


def synchronize(device: torch.device | str | None) -> None:
    """Wait until every queued operation on ``device`` has finished.

    GPUs run asynchronously: a call returns when the work is *queued*, not done. Without this, a
    timer measures the queueing. On the CPU PyTorch works synchronously, so there is nothing to do.
    """
    device = torch.device(device) if device is not None else torch.device("cpu")
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


@dataclass
class Timing:
    """Seconds per call: every measurement, and their median and spread."""

    times: list[float]
    number: int  # calls per measurement; each entry of times is already divided by it
    warmup: int

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def iqr(self) -> float:
        """Interquartile range: the spread of the middle half of the measurements."""
        if len(self.times) < 2:
            return 0.0
        q1, _, q3 = statistics.quantiles(self.times, n=4, method="inclusive")
        return q3 - q1

    @property
    def min(self) -> float:
        return min(self.times)

    def as_dict(self) -> dict:
        return {**asdict(self), "median": self.median, "iqr": self.iqr, "min": self.min}

    def __str__(self) -> str:
        return (
            f"{_format_seconds(self.median)} median, IQR {_format_seconds(self.iqr)} "
            f"({len(self.times)} measurements of {self.number} call(s), {self.warmup} warm-up)"
        )


def _format_seconds(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def time_fn(
    fn: Callable[[], object],
    device: torch.device | str | None = None,
    warmup: int = 3,
    repeats: int = 20,
    number: int | None = None,
    min_measurement: float = 2e-3,
) -> Timing:
    """Time ``fn()`` the way a benchmark should.

    1. ``warmup`` calls first, untimed: the first calls pay one-off costs (allocation, kernel
       selection, caches) that a training loop pays once.
    2. Each measurement synchronises ``device`` before starting the clock and after the calls,
       so it counts finished work, not queued work.
    3. ``repeats`` measurements; the median resists the outliers a shared machine produces, and
       the interquartile range shows how noisy they were.

    A measurement runs ``fn`` ``number`` times (``None``: enough calls to last ``min_measurement``
    seconds, so a fast call is not drowned in the timer's own resolution); results are per call.
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable with no arguments, got {type(fn).__name__}")
    for name, value, low in (("warmup", warmup, 0), ("repeats", repeats, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    for _ in range(warmup):
        fn()
    synchronize(device)
    if number is None:
        number = 1
        while _measure(fn, device, number) < min_measurement and number < 1_000_000:
            number *= 2
    elif isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"number must be a positive integer or None, got {number!r}")
    times = [_measure(fn, device, number) / number for _ in range(repeats)]
    return Timing(times=times, number=number, warmup=warmup)


def _measure(fn: Callable[[], object], device, number: int) -> float:
    synchronize(device)
    start = time.perf_counter()
    for _ in range(number):
        fn()
    synchronize(device)
    return time.perf_counter() - start


@contextlib.contextmanager
def threads(n: int) -> Iterator[None]:
    """Let PyTorch use ``n`` CPU threads inside the ``with`` block, then restore the old number."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)
