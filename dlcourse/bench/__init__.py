"""Timing CPUs and GPUs correctly, and describing the hardware (chapter 15).

- ``timing``: ``time_fn`` (warm-up, device synchronisation, repeats, median and spread),
  ``synchronize``, ``threads``.
- ``hardware``: ``available_devices``, ``describe_hardware``, the CPU's theoretical peak.
- ``workloads``: matrix multiply, a convolution layer, an LSTM step, a CNN training step,
  host-to-device transfer, each with its operation count.
- ``simulated``: an asynchronous device in miniature, to show timing mistakes on any machine.
- ``python -m dlcourse.bench``: the whole suite as a table, JSON and a plot.
"""

from dlcourse.bench.hardware import (
    available_devices,
    cpu_peak_gflops,
    describe_hardware,
    flops_per_cycle,
    peak_gflops,
)
from dlcourse.bench.simulated import SimulatedDevice
from dlcourse.bench.timing import Timing, synchronize, threads, time_fn

__all__ = [
    "SimulatedDevice",
    "Timing",
    "available_devices",
    "cpu_peak_gflops",
    "describe_hardware",
    "flops_per_cycle",
    "peak_gflops",
    "synchronize",
    "threads",
    "time_fn",
]
