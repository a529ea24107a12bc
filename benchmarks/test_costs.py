"""Benchmark: where `make test`'s time goes, from the JUnit report of a run.

Usage:
    make test PYTEST_ARGS="--junitxml=test-report.xml"
    .venv/bin/python benchmarks/test_costs.py test-report.xml

Prints the seconds of each part of the suite (each test module; a chapter notebook's cells and its
wrong answers, as nbval runs them; each chapter's nbgrader round trip), then a table per chapter
with its total, flagging a chapter over the 45 s a chapter may cost with every check included.
A test's time includes its fixtures' set-up (the round trip's grading is the set-up of its first
test).
"""

import re
import sys
from collections import Counter, defaultdict
from xml.etree import ElementTree

CHAPTER_BUDGET = 45.0


def part_of(classname: str, name: str) -> tuple[str, str | None]:
    """(the part of the suite a test belongs to, its chapter or None)."""
    if classname.startswith("notebooks") or ".ipynb" in classname:
        chapter = re.search(r"(\d\d_[a-z0-9_]+)", classname)
        kind = "nbval wrong answers" if "wrong answers" in name else "nbval cells"
        return kind, chapter.group(1) if chapter else None
    module = classname.split(".")[1] if classname.startswith("tests.") else classname
    round_trip = re.search(r"TestRoundTrip_(\d\d_[a-z0-9_]+)", classname)
    if round_trip:
        return "round trip", round_trip.group(1)
    chapter = re.search(r"\[(?:notebooks/)?(\d\d_[a-z0-9_]+)", name)
    return module, chapter.group(1) if chapter else None


def main(path: str) -> int:
    totals: Counter = Counter()
    chapters: defaultdict[str, Counter] = defaultdict(Counter)
    for case in ElementTree.parse(path).iter("testcase"):
        part, chapter = part_of(case.get("classname", ""), case.get("name", ""))
        seconds = float(case.get("time", 0))
        totals[part] += seconds
        if chapter:
            chapters[chapter][part] += seconds
    print(f"{'part of the suite':32s} {'seconds':>8s}")
    for part, seconds in totals.most_common():
        if seconds >= 0.5:
            print(f"{part:32s} {seconds:8.0f}")
    print(f"{'all':32s} {sum(totals.values()):8.0f}\n")
    columns = ["nbval cells", "nbval wrong answers", "round trip"]
    print(f"{'chapter':20s}" + "".join(f"{c:>21s}" for c in columns) + f"{'all checks':>12s}")
    over = 0
    for chapter in sorted(chapters):
        costs = chapters[chapter]
        total = sum(costs.values())
        flag = "  over budget" if total > CHAPTER_BUDGET else ""
        over += bool(flag)
        row = "".join(f"{costs[c]:21.0f}" for c in columns)
        print(f"{chapter:20s}{row}{total:12.0f}{flag}")
    if chapters:
        mean = sum(sum(c.values()) for c in chapters.values()) / len(chapters)
        print(
            f"\n{len(chapters)} chapters, {mean:.0f} s each on average; {over} over the "
            f"{CHAPTER_BUDGET:.0f} s budget"
        )
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
