import json
import subprocess
import sys
import threading

import numpy as np
import pytest
import torch
from torch.utils.benchmark import Timer
from torch.utils.flop_counter import FlopCounterMode

from dlcourse.bench import (
    SimulatedDevice,
    Timing,
    cpu_peak_gflops,
    describe_hardware,
    flops_per_cycle,
    peak_gflops,
    threads,
    time_fn,
    timing,
    workloads,
)
from dlcourse.bench.hardware import _max_ghz, _parse_cpuinfo
from dlcourse.bench.suite import best_cpu_matmul


def test_time_fn_warms_up_then_synchronises_around_every_measurement(monkeypatch):
    events = []
    monkeypatch.setattr(timing, "synchronize", lambda device: events.append("sync"))
    result = time_fn(lambda: events.append("call"), device="cpu", warmup=1, repeats=3, number=2)
    assert events == ["call", "sync"] + ["sync", "call", "call", "sync"] * 3
    assert len(result.times) == 3 and result.number == 2 and result.warmup == 1


def test_time_fn_chooses_enough_calls_per_measurement():
    calls = []
    result = time_fn(lambda: calls.append(1), warmup=0, repeats=4, min_measurement=1e-3)
    # a no-op takes far less than a millisecond: many calls per measurement, a power of two
    assert result.number > 1 and result.number & (result.number - 1) == 0
    assert all(t > 0 for t in result.times)


def test_timing_statistics():
    t = Timing(times=[4.0, 1.0, 3.0, 2.0, 100.0], number=1, warmup=0)
    assert t.median == 3.0 and t.min == 1.0
    assert t.iqr == pytest.approx(4.0 - 2.0)  # quartiles of 1, 2, 3, 4, 100 (inclusive method)
    assert Timing([0.5], 1, 0).iqr == 0.0
    assert set(t.as_dict()) >= {"times", "median", "iqr", "min", "number", "warmup"}
    assert "median" in str(t)


def test_time_fn_rejects_bad_arguments():
    with pytest.raises(TypeError, match="fn must be callable"):
        time_fn(42)
    with pytest.raises(ValueError, match="repeats must be an integer >= 1"):
        time_fn(lambda: None, repeats=0)
    with pytest.raises(ValueError, match="number must be a positive integer or None"):
        time_fn(lambda: None, number=0)


def test_time_fn_agrees_with_torch_utils_benchmark_on_cpu():
    """Same workload, one thread each: the medians agree within 30% (the tolerance we state)."""
    a, b = torch.randn(256, 256), torch.randn(256, 256)
    with threads(1):
        ours = time_fn(lambda: a @ b, warmup=5, repeats=30).median
        theirs = (
            Timer("a @ b", globals={"a": a, "b": b}, num_threads=1)
            .blocked_autorange(min_run_time=0.5)
            .median
        )
    assert ours == pytest.approx(theirs, rel=0.3), (ours, theirs)


def test_threads_sets_and_restores_the_thread_count():
    before = torch.get_num_threads()
    with threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    with pytest.raises(ValueError, match="positive integer"), threads(0):
        pass


def test_simulated_device_returns_before_the_work_is_done():
    release, done = threading.Event(), []
    with SimulatedDevice() as device:
        device.launch(lambda: (release.wait(), done.append(True)))
        assert done == []  # launch returned while the work is still waiting
        release.set()
        device.synchronize()
        assert done == [True]


def test_simulated_device_reports_errors_at_synchronize():
    device = SimulatedDevice()
    device.launch(lambda: 1 / 0)
    with pytest.raises(RuntimeError, match="failed on the simulated device"):
        device.synchronize()
    device.synchronize()  # the error is reported once
    device.close()
    with pytest.raises(RuntimeError, match="closed"):
        device.launch(lambda: None)
    with pytest.raises(TypeError, match="callable"):
        SimulatedDevice().launch(3)


CPUINFO = """processor\t: 0
vendor_id\t: GenuineIntel
cpu family\t: 6
model name\t: Example CPU 9000
cpu MHz\t\t: 3000.000
physical id\t: 0
core id\t\t: 0
flags\t\t: fpu sse4_2 avx avx2 fma

processor\t: 1
model name\t: Example CPU 9000
cpu MHz\t\t: 3000.000
physical id\t: 0
core id\t\t: 0
flags\t\t: fpu sse4_2 avx avx2 fma

processor\t: 2
physical id\t: 0
core id\t\t: 1
"""


def test_cpuinfo_is_parsed_counting_physical_cores_once():
    info = _parse_cpuinfo(CPUINFO)
    assert info["model"] == "Example CPU 9000" and info["mhz"] == 3000.0
    assert info["vendor"] == "GenuineIntel" and info["family"] == 6
    assert {"avx2", "fma"} <= info["flags"]
    assert info["physical_cores"] == 2  # processors 0 and 1 are two threads of one core


