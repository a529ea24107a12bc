"""2-D convolution and max-pooling in NumPy, forward and backward, vectorised with im2col.

Shapes and weight layout follow PyTorch (``torch.nn.functional.conv2d``/``max_pool2d``), so the
same arrays can be fed to both and compared:

- images ``x``: ``(N, C, H, W)``: batch, channels, height, width;
- filters ``w``: ``(F, C, KH, KW)``: one ``C x KH x KW`` filter per output channel, bias ``b (F,)``;
- output: ``(N, F, H_out, W_out)`` with ``H_out = (H + 2 * padding - KH) // stride + 1``.

Like PyTorch, "convolution" here is cross-correlation: the filter is not flipped.

**im2col.** Every output pixel is the dot product of one filter with one ``C x KH x KW`` patch of
the (padded) input. :func:`im2col` copies all patches into the rows of one matrix, so the whole
layer becomes a single matrix product ``patches @ w.reshape(F, -1).T``, the operation a CPU does
fastest. The backward pass is two more matrix products and :func:`col2im`, which adds each
patch's gradient back to the pixels it came from (pixels shared by overlapping patches collect
the sum of their gradients).
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from dlcourse.validation import as_float_array, check_positive_int


def conv_output_size(size: int, kernel: int, stride: int = 1, padding: int = 0) -> int:
    """Output length of a convolution or pooling along one axis: ``(size + 2p - k) // s + 1``."""
    size = check_positive_int(size, "size")
    kernel = check_positive_int(kernel, "kernel")
    stride = check_positive_int(stride, "stride")
    padding = check_positive_int(padding, "padding", minimum=0)
    if size + 2 * padding < kernel:
        raise ValueError(
            f"the kernel ({kernel}) is larger than the padded input ({size} + 2 * {padding}); "
            "use a smaller kernel or more padding"
        )
    return (size + 2 * padding - kernel) // stride + 1


def _check_images(x: object, name: str = "x") -> np.ndarray:
    x = as_float_array(x, name)
    if x.ndim != 4:
        raise ValueError(
            f"{name} must have shape (N, C, H, W), got shape {x.shape}; "
            "add a channel axis with x[:, None] for grey images"
        )
    return x


def _pad(x: np.ndarray, padding: int, value: float = 0.0) -> np.ndarray:
    if padding == 0:
        return x
    widths = ((0, 0), (0, 0), (padding, padding), (padding, padding))
    return np.pad(x, widths, constant_values=value)


def _patches(x: np.ndarray, kh: int, kw: int, stride: int, padding: int) -> np.ndarray:
    """The patches as a ``(C*kh*kw, N*H_out*W_out)`` matrix: one column per output pixel.

    Built channel-first from ``kh * kw`` strided slices of the padded images, so every copy
    reads and writes long runs of memory.
    """
    n, c, h, w = x.shape
    h_out = conv_output_size(h, kh, stride, padding)
    w_out = conv_output_size(w, kw, stride, padding)
    xp = _pad(x, padding).transpose(1, 0, 2, 3)  # (C, N, H + 2p, W + 2p)
    patches = np.empty((c, kh, kw, n, h_out, w_out), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            patches[:, i, j] = xp[
                :, :, i : i + stride * h_out : stride, j : j + stride * w_out : stride
            ]
    return patches.reshape(c * kh * kw, n * h_out * w_out)


def _add_patches(
    cols_t: np.ndarray, x_shape: tuple, kh: int, kw: int, stride: int, padding: int
) -> np.ndarray:
    """Inverse direction of :func:`_patches`: add each column back onto its pixels."""
    n, c, h, w = x_shape
    h_out = conv_output_size(h, kh, stride, padding)
    w_out = conv_output_size(w, kw, stride, padding)
    patches = cols_t.reshape(c, kh, kw, n, h_out, w_out)
    padded = np.zeros((c, n, h + 2 * padding, w + 2 * padding), dtype=cols_t.dtype)
    # One strided slice per kernel position: kh * kw vectorised additions, no loop over pixels.
    for i in range(kh):
        for j in range(kw):
            padded[:, :, i : i + stride * h_out : stride, j : j + stride * w_out : stride] += (
                patches[:, i, j]
            )
    padded = padded[:, :, padding : padding + h, padding : padding + w]
    return np.ascontiguousarray(padded.transpose(1, 0, 2, 3))


def im2col(x: np.ndarray, kh: int, kw: int, stride: int = 1, padding: int = 0) -> np.ndarray:
    """All ``C x kh x kw`` patches of ``x (N, C, H, W)``, one per row: ``(N*Ho*Wo, C*kh*kw)``.

    Row ``(n * H_out + i) * W_out + j`` is the patch whose top-left corner is at
    ``(i * stride, j * stride)`` of image ``n`` after zero padding; within a row the order is
    ``(channel, kernel row, kernel column)``, the order of ``w.reshape(F, -1)``.
    """
    x = _check_images(x)
    kh, kw = check_positive_int(kh, "kh"), check_positive_int(kw, "kw")
    stride = check_positive_int(stride, "stride")
    padding = check_positive_int(padding, "padding", minimum=0)
    return _patches(x, kh, kw, stride, padding).T


def col2im(
    cols: np.ndarray,
    x_shape: tuple[int, int, int, int],
    kh: int,
    kw: int,
    stride: int = 1,
    padding: int = 0,
) -> np.ndarray:
    """The adjoint of :func:`im2col`: add every row of ``cols`` back onto the pixels it came from.

    Returns an array of shape ``x_shape``; a pixel covered by several patches gets the sum.
    """
    cols = as_float_array(cols, "cols", ndim=2)
    n, c, h, w = x_shape
    h_out = conv_output_size(h, kh, stride, padding)
    w_out = conv_output_size(w, kw, stride, padding)
    expected = (n * h_out * w_out, c * kh * kw)
    if cols.shape != expected:
        raise ValueError(
            f"cols must have shape {expected} for x {tuple(x_shape)}, got {cols.shape}"
        )
    return _add_patches(cols.T, x_shape, kh, kw, stride, padding)


def conv2d_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, tuple]:
    """2-D convolution (cross-correlation) of ``x (N, C, H, W)`` with filters ``w (F, C, KH, KW)``.

    Returns ``(out, cache)`` with ``out (N, F, H_out, W_out)``; equal to
    ``torch.nn.functional.conv2d(x, w, b, stride=stride, padding=padding)``.
    """
    x = _check_images(x)
    w = as_float_array(w, "w")
    stride = check_positive_int(stride, "stride")
    padding = check_positive_int(padding, "padding", minimum=0)
    if w.ndim != 4:
        raise ValueError(f"w must have shape (F, C, KH, KW), got shape {w.shape}")
    if w.shape[1] != x.shape[1]:
        raise ValueError(
            f"x has {x.shape[1]} channels but the filters w {w.shape} expect {w.shape[1]}"
        )
    f, _, kh, kw = w.shape
    if b is None:
        b = np.zeros(f, dtype=w.dtype)
    b = as_float_array(b, "b", ndim=1)
    if b.shape != (f,):
        raise ValueError(f"b must have shape ({f},), one bias per filter, got {b.shape}")
    n, _, h, width = x.shape
    h_out = conv_output_size(h, kh, stride, padding)
    w_out = conv_output_size(width, kw, stride, padding)
    cols_t = _patches(x, kh, kw, stride, padding)  # im2col(x).T: (C*KH*KW, N*Ho*Wo)
    out = w.reshape(f, -1) @ cols_t + b[:, None]  # (F, N*Ho*Wo): the whole layer, one product
    out = out.reshape(f, n, h_out, w_out).transpose(1, 0, 2, 3)
    return np.ascontiguousarray(out), (x.shape, cols_t, w, stride, padding)


