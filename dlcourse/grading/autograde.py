"""Autograde one chapter so that every student ends with a score or a recorded reason.

``nbgrader autograde`` grades a folder of submissions, but a submission it cannot read or run
is logged and left without scores. Here each submission is first checked (a notebook at all? of
this assignment?), then graded on its own, and whatever cannot be graded gets zero in the
gradebook with the reason written beside it (as an automatic comment, seen in the formgrader) and
in a report, ``grading_report_<chapter>.csv``.
"""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from sqlalchemy.exc import SAWarning
from traitlets.config.loader import PyFileConfigLoader

from dlcourse.grading.preprocessors import TRUNCATED, cell_label

# What an instructor should hear about a graded submission: error name -> what it means.
INCIDENTS = {
    "KernelDied": "the kernel stopped in {cell}; every later cell scored zero",
    "CellTimeoutError": "{cell} ran past the time limit and was stopped",
    "KernelStopped": "{cell} ran past the time limit and ignored the interrupt; its kernel was "
    "shut down and every later cell scored zero",
    "MemoryError": "{cell} ran out of memory",
}


@dataclass
class Outcome:
    """How one student's submission of one chapter ended."""

    student: str
    status: str  # "graded" or "error"
    score: float
    max_score: float
    message: str = ""


def check_submission(path: Path, grade_ids: set[str]) -> str | None:
    """``None`` if ``path`` is a notebook of the assignment whose cells are ``grade_ids``; else
    one line saying what is wrong with it."""
    if not path.exists():
        return f"no notebook named {path.name} in the submission"
    if path.stat().st_size == 0:
        return "the notebook file is empty"
    try:
        notebook = nbformat.read(path, as_version=4)
    except (json.JSONDecodeError, nbformat.reader.NotJSONError, UnicodeDecodeError) as exc:
        return f"the file is not a notebook (not valid JSON: {str(exc).splitlines()[0][:200]})"
    except nbformat.ValidationError as exc:
        return f"the notebook is malformed ({str(exc).splitlines()[0][:200]})"
    except Exception as exc:  # nbformat raises several kinds for a malformed notebook
        return f"the file is not a readable notebook ({type(exc).__name__}: {str(exc)[:200]})"
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as exc:
        return f"the notebook is malformed ({exc.message[:200]})"
    found = {
        cell.metadata["nbgrader"]["grade_id"]
        for cell in notebook.cells
        if "grade_id" in cell.get("metadata", {}).get("nbgrader", {})
    }
    if not found & grade_ids:
        if found:
            return (
                "the notebook belongs to another assignment: none of its exercise cells "
                f"({', '.join(sorted(found)[:3])}, ...) is one of this assignment's"
            )
        return "the notebook has no exercise cells: it was not made from the handed-out notebook"
    return None


class Course:
    """A course folder as ``nbgrader_config.py`` in it lays it out."""

    def __init__(self, root: Path = Path(".")):
        self.root = Path(root).resolve()
        config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        self.dirs = CourseDirectory(config=config, root=str(self.root))

    def path(self, kind: str, student: str, chapter: str) -> Path:
        folder = getattr(self.dirs, f"{kind}_directory")
        return Path(self.dirs.format_path(folder, student, chapter))

    def students(self, chapter: str) -> list[str]:
        submitted = self.root / self.dirs.submitted_directory
        return sorted(p.parent.name for p in submitted.glob(f"*/{chapter}") if p.is_dir())

    def gradebook(self) -> Gradebook:
        return Gradebook(self.dirs.db_url, self.dirs.course_id)


def _grade_ids(course: Course, chapter: str) -> dict[str, set[str]]:
    """notebook name -> the grade ids of its graded and answer cells, from the gradebook."""
    with course.gradebook() as gb:
        try:
            assignment = gb.find_assignment(chapter)
        except MissingEntry:
            raise ValueError(
                f"the gradebook has no assignment {chapter!r}: run "
                f"`nbgrader generate_assignment {chapter}` first"
            ) from None
        return {
            nb.name: {c.name for c in nb.grade_cells} | {c.name for c in nb.solution_cells}
            for nb in assignment.notebooks
        }


def _run_nbgrader(course: Course, chapter: str, student: str, timeout: int | None):
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    args = [str(bin_dir / "nbgrader"), "autograde", chapter, "--student", student, "--force"]
    if timeout is not None:
        args.append(f"--Execute.timeout={timeout}")
    return subprocess.run(args, cwd=course.root, env=env, capture_output=True, text=True)


def _last_error(log: str) -> str:
    errors = [line for line in log.splitlines() if "| ERROR]" in line]
    return errors[-1].split("| ERROR]", 1)[1].strip() if errors else log.strip()[-300:]