def test_peak_from_simd_width():
    assert flops_per_cycle({"avx", "avx2", "fma"}) == 32  # 8 lanes x FMA (2) x 2 units
    assert flops_per_cycle({"avx", "avx2", "fma"}, torch.float64) == 16
    assert flops_per_cycle({"avx512f", "avx", "fma"}) == 64
    assert flops_per_cycle({"avx512f", "avx", "fma"}, vendor="GenuineIntel", family=6) == 64
    # Zen 4 runs AVX-512 on 256-bit units; Zen 3 has no AVX-512; Zen 5 has 512-bit units
    assert flops_per_cycle({"avx512f", "avx", "fma"}, vendor="AuthenticAMD", family=25) == 32
    assert flops_per_cycle({"avx2", "avx", "fma"}, vendor="AuthenticAMD", family=25) == 32
    assert flops_per_cycle({"avx512f", "avx", "fma"}, vendor="AuthenticAMD", family=26) == 64
    # without FMA, one adder and one multiplier: half the rate (Sandy Bridge: 8 lanes x 2)
    assert flops_per_cycle({"avx"}) == 16
    assert flops_per_cycle({"avx"}, torch.float64) == 8
    assert flops_per_cycle({"sse4_2", "fma"}) == 16
    assert flops_per_cycle({"sse4_2"}) == 8
    assert peak_gflops(2, 2.5, 32) == 160.0
    with pytest.raises(ValueError, match="cores must be a positive number"):
        peak_gflops(0, 2.5, 32)
    with pytest.raises(ValueError, match="dtype must be"):
        flops_per_cycle({"avx"}, torch.float16)
    with pytest.raises(TypeError, match="vendor must be a string"):
        flops_per_cycle({"avx"}, vendor=25)
    with pytest.raises(TypeError, match="family must be an integer"):
        flops_per_cycle({"avx"}, vendor="AuthenticAMD", family="25")
    description = {
        "cpu": {"physical_cores": 4, "logical_cores": 8, "ghz": 3.0, "simd": ["avx", "avx2", "fma"]}
    }
    assert cpu_peak_gflops(description) == 4 * 3.0 * 32
    description["cpu"]["max_ghz"] = 4.5  # a reported boost clock is the one the peak uses
    assert cpu_peak_gflops(description) == 4 * 4.5 * 32
    zen4 = {
        "cpu": {
            "physical_cores": 2,
            "ghz": 2.6,
            "simd": ["avx", "avx512f", "fma"],
            "vendor": "AuthenticAMD",
            "family": 25,
        }
    }
    assert cpu_peak_gflops(zen4) == 2 * 2.6 * 32
    arm = {"cpu": {"physical_cores": 8, "logical_cores": 8, "ghz": None, "simd": ["asimd"]}}
    assert cpu_peak_gflops(arm) is None


def test_max_clock_is_read_in_khz_and_missing_or_garbled_gives_none(tmp_path):
    freq = tmp_path / "cpuinfo_max_freq"
    freq.write_text("3500000\n")
    assert _max_ghz(freq) == 3.5
    freq.write_text("unknown\n")
    assert _max_ghz(freq) is None
    assert _max_ghz(tmp_path / "absent") is None


def test_describe_hardware_is_json_ready():
    description = describe_hardware()
    json.dumps(description)
    assert description["cpu"]["logical_cores"] >= 1
    assert description["cpu"]["torch_threads"] == torch.get_num_threads()
    assert len(description["gpus"]) == torch.cuda.device_count() + int(
        torch.backends.mps.is_available()
    )


def _counted_flops(fn) -> int:
    with FlopCounterMode(display=False) as counter:
        fn()
    return counter.get_total_flops()


@pytest.mark.parametrize(
    "workload",
    [workloads.matmul(48), workloads.conv_layer(batch=2, channels=4, size=10)],
    ids=["matmul", "conv"],
)
def test_workload_flop_counts_match_pytorchs_counter(workload):
    assert workload.flops == _counted_flops(workload.fn)


def test_workloads_run_and_reject_bad_input():
    for workload in (
        workloads.numpy_matmul(8),
        workloads.lstm_step(4, 8),
        workloads.cnn_train_step(4),
    ):
        workload.fn()
        assert workload.device == torch.device("cpu")
    np.testing.assert_allclose(workloads.numpy_matmul(4).fn().shape, (4, 4))
    with pytest.raises(ValueError, match="n must be >= 1"):
        workloads.matmul(0)
    with pytest.raises(ValueError, match="needs a GPU device"):
        workloads.transfer(1, "cpu")


def test_the_command_writes_a_table_json_and_a_plot(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dlcourse.bench", "--quick", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "GFLOP/s" in result.stdout and "matmul 256" in result.stdout
    if not (torch.cuda.is_available() or torch.backends.mps.is_available()):
        assert "No GPU found" in result.stdout
    saved = json.loads((tmp_path / "bench.json").read_text())
    settings = {row["setting"] for row in saved["rows"]}
    assert {"float64", "NumPy float32", "float32, 1 thread"} <= settings
    assert all(row["median_s"] > 0 for row in saved["rows"])
    best = best_cpu_matmul(saved)
    all_threads = f"float32, {saved['hardware']['cpu']['torch_threads']} threads"
    products = [r for r in saved["rows"] if r["workload"].startswith("matmul ")]
    assert best == max(r["gflops"] for r in products if r["setting"] == all_threads)
    if saved["cpu_peak_gflops_float32"]:
        assert f"best CPU float32 matrix product: {best:.1f} GFLOP/s" in result.stdout
    png = (tmp_path / "bench.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
