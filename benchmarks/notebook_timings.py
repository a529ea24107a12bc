"""Benchmark: per chapter, the notebook's wall time and peak memory, and its grading round trip.

Usage: python benchmarks/notebook_timings.py [--no-round-trip] NOTEBOOK [NOTEBOOK ...]

Each notebook runs in its own worker process, which starts the kernel, runs every cell, and shuts
the kernel down. Peak memory is the largest resident set size of the kernel (a child of the
worker), read with getrusage(RUSAGE_CHILDREN) once the kernel has exited. The round trip is what
the test suite does for the chapter with nbgrader (release, then autograde two submissions at once,
one thread each, in the sandbox), timed as a whole. The budget per notebook is 30 s and 2 GiB on
two CPU cores; a chapter over budget is flagged, and the exit status is 1. Results are also written
to timings.json, so that the trend can be followed as chapters are added.
"""

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

BUDGET_SECONDS = 30.0
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


def round_trip_seconds(path: Path) -> float:
    """Wall time of the test suite's nbgrader round trip for the chapter of ``path``."""
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_grading import grade_course

    with tempfile.TemporaryDirectory() as course:
        start = time.perf_counter()
        grade_course(path.parent.name, Path(course))
        return time.perf_counter() - start


def main(paths: list[str]) -> int:
    round_trip = "--no-round-trip" not in paths
    paths = [p for p in paths if p != "--no-round-trip"]
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
        if round_trip:
            measured["round_trip_seconds"] = round_trip_seconds(Path(name))
        rows.append({"notebook": Path(name).parent.name, **measured})

    head = f"\n{'chapter':<24}{'notebook (s)':>13}{'peak memory (MiB)':>19}"
    print(head + (f"{'round trip (s)':>16}" if round_trip else "") + "  budget")
    over = False
    for row in rows:
        ok = row["seconds"] <= BUDGET_SECONDS and row["peak_mib"] <= BUDGET_MIB
        over |= not ok
        line = f"{row['notebook']:<24}{row['seconds']:>13.1f}{row['peak_mib']:>19.0f}"
        if round_trip:
            line += f"{row['round_trip_seconds']:>16.1f}"
        print(line + f"  {'ok' if ok else 'OVER'}")
    print(f"\nbudget per notebook: {BUDGET_SECONDS:.0f} s and {BUDGET_MIB:.0f} MiB on two cores")
    Path("timings.json").write_text(json.dumps(rows, indent=2) + "\n")
    return 1 if over else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        run_one(Path(sys.argv[2]))
    else:
        sys.exit(main(sys.argv[1:]))
