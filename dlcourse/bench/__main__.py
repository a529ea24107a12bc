"""``python -m dlcourse.bench``: describe the hardware, time workloads, write JSON and a plot."""

import argparse
import json
from pathlib import Path

from dlcourse.bench.suite import best_cpu_matmul, format_table, run_benchmarks, save


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dlcourse.bench",
        description="Time deep-learning workloads on every device this machine has.",
    )
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repeats (seconds)")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("bench-results"),
        help="folder for bench.json and bench.png (default: %(default)s)",
    )
    parser.add_argument(
        "--device",
        action="append",
        help="only this device (cpu, cuda, cuda:1, mps); may be repeated",
    )
    args = parser.parse_args(argv)

    results = run_benchmarks(quick=args.quick, devices=args.device)
    print("hardware:", json.dumps(results["hardware"], indent=2))
    if not results["gpu_found"]:
        print(
            "\nNo GPU found (neither CUDA nor Apple MPS). Comparing what this machine has: "
            "all threads against 1 thread, float32 against float64, PyTorch against NumPy."
        )
    peak = results["cpu_peak_gflops_float32"]
    if peak:
        print(
            f"CPU theoretical peak, float32: {peak:.1f} GFLOP/s "
            "(cores x clock x FLOPs per cycle per core)"
        )
    print()
    print(format_table(results))
    best = best_cpu_matmul(results)
    if peak and best:
        print(
            f"\nbest CPU float32 matrix product: {best:.1f} GFLOP/s = {best / peak:.0%} of the peak"
        )
        if best > peak:
            print(
                "above the peak: the cores ran faster than the clock used for it "
                "(the system reports no boost clock)"
            )
    json_path, png_path = save(results, args.out)
    print(f"\nwrote {json_path} and {png_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
