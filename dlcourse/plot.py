"""Figures the chapters share."""

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np

from dlcourse.validation import as_float_array


def plot_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    ax: plt.Axes | None = None,
    resolution: int = 200,
    title: str | None = None,
) -> plt.Axes:
    """Shade the plane by ``predict`` and scatter the labelled points on top.

    ``predict`` maps points ``(K, 2)`` to a score per point ``(K,)``: a probability of class 1
    (the 0.5 contour is drawn as the boundary) or a hard 0/1 label.
    """
    X = as_float_array(X, "X", ndim=2)
    y = np.asarray(y)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 features to plot in the plane, got shape {X.shape}")
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},) to match X, got {y.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    pad = 0.5
    (x0, y0), (x1, y1) = X.min(axis=0) - pad, X.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    scores = np.asarray(predict(grid), dtype=float).reshape(gx.shape)
    ax.contourf(gx, gy, scores, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.5)
    ax.contour(gx, gy, scores, levels=[0.5], colors="k", linewidths=1.5)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu_r", edgecolors="k", s=18, vmin=0, vmax=1)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", xlim=(x0, x1), ylim=(y0, y1))
    if title:
        ax.set_title(title)
    return ax


def image_grid(
    images: np.ndarray, ncols: int, shape: tuple[int, int] = (8, 8), gap: int = 1
) -> np.ndarray:
    """Tile ``images`` (one flattened or 2-D image per row) into one array for ``plt.imshow``.

    Images fill the grid row by row, ``ncols`` to a row, separated by ``gap`` pixels of NaN
    (drawn blank); a last row that is not full is padded with NaN.
    """
    height, width = shape
    images = as_float_array(images, "images")  # rejects an empty batch
    if images.ndim not in (2, 3) or images[0].size != height * width:
        raise ValueError(
            f"images must be a batch of {height}x{width} images, one per row, "
            f"got shape {images.shape}"
        )
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    images = images.reshape(len(images), height, width)
    nrows = -(-len(images) // ncols)
    grid = np.full((nrows * (height + gap) - gap, ncols * (width + gap) - gap), np.nan)
    for i, image in enumerate(images):
        r, c = divmod(i, ncols)
        top, left = r * (height + gap), c * (width + gap)
        grid[top : top + height, left : left + width] = image
    return grid
