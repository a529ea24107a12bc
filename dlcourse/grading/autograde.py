"""Autograde one chapter so that every student ends with a score or a recorded reason.

``nbgrader autograde`` grades a folder of submissions, but a submission it cannot read or run
is logged and left without scores. Here each submission is first checked (a notebook at all? of
this assignment?), then graded on its own, and whatever cannot be graded gets zero in the
gradebook with the reason written beside it (as an automatic comment, seen in the formgrader) and
in a report, ``grading_report_<chapter>.csv``.
"""

import contextlib
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps.nbgraderapp import NbGraderApp
from nbgrader.coursedir import CourseDirectory
from sqlalchemy.exc import SAWarning
from traitlets.config.loader import PyFileConfigLoader

from dlcourse.grading.preprocessors import (
    TRUNCATED,
    _grade_id,
    cell_label,
    expected_cells,
    repair_cells,
)
from dlcourse.grading.sandbox import sandbox_problem

# What an instructor should hear about a graded submission: error name -> what it means.
INCIDENTS = {
    "KernelDied": "the kernel stopped in {cell}; every later cell scored zero",
    "CellTimeoutError": "{cell} ran past the time limit and was stopped",
    "KernelStopped": "{cell} ran past the time limit and ignored the interrupt; its kernel was "
    "shut down and every later cell scored zero",
    "MemoryError": "{cell} ran out of memory",
    "TestNotCompleted": "{cell} did not run to its end (its code was skipped or changed while "
    "it ran): check it by hand",
}

# A student id names folders: letters, digits and . _ - @ + only, and not a path or a pattern.
STUDENT_ID = re.compile(r"^(?!\.)[\w.@+-]{1,100}$")


def student_id_problem(student: str) -> str | None:
    """``None`` if ``student`` is a usable student id; otherwise why not."""
    if not isinstance(student, str) or not STUDENT_ID.fullmatch(student) or ".." in student:
        return (
            f"the student id {student!r} is not allowed: use letters, digits and . _ - @ + "
            "(no path separators, no '..', no leading '.', no * ? [ ])"
        )
    return None


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
    found = {_grade_id(cell) for cell in notebook.cells} - {None}
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