def _record_zero(course: Course, chapter: str, student: str, message: str) -> None:
    """Zero for every cell of the student's submission, with ``message`` beside each."""
    with course.gradebook() as gb, warnings.catch_warnings():
        # creating a submission makes SQLAlchemy warn about nbgrader's session use; harmless
        warnings.simplefilter("ignore", SAWarning)
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(chapter, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.manual_score = None
                grade.needs_manual_grade = False
            for comment in notebook.comments:
                comment.auto_comment = f"Not graded: {message}"
        gb.db.commit()
    stale = course.path("autograded", student, chapter)
    if stale.exists():  # an earlier grading must not pass for this submission's
        shutil.rmtree(stale)


# Code in an answer that reaches for the testing machinery or outside the notebook. Such code can
# fool the tests from inside the kernel, which no grader can rule out (see the instructor guide),
# so the report points the instructor at it.
SUSPICIOUS = {
    r"\bsys\.modules\b": "sys.modules",
    r"\b__builtins__\b|\bimport builtins\b|\bbuiltins\.": "builtins",
    r"\bdlcourse\.checks\b|\b(check_array|check_scalar|call_answer)\s*=[^=]": "the check helpers",
    r"\b(np|numpy)\.testing\b": "numpy.testing",
    r"\bsetattr\s*\(|\.__code__\b|\b__class__\s*=": "setattr/__code__",
    r"\bimportlib\b": "importlib",
    r"\bsubprocess\b|\bos\.(system|popen|exec\w*|fork|kill|remove|unlink)\b": "other programs",
    r"\bopen\s*\([^)]*[\"'][wa]": "writing files",
}


def suspicious(notebook) -> list[str]:
    """One line for each answer cell whose code matches a pattern in ``SUSPICIOUS``."""
    found = []
    for index, cell in enumerate(notebook.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("solution"):
            continue
        hits = [what for pattern, what in SUSPICIOUS.items() if re.search(pattern, cell.source)]
        if hits:
            found.append(f"{cell_label(cell, index)} uses {', '.join(hits)}: check it by hand")
    return found


def incidents(notebook) -> list[str]:
    """One line for each cell of a graded notebook that died, timed out, ran out of memory or
    had its output cut."""
    found = []
    for index, cell in enumerate(notebook.cells):
        label = cell_label(cell, index)
        for output in cell.get("outputs", []):
            if output.output_type == "error" and output.ename in INCIDENTS:
                found.append(INCIDENTS[output.ename].format(cell=label))
            elif TRUNCATED in (str(output.get("text", "")) + str(output.get("data", ""))).lower():
                found.append(f"{label} printed more than the output limit (cut)")
    return list(dict.fromkeys(found))


def _incidents(course: Course, chapter: str, student: str) -> str:
    folder = course.path("autograded", student, chapter)
    lines = []
    for path in sorted(folder.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        lines += incidents(notebook) + suspicious(notebook)
    return "; ".join(lines)


def _scores(course: Course, chapter: str, student: str) -> tuple[float, float, bool]:
    """(score, max score, whether every autograded cell has a score)."""
    with course.gradebook() as gb:
        submission = gb.find_submission(chapter, student)
        complete = all(
            g.auto_score is not None
            for nb in submission.notebooks
            for g in nb.grades
            if g.cell.cell_type == "code"
        )
        return submission.score, submission.max_score, complete


def autograde(
    chapter: str,
    root: Path = Path("."),
    students: list[str] | None = None,
    timeout: int | None = None,
) -> list[Outcome]:
    """Grade every submission of ``chapter`` (or only ``students``), one at a time.

    Each ends "graded" with its score, or "error" with zero and the reason recorded.
    """
    course = Course(root)
    notebooks = _grade_ids(course, chapter)
    outcomes = []
    for student in students or course.students(chapter):
        problems = []
        for name, grade_ids in notebooks.items():
            path = course.path("submitted", student, chapter) / f"{name}.ipynb"
            problem = check_submission(path, grade_ids)
            if problem:
                problems.append(problem if len(notebooks) == 1 else f"{name}: {problem}")
        if not problems:
            result = _run_nbgrader(course, chapter, student, timeout)
            try:
                score, max_score, complete = _scores(course, chapter, student)
            except MissingEntry:
                complete = False
            if result.returncode != 0 or not complete:
                problems.append(f"autograding failed: {_last_error(result.stdout + result.stderr)}")
        if problems:
            message = "; ".join(problems)
            _record_zero(course, chapter, student, message)
            score, max_score, _ = _scores(course, chapter, student)
            outcomes.append(Outcome(student, "error", score, max_score, message))
        else:
            message = _incidents(course, chapter, student)
            outcomes.append(Outcome(student, "graded", score, max_score, message))
    write_report(outcomes, course.root / f"grading_report_{chapter}.csv")
    return outcomes


def write_report(outcomes: list[Outcome], path: Path) -> None:
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(Outcome.__dataclass_fields__))
        writer.writeheader()
        writer.writerows(asdict(o) for o in outcomes)
