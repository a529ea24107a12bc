"""Draw the map of the chapters from what each chapter names as its prerequisites.

Each chapter notebook opens with a "Prerequisites" paragraph that links to earlier chapters; those
links are the arrows (an arrow that another path already implies is left out). Run
``python book/chapter_map.py`` to write ``book/images/chapter_map.svg``; the book's tests check
that the figure is up to date.
"""

import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUTPUT = ROOT / "book" / "images" / "chapter_map.svg"
LINK = re.compile(r"\.\./(\d\d)_[a-z0-9_]+/\1_[a-z0-9_]+")


def chapters() -> dict[int, tuple[str, set[int]]]:
    """chapter number -> (title, the chapters its "Prerequisites" paragraph links to)."""
    found = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*/[0-9][0-9]_*.ipynb")):
        if path.stem != path.parent.name:
            continue
        notebook = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in notebook.cells[:4] if c.cell_type == "markdown")
        title = re.search(r"^# (?:\d+\.\s*)?(.+)$", text, re.M).group(1).strip()
        prerequisites = re.search(r"Prerequisites(.*?)(?:\n\s*\n|$)", text, re.S)
        links = LINK.findall(prerequisites.group(1)) if prerequisites else []
        found[int(path.stem[:2])] = (title, {int(n) for n in links})
    return found


def depth(number: int, graph: dict[int, tuple[str, set[int]]]) -> int:
    """The length of the longest chain of prerequisites leading to chapter ``number``."""
    before = graph[number][1]
    return 1 + max(depth(p, graph) for p in before) if before else 0


def reachable(number: int, graph: dict[int, tuple[str, set[int]]]) -> set[int]:
    """Every chapter that leads to ``number`` through a chain of prerequisites."""
    found: set[int] = set()
    for p in graph[number][1]:
        found |= {p} | reachable(p, graph)
    return found


def direct(graph: dict[int, tuple[str, set[int]]]) -> dict[int, set[int]]:
    """The arrows worth drawing: prerequisites not already reached through another one."""
    return {
        n: {p for p in before if not any(p in reachable(q, graph) for q in before - {p})}
        for n, (_, before) in graph.items()
    }


def draw(graph: dict[int, tuple[str, set[int]]], path: Path) -> None:
    columns: dict[int, list[int]] = {}
    for number in sorted(graph):
        columns.setdefault(depth(number, graph), []).append(number)
    height = max(len(c) for c in columns.values())
    where = {
        n: (col, (height - 1) / 2 - row)
        for col, numbers in columns.items()
        for row, n in enumerate(numbers)
    }
    plt.rcParams["svg.hashsalt"] = "dlcourse"  # the same figure gives the same file
    fig, ax = plt.subplots(figsize=(1.55 * len(columns), 1.0 * height + 0.6))
    boxes = {}
    for number, (title, _) in graph.items():
        words, lines = title.split(), [""]
        for word in words:  # wrap the title at about 16 characters
            if len(lines[-1]) + len(word) > 16 and lines[-1]:
                lines.append("")
            lines[-1] = f"{lines[-1]} {word}".strip()
        boxes[number] = ax.text(
            *where[number],
            f"{number}\n" + "\n".join(lines),
            ha="center",
            va="center",
            fontsize=7.5,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "#e8f0fb", "edgecolor": "#4a78b5"},
        )
    fig.canvas.draw()  # lay the boxes out, so that the arrows can end at their edges
    for number, before in direct(graph).items():
        for p in before:
            ax.annotate(
                "",
                xy=where[number],
                xytext=where[p],
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "0.4",
                    "patchA": boxes[p].get_bbox_patch(),
                    "patchB": boxes[number].get_bbox_patch(),
                    "shrinkA": 2,
                    "shrinkB": 2,
                },
            )
    ax.set_xlim(-0.6, len(columns) - 0.4)
    ax.set_ylim(-(height - 1) / 2 - 0.6, (height - 1) / 2 + 0.6)
    ax.axis("off")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)


if __name__ == "__main__":
    draw(chapters(), Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"wrote {OUTPUT if len(sys.argv) == 1 else sys.argv[1]}")