def conv2d_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of :func:`conv2d_forward`: ``(dx, dw, db)`` given ``dout = dL/dout``."""
    x_shape, cols_t, w, stride, padding = cache
    dout = as_float_array(dout, "dout")
    f, c, kh, kw = w.shape
    n = x_shape[0]
    out_shape = (
        n,
        f,
        conv_output_size(x_shape[2], kh, stride, padding),
        conv_output_size(x_shape[3], kw, stride, padding),
    )
    if dout.shape != out_shape:
        raise ValueError(f"dout must have the output's shape {out_shape}, got {dout.shape}")
    dout_f = dout.transpose(1, 0, 2, 3).reshape(f, -1)  # (F, N*Ho*Wo)
    dw = (dout_f @ cols_t.T).reshape(w.shape)
    db = dout_f.sum(axis=1)
    dcols_t = w.reshape(f, -1).T @ dout_f  # (C*KH*KW, N*Ho*Wo)
    dx = _add_patches(dcols_t, x_shape, kh, kw, stride, padding)
    return dx, dw, db


def maxpool2d_forward(
    x: np.ndarray, kernel_size: int = 2, stride: int | None = None, padding: int = 0
) -> tuple[np.ndarray, tuple]:
    """Max-pooling of ``x (N, C, H, W)``; equal to ``torch.nn.functional.max_pool2d``.

    ``stride`` defaults to ``kernel_size`` (non-overlapping windows), as in PyTorch. Padding
    pads with minus infinity, so a padded position is never the maximum. Ties go to the first
    maximum in the window (row by row), as in PyTorch's CPU kernel.
    """
    x = _check_images(x)
    k = check_positive_int(kernel_size, "kernel_size")
    s = k if stride is None else check_positive_int(stride, "stride")
    padding = check_positive_int(padding, "padding", minimum=0)
    if padding > k // 2:
        raise ValueError(f"padding must be at most half the kernel size ({k // 2}), got {padding}")
    n, c, h, w = x.shape
    h_out = conv_output_size(h, k, s, padding)
    w_out = conv_output_size(w, k, s, padding)
    windows = sliding_window_view(_pad(x, padding, -np.inf), (k, k), axis=(2, 3))
    windows = windows[:, :, ::s, ::s][:, :, :h_out, :w_out].reshape(n, c, h_out, w_out, k * k)
    argmax = windows.argmax(axis=-1)
    out = np.take_along_axis(windows, argmax[..., None], axis=-1)[..., 0]
    return out, (x.shape, argmax, k, s, padding)


def maxpool2d_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Gradient of :func:`maxpool2d_forward`: each window's gradient goes to its maximum."""
    x_shape, argmax, k, s, padding = cache
    dout = as_float_array(dout, "dout")
    if dout.shape != argmax.shape:
        raise ValueError(f"dout must have the output's shape {argmax.shape}, got {dout.shape}")
    n, c, h, w = x_shape
    h_out, w_out = argmax.shape[2:]
    padded = np.zeros((n, c, h + 2 * padding, w + 2 * padding), dtype=dout.dtype)
    for position in range(k * k):
        i, j = divmod(position, k)
        padded[:, :, i : i + s * h_out : s, j : j + s * w_out : s] += np.where(
            argmax == position, dout, 0.0
        )
    if padding == 0:
        return padded
    return padded[:, :, padding:-padding, padding:-padding]
