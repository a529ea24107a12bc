"""Benchmark: execute each chapter notebook in a fresh kernel; print wall time and peak memory.

Usage: python benchmarks/notebook_timings.py NOTEBOOK [NOTEBOOK ...]

Each notebook runs in its own worker process, which starts the kernel, runs every cell, and shuts
the kernel down. Peak memory is the largest resident set size of the kernel (a child of the
worker), read with getrusage(RUSAGE_CHILDREN) once the kernel has exited. The budget per chapter
is 60 s and 2 GiB on two CPU cores; a chapter over budget is flagged, and the exit status is 1.
Results are also written to timings.json.
"""

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

BUDGET_SECONDS = 60.0
BUDGET_MIB = 2048.0


def run_one(path: Path) -> None:
    """Worker: execute one notebook and print its wall time and the kernel's peak RSS as JSON."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux reports KiB
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024}))


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    rows = []
    for name in paths:
        result = subprocess.run(
            [sys.executable, __file__, "--worker", name], capture_output=True, text=True
        )
        if result.returncode != 0:
            print(f"{name}: execution failed\n{result.stderr[-2000:]}", file=sys.stderr)
            return 1
        measured = json.loads(result.stdout.strip().splitlines()[-1])
        rows.append({"notebook": name, **measured})

    print(f"\n{'notebook':<58}{'wall time (s)':>14}{'peak memory (MiB)':>19}  budget")
    over = False
    for row in rows:
        ok = row["seconds"] <= BUDGET_SECONDS and row["peak_mib"] <= BUDGET_MIB
        over |= not ok
        print(
            f"{row['notebook']:<58}{row['seconds']:>14.1f}{row['peak_mib']:>19.0f}  "
            f"{'ok' if ok else 'OVER'}"
        )
    print(f"\nbudget per chapter: {BUDGET_SECONDS:.0f} s and {BUDGET_MIB:.0f} MiB")
    Path("timings.json").write_text(json.dumps(rows, indent=2) + "\n")
    return 1 if over else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        run_one(Path(sys.argv[2]))
    else:
        sys.exit(main(sys.argv[1:]))
