"""What the tests know about the course's layout: where chapters live and how cells are marked."""

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

SOLUTION_RE = re.compile(r"^[ \t]*### BEGIN SOLUTION.*?^[ \t]*### END SOLUTION[ \t]*$", re.S | re.M)
HIDDEN_RE = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[ \t]*$", re.S | re.M
)


def chapters() -> list[str]:
    """Every chapter folder ``notebooks/NN_slug`` that holds ``NN_slug.ipynb``, in order."""
    return sorted(
        p.parent.name
        for p in NOTEBOOKS.glob("[0-9][0-9]_*/[0-9][0-9]_*.ipynb")
        if p.stem == p.parent.name
    )


def chapter_path(chapter: str) -> Path:
    return NOTEBOOKS / chapter / f"{chapter}.ipynb"


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def nbgrader_meta(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def is_solution(cell) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def is_graded_test(cell) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def region_lines(source: str, pattern: re.Pattern) -> list[str]:
    """The non-empty lines inside the marked regions of ``source``, stripped, markers excluded."""
    lines = []
    for match in pattern.finditer(source):
        for line in match.group(0).splitlines()[1:-1]:
            if line.strip():
                lines.append(line.strip())
    return lines


def secret_lines(notebook, patterns: tuple[re.Pattern, ...]) -> list[str]:
    """Lines inside the marked regions that occur nowhere outside them in the notebook.

    Lines such as ``import torch`` also occur in visible code, and a line of punctuation such as
    ``)`` tells nothing; only the others give a secret away.
    """
    outside = []
    for cell in notebook.cells:
        source = cell.source
        for pattern in (SOLUTION_RE, HIDDEN_RE):
            source = pattern.sub("", source)
        outside += [line.strip() for line in source.splitlines()]
    visible = set(outside)
    return [
        line
        for cell in notebook.cells
        for pattern in patterns
        for line in region_lines(cell.source, pattern)
        if line not in visible and re.search(r"\w", line)
    ]


def html_text_lines(page: str) -> set[str]:
    """The lines of text a reader sees in an HTML page (tags removed, entities decoded), stripped.

    Highlighted code is split into many tags but its text, line by line, is the source's.
    """
    text = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S | re.I)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return {line.strip() for line in text.splitlines() if line.strip()}


BIN = Path(sys.executable).parent


def run_nbgrader(*args: str, cwd: Path, env: dict[str, str] | None = None):
    """``nbgrader *args`` in ``cwd`` (with ``env`` added to the environment); fails the test
    unless it exits 0."""
    # nbgrader's gradebook migrations call the `alembic` command: the venv's bin must be on PATH.
    env = dict(os.environ, **(env or {}), PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run(
        [str(BIN / "nbgrader"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, (
        f"nbgrader {' '.join(args)} exited {result.returncode}:\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


def build_book(out: Path, *options: str) -> tuple[Path, str]:
    """Build the HTML book from the repository into ``out``; return the site folder and the log.
    ``options`` go to ``jupyter-book build`` (for example ``-W``, ``--config``, ``--toc``)."""
    result = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(out)]
        + ["--builder", "html", *options],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"the book build failed:\n{log[-5000:]}"
    return out / "_build" / "html", log


def code_exercises(source) -> list[tuple[str, list[str]]]:
    """(solution grade_id, grade_ids of the test cells after it) for each code exercise."""
    exercises: list[tuple[str, list[str]]] = []
    for cell in source.cells:
        meta = nbgrader_meta(cell)
        if is_solution(cell):
            exercises.append((meta["grade_id"], []))
        elif is_graded_test(cell) and exercises:
            exercises[-1][1].append(meta["grade_id"])
    return [(sid, tests) for sid, tests in exercises if tests]


def toc_files() -> list[str]:
    """Every page of the book, as _toc.yml lists it (without the file extension)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc["parts"]:
        files += [entry["file"] for entry in part["chapters"]]
    return files
