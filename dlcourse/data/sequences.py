"""Sequence data generated from a seed: the adding problem, a seasonal time series, windows.

Arrays are float32, ready for ``torch.from_numpy``; sequences are batch first, ``(n, T, features)``.
"""

import numpy as np

from dlcourse.validation import as_float_array, check_positive_int


def make_adding_problem(
    n: int = 1000, length: int = 50, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The adding problem of Hochreiter and Schmidhuber (1997), in the form of Le et al. (2015).

    Each sequence has ``length`` steps of two features: a random number in ``[0, 1)`` and a
    marker, 1 at exactly two steps (one in each half of the sequence) and 0 elsewhere. The target
    is the sum of the two marked numbers. Predicting the mean, 1, gives a mean squared error of
    about 1/6 (the variance of the sum of two uniform numbers); a model beats that only if it
    remembers the first marked number until the end.

    Returns ``X (n, length, 2)`` and ``y (n,)``.
    """
    n = check_positive_int(n, "n")
    length = check_positive_int(length, "length", minimum=2)
    rng = np.random.default_rng(seed)
    values = rng.random((n, length))
    half = length // 2
    first = rng.integers(0, half, n)
    second = rng.integers(half, length, n)
    markers = np.zeros((n, length))
    rows = np.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    X = np.stack([values, markers], axis=2).astype(np.float32)
    y = (values[rows, first] + values[rows, second]).astype(np.float32)
    return X, y


def make_seasonal_series(
    length: int = 1000,
    period: int = 24,
    trend: float = 0.01,
    amplitude: float = 1.0,
    noise: float = 0.3,
    seed: int = 0,
) -> np.ndarray:
    """A series with a linear trend, a seasonal cycle of ``period`` steps, and Gaussian noise.

    ``x_t = trend * t + amplitude * (sin(2 pi t / period) + 0.5 sin(4 pi t / period)) + noise e_t``;
    the second harmonic makes the cycle asymmetric, as daily or yearly cycles often are.
    """
    length = check_positive_int(length, "length", minimum=2)
    period = check_positive_int(period, "period", minimum=2)
    for name, value in (("trend", trend), ("amplitude", amplitude), ("noise", noise)):
        if not np.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    rng = np.random.default_rng(seed)
    t = np.arange(length)
    phase = 2 * np.pi * t / period
    season = amplitude * (np.sin(phase) + 0.5 * np.sin(2 * phase))
    return (trend * t + season + noise * rng.standard_normal(length)).astype(np.float32)


def make_windows(
    series: np.ndarray, window: int, horizon: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Supervised pairs from a series: ``window`` past values -> the value ``horizon`` steps later.

    Returns ``X (m, window)`` and ``y (m,)`` with ``m = len(series) - window - horizon + 1``;
    row ``i`` is ``series[i : i + window]`` and its target ``series[i + window + horizon - 1]``.
    """
    series = as_float_array(series, "series", ndim=1)
    window = check_positive_int(window, "window")
    horizon = check_positive_int(horizon, "horizon")
    m = len(series) - window - horizon + 1
    if m < 1:
        raise ValueError(
            f"the series has {len(series)} values, too few for a window of {window} "
            f"and a horizon of {horizon}"
        )
    X = np.lib.stride_tricks.sliding_window_view(series, window)[:m]
    y = series[window + horizon - 1 :][:m]
    return np.ascontiguousarray(X), y.copy()
