"""Benchmark: the NumPy (im2col) convolution against PyTorch's, forward + backward, on the CPU.

Usage: python benchmarks/conv_numpy_vs_torch.py [--repeats 20] [--threads N] [--fresh-memory]

For each input shape, both implementations get the same float32 arrays and compute the layer's
output and the gradients with respect to the input, the filters and the bias. Each is run once
to warm up, then ``repeats`` times; the median time is reported with the ratio NumPy / torch.
The target is a ratio under 5 on every shape; the exit status is 1 if a shape misses it.
Before timing, the two results are compared, so a fast wrong answer cannot pass.

Memory: each step allocates tens of megabytes of temporaries (the im2col matrix and its
gradient). With glibc's default settings, blocks that large are fresh pages from the operating
system on every call, and on some machines zeroing and mapping them takes 40 % of the NumPy step
(and most of torch's on the smallest shape). This measures the arithmetic, so by default both
implementations run with freed memory kept for reuse (glibc's ``mallopt``); ``--fresh-memory``
keeps the default allocator and measures that too.
"""

import argparse
import ctypes
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from dlcourse.scratch.conv import conv2d_backward, conv2d_forward

TARGET_RATIO = 5.0
# (batch, in channels, height, width, filters, kernel, padding): the chapter's digits layers,
# then a CIFAR-sized layer.
SHAPES = [
    (256, 1, 8, 8, 16, 3, 1),
    (256, 16, 8, 8, 32, 3, 1),
    (64, 3, 32, 32, 32, 3, 1),
    (32, 32, 32, 32, 64, 3, 1),
]


def keep_freed_memory() -> bool:
    """Ask glibc to serve large blocks from memory it already has instead of fresh pages."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False  # not glibc: the allocator is left as it is
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(
        libc.mallopt(m_mmap_threshold, 1 << 30) and libc.mallopt(m_trim_threshold, 2**31 - 1)
    )


def numpy_step(x, w, b, dout, padding):
    out, cache = conv2d_forward(x, w, b, padding=padding)
    return (out, *conv2d_backward(dout, cache))


def torch_step(x, w, b, dout, padding):
    x, w, b = (t.detach().requires_grad_() for t in (x, w, b))
    out = F.conv2d(x, w, b, padding=padding)
    out.backward(dout)
    return out.detach(), x.grad, w.grad, b.grad


def median_seconds(fn, repeats):
    fn()  # warm-up: first-call allocation and dispatch are not what we measure
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument(
        "--fresh-memory", action="store_true", help="keep glibc's default large-block allocation"
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    reuse = not args.fresh_memory and keep_freed_memory()
    memory = "freed memory reused" if reuse else "allocator defaults (fresh pages for large blocks)"
    print(
        f"torch {torch.__version__}, numpy {np.__version__}, {args.threads} torch threads, {memory}"
    )
    header = (
        f"{'input (N, C, H, W)':>20} {'filters':>12} {'numpy ms':>9} {'torch ms':>9} {'ratio':>6}"
    )
    print(header)
    worst = 0.0
    for n, c, h, width, f, k, p in SHAPES:
        x = rng.standard_normal((n, c, h, width)).astype(np.float32)
        w = (rng.standard_normal((f, c, k, k)) / np.sqrt(c * k * k)).astype(np.float32)
        b = rng.standard_normal(f).astype(np.float32)
        dout = rng.standard_normal((n, f, h + 2 * p - k + 1, width + 2 * p - k + 1))
        dout = dout.astype(np.float32)
        tensors = [torch.from_numpy(a) for a in (x, w, b, dout)]
        ours = numpy_step(x, w, b, dout, p)
        theirs = torch_step(*tensors, p)
        for a, t in zip(ours, theirs, strict=True):
            # float32 sums of up to N*H*W terms: compare against the size of the array's values
            scale = float(np.abs(t.numpy()).max())
            np.testing.assert_allclose(a, t.numpy(), rtol=1e-3, atol=1e-5 * scale)
        t_np, _, _ = median_seconds(lambda: numpy_step(x, w, b, dout, p), args.repeats)  # noqa: B023
        t_torch, _, _ = median_seconds(lambda: torch_step(*tensors, p), args.repeats)  # noqa: B023
        ratio = t_np / t_torch
        worst = max(worst, ratio)
        print(
            f"{str((n, c, h, width)):>20} {f'{f}x{c}x{k}x{k}':>12} "
            f"{t_np * 1e3:9.2f} {t_torch * 1e3:9.2f} {ratio:6.2f}"
        )
    verdict = "within" if worst < TARGET_RATIO else "NOT within"
    print(f"worst ratio {worst:.2f}: {verdict} the target of {TARGET_RATIO:.0f}x")
    return 0 if worst < TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