def _run_nbgrader(
    course: Course, chapter: str, student: str, timeout: int | None, sandbox: bool
) -> subprocess.CompletedProcess:
    """``nbgrader autograde`` for one student, in a process and process group of its own, ended
    (with everything in it) if it runs longer than every cell's time limit allows.

    The process is a fork of this one, which has imported nbgrader already: starting a fresh
    ``nbgrader`` command costs seconds of imports per student.
    """
    args = ["autograde", chapter, "--student", student, "--force"]
    if timeout is not None:
        args.append(f"--Execute.timeout={timeout}")
    if not sandbox:
        args.append("--GuardedExecute.sandbox=False")
    limit = 300 + _code_cells(course, chapter) * ((timeout or 120) + 15)
    sys.stdout.flush()
    sys.stderr.flush()
    with tempfile.TemporaryFile("w+") as log:
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _nbgrader_in_child(course.root, args, log.fileno())
        deadline = time.monotonic() + limit
        returncode = None
        try:
            while returncode is None:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    returncode = os.waitstatus_to_exitcode(status)
                elif time.monotonic() > deadline:
                    os.killpg(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    returncode = -9
                else:
                    time.sleep(0.1)
        finally:
            with contextlib.suppress(ProcessLookupError):  # anything it started and left behind
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        log.seek(0)
        out = log.read()
    if returncode == -9 and time.monotonic() > deadline:
        out += f"\n[... | ERROR] grading took longer than {limit} s and was stopped"
    return subprocess.CompletedProcess(["nbgrader", *args], returncode, out, "")


def _nbgrader_in_child(root: Path, args: list[str], log_fd: int) -> None:
    """In a forked child: ``nbgrader *args`` in ``root``, its output to ``log_fd``; exits."""
    code = 1
    try:
        os.setsid()  # a process group of its own, which the parent can end as a whole
        os.chdir(root)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        bin_dir = Path(sys.executable).parent
        os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
        sys.argv = [str(bin_dir / "nbgrader"), *args]
        NbGraderApp.launch_instance(argv=args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _code_cells(course: Course, chapter: str) -> int:
    """How many code cells the source notebooks of ``chapter`` have (a bound on the cells a
    submission runs, each within its time limit; added cells beyond it must share the rest)."""
    folder = course.path("source", ".", chapter)
    return sum(
        sum(c.cell_type == "code" for c in nbformat.read(path, as_version=4).cells)
        for path in folder.glob("*.ipynb")
    )


_EXCEPTION_LINE = re.compile(r"^\s*([A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b.*)$")


def _last_error(log: str) -> str:
    """What went wrong, in one line: the exception that ended nbgrader's traceback, or its last
    error line (nbgrader's own last line only points back at the traceback)."""
    lines = log.splitlines()
    exceptions = [m.group(1).strip() for m in map(_EXCEPTION_LINE.match, lines) if m]
    errors = [line.split("| ERROR]", 1)[1].strip() for line in lines if "| ERROR]" in line]
    ours = [e for e in errors if not e.startswith(("Please see", "There was an error"))]
    if ours and "grading took longer" in ours[-1]:
        return ours[-1]
    if exceptions:
        return exceptions[-1][:300]
    return ours[-1] if ours else errors[-1] if errors else log.strip()[-300:]


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


# Code that reaches for the testing machinery, the kernel's internals or outside the notebook.
# Such code can fool the tests from inside the kernel, which no grader can rule out (see the
# instructor guide), so the report points the instructor at it.
SUSPICIOUS = {
    r"\bsys\.modules\b": "sys.modules",
    r"\b__builtins__\b|\bimport builtins\b|\bbuiltins\.": "builtins",
    r"\bdlcourse\.checks\b|\b(check_array|check_scalar|call_answer)\s*=[^=]": "the check helpers",
    r"\b(np|numpy)\.testing\b|\b(np|numpy)\.(allclose|isclose|array_equal)\s*=[^=]": (
        "numpy's comparisons"
    ),
    r"\bsetattr\s*\(|\.__code__\b|\b__class__\s*=": "setattr/__code__",
    r"\bimportlib\b|\b__import__\b": "importlib",
    r"\bsubprocess\b|\bmultiprocessing\b|\bos\.(system|popen|exec\w*|fork|kill|setsid|remove"
    r"|unlink)\b": "other programs",
    r"\bopen\s*\([^)]*[\"'][wa]": "writing files",
    r"\bget_ipython\b|\binput_transformers|\bast_transformers\b|\bevents\.register\b": (
        "IPython's machinery"
    ),
    r"\bsys\._getframe\b|\binspect\.(currentframe|stack|getouterframes)\b|\bf_(locals|globals|back)"
    r"\b|\btb_frame\b": "stack frames",
    r"\bvars\s*\(\s*(__main__|sys\.modules)|\bglobals\s*\(\s*\)|\b__main__\b": (
        "the notebook's namespace"
    ),
    r"\bdef\s+__(eq|ne|lt|le|gt|ge|hash|bool|float|int|index|abs|sub|array\w*)__\b": (
        "comparison or conversion overrides"
    ),
    r"\bsys\.(settrace|setprofile|displayhook|excepthook)\b|\bgc\.get_\w+|\bctypes\b": (
        "the interpreter's hooks"
    ),
    r"\b_ih\b|\b_i\d+\b|\bIn\s*\[|\bOut\s*\[": "the kernel's history",
    r"\b(exec|eval|compile)\s*\(": "exec/eval",
    r"\bdlcourse\.grading\b|_dlcourse_integrity": "the grader",
}


def _is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return isinstance(meta, dict) and bool(meta.get("grade")) and not meta.get("solution")


def suspicious(notebook, release=None) -> list[str]:
    """One line for each cell a student wrote whose code matches a pattern in ``SUSPICIOUS``,
    and, given the ``release`` the student started from, one line naming the code cells that
    were added or changed outside the answer cells.

    The cells a student wrote are the answer cells and, with ``release``, every code cell that
    is neither a test nor a cell of the release as it was handed out.
    """
    handed_out = {c.source for c in release.cells} if release is not None else None
    found, changed = [], []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or _is_test_cell(cell):
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        is_answer = isinstance(meta, dict) and bool(meta.get("solution"))
        if not is_answer:
            if handed_out is None or cell.source in handed_out or not cell.source.strip():
                continue
            changed.append(str(index + 1))
        hits = [what for pattern, what in SUSPICIOUS.items() if re.search(pattern, cell.source)]
        if hits:
            found.append(f"{cell_label(cell, index)} uses {', '.join(hits)}: check it by hand")
    if changed:
        found.append(
            f"code outside the answer cells was added or changed (cells {', '.join(changed)}): "
            "check it by hand"
        )
    return found


def incidents(notebook) -> list[str]:
    """One line for each cell of a graded notebook that died, timed out, ran out of memory, had
    its output cut, did not run to its end, or found the tests' tools changed."""
    found = []
    for index, cell in enumerate(notebook.cells):
        label = cell_label(cell, index)
        for output in cell.get("outputs", []):
            text = str(output.get("text", "")) + str(output.get("data", ""))
            if output.output_type == "error" and output.ename in INCIDENTS:
                found.append(INCIDENTS[output.ename].format(cell=label))
            elif TRUNCATED in text.lower():
                found.append(f"{label} printed more than the output limit (cut)")
            elif str(output.get("text", "")).startswith("[grader] before this test"):
                changed = re.search(r"had changed (.*); the originals", output.text)
                what = changed.group(1) if changed else "what the tests use"
                found.append(
                    f"before {label}, code outside the tests had changed {what} (put back): "
                    "check it by hand"
                )
    return list(dict.fromkeys(found))


def _incidents(course: Course, chapter: str, student: str, repairs: list[str]) -> str:
    folder = course.path("autograded", student, chapter)
    lines = list(repairs)
    for path in sorted(folder.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        release = course.path("release", ".", chapter) / path.name
        handed_out = nbformat.read(release, as_version=4) if release.exists() else None
        lines += incidents(notebook) + suspicious(notebook, handed_out)
    return "; ".join(lines)


def _repairs(course: Course, chapter: str, student: str) -> list[str]:
    """What the grader will put back in the submission's cells (see ``repair_cells``)."""
    notes = []
    with course.gradebook() as gb:
        for notebook in gb.find_assignment(chapter).notebooks:
            path = course.path("submitted", student, chapter) / f"{notebook.name}.ipynb"
            submission = nbformat.read(path, as_version=4)
            expected = expected_cells(gb, chapter, notebook.name)
            notes += repair_cells(submission, expected)
            present = {_grade_id(c) for c in submission.cells}
            missing = [g for g, cell in expected.items() if cell.source and g not in present]
            if missing:
                notes.append(f"deleted test cells put back: {', '.join(missing)}")
    return notes


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
    sandbox: bool = True,
) -> list[Outcome]:
    """Grade every submission of ``chapter`` (or only ``students``), one at a time.

    Each ends "graded" with its score, or "error" with zero and the reason recorded; whatever a
    submission does, the others are graded and the report is written. With ``sandbox`` (the
    default) each kernel runs in ``dlcourse.grading.sandbox``; grading refuses to start where
    that cannot work.
    """
    for student in students or []:
        problem = student_id_problem(student)
        if problem:
            raise ValueError(problem)
    if sandbox and sandbox_problem():
        raise ValueError(
            f"{sandbox_problem()}. Student code would run with your rights and could reach the "
            "gradebook and the solutions: install bubblewrap, or grade inside a container that "
            "holds nothing else and pass --no-sandbox"
        )
    course = Course(root)
    notebooks = _grade_ids(course, chapter)
    outcomes = []
    for student in students or course.students(chapter):
        problem = student_id_problem(student)
        if problem:  # a folder in submitted/ that no id may name: touch nothing
            outcomes.append(Outcome(student, "error", 0, 0, problem))
            continue
        try:
            outcomes.append(_grade_one(course, chapter, student, notebooks, timeout, sandbox))
        except Exception as exc:  # the grader's own failure must not stop the others
            message = f"the grader failed on this submission ({type(exc).__name__}: {exc})"
            try:
                _record_zero(course, chapter, student, message)
                score, max_score, _ = _scores(course, chapter, student)
            except Exception:
                score, max_score = 0, 0
            outcomes.append(Outcome(student, "error", score, max_score, message[:500]))
    write_report(outcomes, course.root / f"grading_report_{chapter}.csv")
    return outcomes


def _grade_one(course, chapter, student, notebooks, timeout, sandbox) -> Outcome:
    problems = []
    for name, grade_ids in notebooks.items():
        path = course.path("submitted", student, chapter) / f"{name}.ipynb"
        problem = check_submission(path, grade_ids)
        if problem:
            problems.append(problem if len(notebooks) == 1 else f"{name}: {problem}")
    if not problems:
        repairs = _repairs(course, chapter, student)
        result = _run_nbgrader(course, chapter, student, timeout, sandbox)
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
        return Outcome(student, "error", score, max_score, message)
    message = _incidents(course, chapter, student, repairs)
    return Outcome(student, "graded", score, max_score, message)


def write_report(outcomes: list[Outcome], path: Path) -> None:
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(Outcome.__dataclass_fields__))
        writer.writeheader()
        writer.writerows(asdict(o) for o in outcomes)
