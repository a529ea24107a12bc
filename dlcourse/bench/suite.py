"""The benchmark suite behind ``python -m dlcourse.bench``: run, tabulate, save, plot."""

import json
from pathlib import Path

import numpy as np
import torch

from dlcourse.bench import workloads
from dlcourse.bench.hardware import available_devices, cpu_peak_gflops, describe_hardware
from dlcourse.bench.timing import threads, time_fn


def _row(workload: workloads.Workload, setting: str, repeats: int) -> dict:
    timing = time_fn(workload.fn, device=workload.device, warmup=2, repeats=repeats)
    seconds = timing.median
    return {
        "workload": workload.name,
        "setting": setting,
        "device": str(workload.device),
        "median_s": seconds,
        "iqr_s": timing.iqr,
        "measurements": len(timing.times),
        "gflops": workload.flops / seconds / 1e9 if workload.flops else None,
        "items_per_s": workload.items / seconds,
    }


def run_benchmarks(quick: bool = False, devices: list | None = None) -> dict:
    """Time every workload on every device (and, on the CPU, in several settings).

    On the CPU the comparisons are all threads against one thread, float32 against float64 and
    PyTorch against NumPy; on each GPU float32, and the host-to-device transfer.
    """
    devices = [torch.device(d) for d in devices] if devices else available_devices()
    sizes = [64, 128, 256] if quick else [64, 128, 256, 512, 1024]
    repeats = 5 if quick else 15
    all_threads = torch.get_num_threads()
    rows = []
    for device in devices:
        name = "float32" if device.type != "cpu" else f"float32, {all_threads} threads"
        for n in sizes:
            rows.append(_row(workloads.matmul(n, device), name, repeats))
        if device.type == "cpu":
            for n in sizes:
                rows.append(_row(workloads.matmul(n, device, torch.float64), "float64", repeats))
                rows.append(_row(workloads.numpy_matmul(n), "NumPy float32", repeats))
                with threads(1):
                    rows.append(_row(workloads.matmul(n, device), "float32, 1 thread", repeats))
        for workload in (
            workloads.conv_layer(8 if quick else 32, device),
            workloads.lstm_step(64, 256, device),
            *(workloads.cnn_train_step(b, device) for b in ([8, 64] if quick else [8, 64, 512])),
        ):
            rows.append(_row(workload, name, repeats))
        if device.type != "cpu":
            rows.append(_row(workloads.transfer(64, device), "pageable memory", repeats))
    description = describe_hardware()
    return {
        "hardware": description,
        "cpu_peak_gflops_float32": cpu_peak_gflops(description),
        "gpu_found": any(d.type != "cpu" for d in devices),
        "rows": rows,
    }


def best_cpu_matmul(results: dict) -> float | None:
    """The highest GFLOP/s of PyTorch float32 matrix products on the CPU with all threads."""
    rates = [
        r["gflops"]
        for r in results["rows"]
        if r["device"] == "cpu"
        and r["workload"].startswith("matmul")
        and r["setting"].startswith("float32")
        and "1 thread" not in r["setting"]
    ]
    return max(rates, default=None)


def format_table(results: dict) -> str:
    lines = [
        f"{'workload':26s} {'setting':22s} {'device':7s} {'median':>10s} {'IQR':>9s} "
        f"{'GFLOP/s':>8s} {'items/s':>10s}"
    ]
    for r in results["rows"]:
        gflops = f"{r['gflops']:8.1f}" if r["gflops"] is not None else f"{'':8s}"
        lines.append(
            f"{r['workload']:26s} {r['setting']:22s} {r['device']:7s} "
            f"{r['median_s'] * 1e3:8.3f}ms {r['iqr_s'] * 1e3:7.3f}ms {gflops} "
            f"{r['items_per_s']:10.3g}"
        )
    return "\n".join(lines)


def plot_matmul(results: dict, path: Path) -> None:
    """GFLOP/s against matrix size for every setting, with the CPU's theoretical peak."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    curves: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for r in results["rows"]:
        if "matmul" in r["workload"]:
            size = int(r["workload"].split()[-1])
            curves.setdefault((r["device"], r["setting"]), []).append((size, r["gflops"]))
    for (device, setting), points in curves.items():
        sizes, gflops = zip(*sorted(points), strict=True)
        ax.plot(sizes, gflops, marker="o", label=f"{device}, {setting}")
    if results["cpu_peak_gflops_float32"]:
        ax.axhline(
            results["cpu_peak_gflops_float32"],
            color="grey",
            ls="--",
            label="CPU peak, float32 (theoretical)",
        )
    ax.set(
        xscale="log",
        xlabel="matrix size n (n x n times n x n)",
        ylabel="GFLOP/s",
        title="matrix multiply throughput",
    )
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def save(results: dict, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    json_path, png_path = out / "bench.json", out / "bench.png"
    json_path.write_text(json.dumps(results, indent=2, default=_jsonable) + "\n")
    plot_matmul(results, png_path)
    return json_path, png_path


def _jsonable(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
