"""Grading hostile submissions: no submission reaches beyond its own notebook, and every student
ends with the score they earned or a recorded reason.

One course with a small assignment made for the purpose (three code exercises: ``square``,
``cube``, ``count``; visible checks and hidden tests), graded with
``python -m dlcourse.grading autograde``. Each saboteur changes the ``cube`` exercise (or the whole
file): it crashes, loops, exhausts memory, floods output, exits or kills its kernel, edits,
deletes or re-flags the tests, damages the metadata, reaches for the gradebook, the solutions,
the other students, the course package or the grader's processes, leaves processes behind, or
cheats inside its own kernel. Every exercise the saboteur does not touch must score exactly as
the good submission's does, and no other student's grade may change.
"""

import copy
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from course import (
    HIDDEN_RE,
    ROOT,
    chapter_path,
    html_text_lines,
    nbgrader_meta,
    read,
    run_nbgrader,
    secret_lines,
)
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader.api import Gradebook

from dlcourse.grading import check_submission
from dlcourse.grading.autograde import _last_error, incidents, student_id_problem, suspicious
from dlcourse.grading.preprocessors import HideHiddenTests, LimitOutputSize

CHAPTER = "99_hostile"
OTHER_CHAPTER = "02_activations"
TIMEOUT = 30  # seconds per cell: every honest cell here takes well under one
MARKER = "4242"  # processes a submission leaves behind sleep this many seconds


def meta(grade_id: str, *, solution=False, grade=False, points=0) -> dict:
    m = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": not solution}
    m["schema_version"] = 3
    if grade:
        m["points"] = points
    return {"nbgrader": m}


def exercise(name: str, answer: str, visible: str, hidden: str) -> list:
    return [
        new_code_cell(
            f"def {name}(x):\n    ### BEGIN SOLUTION\n    {answer}\n    ### END SOLUTION",
            metadata=meta(name, solution=True),
        ),
        new_code_cell(
            visible + f"\nprint('{name}: the visible checks pass')",
            metadata=meta(f"{name}_checks", grade=True, points=1),
        ),
        new_code_cell(
            f"### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS",
            metadata=meta(f"{name}_hidden", grade=True, points=2),
        ),
    ]


SOURCE = new_notebook(
    cells=[
        new_markdown_cell("# A small assignment made to be attacked"),
        new_code_cell(
            "import numpy as np\nfrom dlcourse.checks import call_answer, check_array, check_scalar"
        ),
        *exercise(
            "square",
            "return np.asarray(x, dtype=float) ** 2",
            'check_array(call_answer(square, np.arange(3.0)), np.array([0.0, 1.0, 4.0]), "square")',
            '_x = np.linspace(-3, 3, 13)\ncheck_array(square(_x), _x * _x, "hidden square of many")',
        ),
        *exercise(
            "cube",
            "return np.asarray(x, dtype=float) ** 3",
            'check_array(call_answer(cube, np.arange(3.0)), np.array([0.0, 1.0, 8.0]), "cube")',
            '_y = np.linspace(-2, 2, 9)\ncheck_array(cube(_y), _y * _y * _y, "hidden cube of many")',
        ),
        *exercise(
            "count",
            "return int(np.count_nonzero(np.asarray(x) > 0))",
            'check_scalar(call_answer(count, [1, -1, 2]), 2, "count")',
            'check_scalar(count(np.arange(-5, 9)), 8, "hidden count of positives")',
        ),
    ],
    metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
)
GRADED_IDS = [
    f"{name}_{kind}" for name in ("square", "cube", "count") for kind in ("checks", "hidden")
]
CUBE_TESTS = ["cube_checks", "cube_hidden"]
FROM_CUBE_ON = GRADED_IDS[2:]
WRONG_CUBE = "def cube(x):\n    return np.asarray(x, dtype=float) ** 2\n"


def cell_of(notebook, grade_id: str):
    return next(c for c in notebook.cells if nbgrader_meta(c).get("grade_id") == grade_id)


def with_answer(code: str, answer: str | None = None) -> nbformat.NotebookNode:
    """The source with ``code`` run at the top of the cube exercise's answer (and ``answer`` in
    place of the right one, if given)."""
    notebook = copy.deepcopy(SOURCE)
    cell = cell_of(notebook, "cube")
    cell.source = code + "\n" + (answer if answer is not None else cell.source)
    return notebook


def attempt(code: str) -> str:
    """``code`` run so that its failure does not stop the answer after it."""
    body = "\n".join("    " + line for line in code.splitlines())
    return f"try:\n{body}\nexcept BaseException as _e:\n    print('blocked:', type(_e).__name__)"


def edited(edit) -> nbformat.NotebookNode:
    notebook = copy.deepcopy(SOURCE)
    edit(notebook)
    return notebook


def without(*grade_ids: str) -> nbformat.NotebookNode:
    return edited(
        lambda nb: nb.cells.__setitem__(
            slice(None),
            [c for c in nb.cells if nbgrader_meta(c).get("grade_id") not in grade_ids],
        )
    )


def with_cell_after(grade_id: str, code: str, answer: str | None = None) -> nbformat.NotebookNode:
    """A plain cell added after ``grade_id``'s cell (and the cube answer replaced, if given)."""
    notebook = with_answer("", answer) if answer is not None else copy.deepcopy(SOURCE)
    at = notebook.cells.index(cell_of(notebook, grade_id)) + 1
    notebook.cells.insert(at, new_code_cell(code))
    return notebook


def set_meta(grade_id: str, value) -> nbformat.NotebookNode:
    def edit(nb):
        cell_of(nb, grade_id).metadata["nbgrader"] = value

    return edited(edit)


def with_test_cell_edited(**changes) -> nbformat.NotebookNode:
    def edit(nb):
        cell = cell_of(nb, "cube_hidden")
        cell.metadata["nbgrader"].update(changes.pop("nbgrader", {}))
        cell.metadata.update(changes)

    return edited(edit)


def null_metadata(nb):
    cell_of(nb, "square").metadata["nbgrader"]["grade_id"] = ["a", "list"]  # unknown id
    nb.cells[1].metadata["nbgrader"] = None


# Paths a saboteur aims at; the fixture fills them in with the course's real, absolute paths.
COURSE = "{course}"
LATER = "zz_later"  # a student graded after the saboteurs

# student -> (submission, the graded cells it should lose; None if it cannot be graded at all)
SUBMISSIONS = {
    "good": (SOURCE, []),
    # careless or broken
    "crash_first": (edited(lambda nb: nb.cells.insert(1, new_code_cell("raise RuntimeError"))), []),
    "loop": (with_answer("while True:\n    pass"), CUBE_TESTS),
    "deaf_loop": (
        with_answer(
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True: pass"
        ),
        FROM_CUBE_ON,
    ),
    "memory": (with_answer("hog = bytearray(8 * 2**30)"), CUBE_TESTS),
    "prints": (with_answer("print('x' * 20_000_000)\nfor i in range(100_000):\n    print(i)"), []),
    "images": (
        with_answer(
            "display({'image/png': 'A' * 50_000_000, 'text/html': 'B' * 9_000_000}, raw=True)"
        ),
        [],
    ),
    "sys_exit": (with_answer("import sys\nsys.exit(1)"), CUBE_TESTS),
    "os_exit": (with_answer("import os\nos._exit(0)"), FROM_CUBE_ON),
    "kill": (with_answer("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"), FROM_CUBE_ON),
    "warns": (
        with_answer(
            "",
            "import sys, warnings\ndef cube(x):\n    warnings.warn('cubing')\n"
            "    print('note', file=sys.stderr)\n    return np.asarray(x, dtype=float) ** 3",
        ),
        [],
    ),
    "delete_tests": (without(*CUBE_TESTS), []),
    "delete_answer": (without("cube"), CUBE_TESTS),
    "edit_tests": (
        edited(lambda nb: [setattr(cell_of(nb, g), "source", "pass") for g in CUBE_TESTS]),
        [],
    ),
    # metadata of any shape
    "null_metadata": (edited(null_metadata), []),
    "test_marked_answer": (with_test_cell_edited(nbgrader={"solution": True, "grade": False}), []),
    "test_skipped": (
        edited(
            lambda nb: (
                cell_of(nb, "cube").__setitem__("source", WRONG_CUBE),
                cell_of(nb, "cube_hidden").metadata.update(tags=["skip-execution"]),
                cell_of(nb, "cube_checks").metadata.update(tags=["raises-exception"]),
            )
        ),
        CUBE_TESTS,
    ),
    "points_raised": (with_test_cell_edited(nbgrader={"points": 100}), []),
    # reaching outside the notebook: each attempt is blocked, and the answer is right
    "gradebook": (
        with_answer(
            attempt(
                "import sqlite3\n"
                f"db = sqlite3.connect('file:{COURSE}/gradebook.db?mode=rw', uri=True)\n"
                "db.execute('UPDATE grade SET auto_score=0')\n"
                "db.execute(\"UPDATE source_cell SET source='pass'\")\n"
                "db.commit()"
            )
            + "\n"
            + attempt(
                "import sqlite3\nsqlite3.connect('../../../gradebook.db').execute('select 1')"
            )
        ),
        [],
    ),
    "overwrite_other": (
        with_answer(
            attempt(
                "import shutil\n"
                f"shutil.copy('{COURSE}/release/{CHAPTER}/{CHAPTER}.ipynb', "
                f"'{COURSE}/submitted/{LATER}/{CHAPTER}/{CHAPTER}.ipynb')"
            )
        ),
        [],
    ),
    "reads_solutions": (
        with_answer(
            attempt(
                "import json\n"
                f"nb = json.load(open('{COURSE}/source/{CHAPTER}/{CHAPTER}.ipynb'))\n"
                "exec(next(''.join(c['source']) for c in nb['cells'] "
                "if 'def cube' in ''.join(c['source'])))"
            )
            + "\n"
            + attempt(f"print(open('{COURSE}/submitted/good/{CHAPTER}/{CHAPTER}.ipynb').read())"),
            WRONG_CUBE,
        ),
        CUBE_TESTS,
    ),
    "leaks_hidden": (
        with_cell_after(
            "cube_hidden",
            "from IPython.display import HTML, display\n"
            "_code = '\\n'.join(str(x) for x in globals().get('_ih', []))\n"
            "print(_code[::-1])\ndisplay(HTML('<pre>' + _code + '</pre>'))\n"
            "get_ipython().events.register('pre_run_cell', lambda info: print(info.raw_cell[::-1]))",
        ),
        [],
    ),
    "extra_files": (SOURCE, CUBE_TESTS),  # the fixture adds dlcourse/ beside it, and a wrong cube
    "grandchild": (
        with_answer(
            "import subprocess, sys\n"
            f"subprocess.Popen(['sleep', '{MARKER}'], start_new_session=True)\n"
            "import multiprocessing, os, time\n"
            "def _later():\n    os.setsid()\n    time.sleep(3)\n"
            f"    open('{COURSE}/gradebook.db', 'r+b').write(b'x')\n"
            "multiprocessing.Process(target=_later, daemon=False).start()"
        ),
        [],
    ),
    "kills_grader": (
        with_answer(
            attempt(
                "import os, signal\n"
                "for _p in [int(p) for p in os.listdir('/proc') if p.isdigit()]:\n"
                "    if _p != os.getpid():\n"
                "        try:\n            os.kill(_p, signal.SIGKILL)\n"
                "        except OSError:\n            pass"
            )
        ),
        [],
    ),
    "rewrites_package": (
        with_answer(
            attempt(
                "import dlcourse.checks, pathlib\n"
                "pathlib.Path(dlcourse.checks.__file__).write_text("
                "'def check_array(*a, **k): pass\\ndef check_scalar(*a, **k): pass\\n')"
            )
        ),
        [],
    ),
    "fills_shm": (
        with_answer(
            attempt(
                "with open('/dev/shm/dlcourse-hog', 'wb') as f:\n"
                "    for _ in range(7 * 1024):\n        f.write(bytes(2**20))"
            )
        ),
        [],
    ),
    # cheating inside its own kernel, with a wrong answer: it must not pay, and it is flagged
    "empties_cells": (
        with_answer("get_ipython().input_transformers_post.append(lambda lines: [])", WRONG_CUBE),
        CUBE_TESTS,
    ),
    "defeats_restore": (
        with_answer(
            "import dlcourse.grading.integrity as _g\n_g.restore = lambda: []\n"
            "get_ipython().input_transformers_post.append(lambda lines: [])",
            WRONG_CUBE,
        ),
        FROM_CUBE_ON,
    ),
    "patches_numpy": (
        with_answer("import numpy\nnumpy.allclose = lambda *a, **k: True", WRONG_CUBE),
        CUBE_TESTS,
    ),
    "patches_helpers": (
        with_cell_after(
            "cube",
            "import dlcourse.checks\ndlcourse.checks.check_array = lambda *a, **k: None\n"
            "check_array = dlcourse.checks.check_array",
            answer=WRONG_CUBE,
        ),
        CUBE_TESTS,
    ),
    "steals_expected": (
        with_answer(
            "",
            "import sys\nclass _Thief:\n    def detach(self):\n        return self\n"
            "    def cpu(self):\n        return self\n"
            "    def numpy(self):\n        return sys._getframe(2).f_locals['expected']\n"
            "def cube(x):\n    return _Thief()",
        ),
        CUBE_TESTS,
    ),
    "equal_to_all": (
        edited(
            lambda nb: cell_of(nb, "count").__setitem__(
                "source",
                "class _Yes(int):\n    def __eq__(self, other):\n        return True\n"
                "    def __sub__(self, other):\n        return 0\n"
                "def count(x):\n    return _Yes(0)",
            )
        ),
        ["count_checks", "count_hidden"],
    ),
    # not gradable
    "other_assignment": (read(chapter_path(OTHER_CHAPTER)), None),
    "invalid_json": ("{not json", None),
    "empty": ("", None),
    LATER: (with_answer("", WRONG_CUBE), CUBE_TESTS),
}
UNGRADABLE_REASON = {
    "other_assignment": "belongs to another assignment",
    "invalid_json": "not a notebook (not valid JSON",
    "empty": "the notebook file is empty",
}
FLAGGED = {
    "empties_cells": "IPython input_transformers_post",
    "defeats_restore": "the grader",
    "patches_numpy": "numpy.allclose",
    "patches_helpers": "dlcourse.checks.check_array",
    "leaks_hidden": "code outside the answer cells was added or changed",
    "steals_expected": "stack frames",
    "equal_to_all": "comparison or conversion overrides",
}


def grading_command(course: Path, *args: str, timeout: int = 3600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dlcourse.grading", "autograde", CHAPTER, *args],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def gradebook_scores(course: Path) -> dict[str, dict[str, float]]:
    """student -> grade id -> autograded score, for every graded code cell; and "max" -> the
    points of each."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {}
        for student in SUBMISSIONS:
            notebook = gradebook.find_submission_notebook(CHAPTER, CHAPTER, student)
            grades = [g for g in notebook.grades if g.cell_type == "code"]
            scores[student] = {g.name: g.auto_score for g in grades}
            scores["max"] = {g.name: g.max_score for g in grades}
        return scores


def read_report(course: Path) -> dict[str, dict[str, str]]:
    with (course / f"grading_report_{CHAPTER}.csv").open() as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def left_running() -> list[str]:
    found = subprocess.run(["pgrep", "-af", f"sleep {MARKER}"], capture_output=True, text=True)
    return [line for line in found.stdout.splitlines() if "pgrep" not in line]


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("adversarial")
    (course / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    (course / "notebooks" / CHAPTER).mkdir(parents=True)
    nbformat.write(SOURCE, course / "notebooks" / CHAPTER / f"{CHAPTER}.ipynb")
    (course / "source").symlink_to("notebooks")  # where a saboteur would look for solutions
    run_nbgrader("generate_assignment", CHAPTER, "--force", cwd=course)
    for student, (submission, _) in SUBMISSIONS.items():
        folder = course / "submitted" / student / CHAPTER
        folder.mkdir(parents=True)
        path = folder / f"{CHAPTER}.ipynb"
        if isinstance(submission, str):
            path.write_text(submission)
        else:
            text = nbformat.writes(submission).replace(COURSE, str(course))
            path.write_text(text)
    extra = course / "submitted" / "extra_files" / CHAPTER
    nbformat.write(with_answer("", WRONG_CUBE), extra / f"{CHAPTER}.ipynb")
    (extra / "dlcourse").mkdir()
    (extra / "dlcourse" / "__init__.py").write_text("")
    (extra / "dlcourse" / "checks.py").write_text(
        "def call_answer(f, *a):\n    return f(*a)\n"
        "def check_array(*a, **k):\n    pass\ndef check_scalar(*a, **k):\n    pass\n"
    )
    # a folder that a student id of "../x" would name
    (course / "x" / CHAPTER).mkdir(parents=True)
    (course / "submitted" / "a*b" / CHAPTER).mkdir(parents=True)
    before = {p: digest(p) for p in (course / "notebooks").rglob("*.ipynb")}
    before |= {p: digest(p) for p in (course / "submitted").rglob("*.ipynb")}
    package = Path(__import__("dlcourse.checks").checks.__file__)
    before[package] = digest(package)
    started = time.monotonic()
    result = grading_command(course, f"--timeout={TIMEOUT}")
    course.joinpath("first_run.json").write_text(
        json.dumps(
            {
                "stdout": result.stdout,
                "stderr": result.stderr,
                "returncode": result.returncode,
                "seconds": time.monotonic() - started,
                "changed": [str(p) for p, d in before.items() if digest(p) != d],
                "left_running": left_running(),
            }
        )
    )
    return course


@pytest.fixture(scope="module")
def first_run(course) -> dict:
    return json.loads((course / "first_run.json").read_text())


@pytest.fixture(scope="module")
def scores(course) -> dict[str, dict[str, float]]:
    return gradebook_scores(course)


def autograded(course: Path, student: str) -> nbformat.NotebookNode:
    return read(course / "autograded" / student / CHAPTER / f"{CHAPTER}.ipynb")


def cell_errors(notebook, grade_id: str) -> list[str]:
    cell = cell_of(notebook, grade_id)
    return [o.ename for o in cell.get("outputs", []) if o.output_type == "error"]


def test_the_run_ends_with_a_report_and_leaves_nothing_running(course, first_run):
    assert first_run["returncode"] == 1, first_run["stderr"][-3000:]  # the ungradable ones
    assert set(read_report(course)) == set(SUBMISSIONS) | {"a*b"}
    assert first_run["left_running"] == []
    assert not Path("/dev/shm/dlcourse-hog").exists()


def test_no_submission_changes_a_file_outside_its_own_grading(first_run):
    assert first_run["changed"] == []


def test_the_good_submission_gets_every_autograded_mark(scores):
    assert set(scores["good"]) == set(GRADED_IDS)
    assert scores["good"] == scores["max"]
    assert sum(scores["max"].values()) == 9


@pytest.mark.parametrize("student", [s for s, (_, lost) in SUBMISSIONS.items() if lost is not None])
def test_each_submission_gets_exactly_what_it_earned(scores, student):
    _, lost = SUBMISSIONS[student]
    expected = {gid: 0 if gid in lost else points for gid, points in scores["max"].items()}
    assert scores[student] == expected


@pytest.mark.parametrize("student", [s for s, (_, lost) in SUBMISSIONS.items() if lost is None])
def test_an_ungradable_file_gets_zero_and_its_reason(course, scores, student):
    assert set(scores[student].values()) == {0}
    row = read_report(course)[student]
    assert row["status"] == "error" and float(row["score"]) == 0
    assert UNGRADABLE_REASON[student] in row["message"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(CHAPTER, CHAPTER, student)
        comments = {c.auto_comment for c in notebook.comments}
    assert comments and all(UNGRADABLE_REASON[student] in c for c in comments), comments


def test_a_student_id_that_names_a_path_is_refused_and_touches_nothing(course):
    assert "is not allowed" in read_report(course)["a*b"]["message"]
    result = grading_command(course, "--student=../x")
    assert result.returncode == 2 and "is not allowed" in result.stderr
    assert (course / "x" / CHAPTER).is_dir()
    for bad in ("../x", "a/b", "..", ".hidden", "a*b", "a?", "[ab]", "", "a\\b"):
        assert student_id_problem(bad), bad
    for fine in ("s123", "jane.doe@uni.edu", "émile_ß", "A-B+c"):
        assert student_id_problem(fine) is None, fine


def test_a_failed_grading_is_reported_by_its_exception_not_by_nbgrader_s_pointer_to_it():
    log = (
        "[AutogradeApp | ERROR] There was an error processing assignment: x\n"
        "[AutogradeApp | ERROR] Traceback (most recent call last):\n"
        '      File "a.py", line 3, in f\n'
        "    AttributeError: 'dict' object has no attribute 'nbgrader'\n"
        "[AutogradeApp | ERROR] Please see the the above traceback for details\n"
    )
    assert _last_error(log) == "AttributeError: 'dict' object has no attribute 'nbgrader'"
    assert _last_error(log + "[... | ERROR] grading took longer than 9 s and was stopped") == (
        "grading took longer than 9 s and was stopped"
    )
    assert _last_error("[App | ERROR] no such notebook\n") == "no such notebook"


@pytest.mark.parametrize(
    ("student", "error", "reported"),
    [
        ("loop", "CellTimeoutError", "ran past the time limit"),
        ("deaf_loop", "KernelStopped", "ignored the interrupt"),
        ("memory", "MemoryError", "ran out of memory"),
        ("kill", "KernelDied", "the kernel stopped in"),
        ("os_exit", "KernelDied", "the kernel stopped in"),
        ("sys_exit", "SystemExit", ""),
    ],
)
def test_the_sabotaged_cell_shows_what_happened(course, student, error, reported):
    assert error in cell_errors(autograded(course, student), "cube")
    assert reported in read_report(course)[student]["message"]


def test_cells_after_a_dead_kernel_are_marked_not_run(course):
    notebook = autograded(course, "kill")
    for grade_id in FROM_CUBE_ON:
        assert cell_errors(notebook, grade_id) == ["NotRun"], grade_id


def test_a_test_emptied_while_it_ran_earns_nothing_and_is_reported(course):
    for grade_id in FROM_CUBE_ON:
        errors = cell_errors(autograded(course, "defeats_restore"), grade_id)
        assert "TestNotCompleted" in errors, (grade_id, errors)
    assert "did not run to its end" in read_report(course)["defeats_restore"]["message"]


@pytest.mark.parametrize(("student", "flag"), FLAGGED.items())
def test_cheating_in_the_kernel_is_flagged_for_the_instructor(course, student, flag):
    message = read_report(course)[student]["message"]
    assert flag in message and "check it by hand" in message, message


def test_honest_submissions_are_not_flagged(course):
    for student in ("good", "warns", LATER):
        assert read_report(course)[student]["message"] == "", student


def test_repaired_metadata_is_reported(course):
    report = read_report(course)
    assert "nbgrader metadata removed" in report["null_metadata"]["message"]
    assert "nbgrader flags changed; put back" in report["test_marked_answer"]["message"]
    assert "put back as in the source" in report["test_skipped"]["message"]


def test_a_warning_does_not_fail_a_passing_test_and_the_student_is_told(course):
    cell = cell_of(autograded(course, "warns"), "cube_checks")
    texts = [o.get("text", "") for o in cell.outputs if o.output_type == "stream"]
    assert any("does not count against the test" in t for t in texts), texts


def test_floods_of_any_kind_are_cut(course):
    for student in ("prints", "images"):
        path = course / "autograded" / student / CHAPTER / f"{CHAPTER}.ipynb"
        assert path.stat().st_size < 3_000_000, (student, path.stat().st_size)
        assert "printed more than the output limit" in read_report(course)[student]["message"]


def test_deleted_and_edited_tests_are_put_back(course):
    hidden = secret_lines(SOURCE, (HIDDEN_RE,))
    for student in ("delete_tests", "edit_tests", "test_marked_answer"):
        notebook = autograded(course, student)
        present = [nbgrader_meta(c).get("grade_id") for c in notebook.cells]
        assert all(gid in present for gid in CUBE_TESTS), student
        assert present.index("cube") < present.index(CUBE_TESTS[0]), student
        text = "\n".join(c.source for c in notebook.cells)
        assert all(line in text for line in hidden), f"{student}: hidden tests were not run"


def test_regrading_changes_nothing(course, scores):
    again = ["good", "kill", "delete_tests", "invalid_json", "gradebook"]
    result = grading_command(course, f"--timeout={TIMEOUT}", *(f"--student={s}" for s in again))
    assert result.returncode == 1, result.stdout + result.stderr  # invalid_json is an error
    assert gradebook_scores(course) == scores


def test_the_exported_gradebook_lists_every_student(course, scores):
    run_nbgrader("export", "--to", "grades.csv", cwd=course)
    with (course / "grades.csv").open() as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f) if row["assignment"] == CHAPTER}
    assert set(rows) == set(SUBMISSIONS)
    for student, row in rows.items():
        assert float(row["raw_score"]) == pytest.approx(sum(scores[student].values()))


def letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def test_feedback_shows_no_hidden_test_in_any_form(course):
    hidden = [letters(line) for line in secret_lines(SOURCE, (HIDDEN_RE,))]
    graded = [s for s, (_, lost) in SUBMISSIONS.items() if lost is not None]
    run_nbgrader("generate_feedback", CHAPTER, "--force", cwd=course)
    for student in graded:
        page = course / "feedback" / student / CHAPTER / f"{CHAPTER}.html"
        text = letters(" ".join(html_text_lines(page.read_text())))
        leaked = [h for h in hidden if h in text or h in text[::-1]]
        assert not leaked, f"{student}'s feedback shows {leaked[:3]}"
        assert page.stat().st_size < 3_000_000, student


def test_nbgraders_default_feedback_would_show_the_hidden_tests(course):
    hidden = secret_lines(SOURCE, (HIDDEN_RE,))
    default = (
        "['nbgrader.preprocessors.GetGrades','nbconvert.preprocessors.CSSHTMLHeaderPreprocessor']"
    )
    run_nbgrader(
        "generate_feedback",
        CHAPTER,
        "--student=good",
        "--force",
        f"--GenerateFeedback.preprocessors={default}",
        cwd=course,
    )
    page = course / "feedback" / "good" / CHAPTER / f"{CHAPTER}.html"
    assert [line for line in hidden if line in html_text_lines(page.read_text())]


def test_the_command_refuses_an_unknown_assignment(course):
    result = subprocess.run(
        [sys.executable, "-m", "dlcourse.grading", "autograde", "99_nothing"],
        cwd=course,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "no assignment '99_nothing'" in result.stderr


def test_the_command_refuses_to_grade_without_a_sandbox_it_cannot_make(course):
    env = dict(os.environ, PATH="/nonexistent")  # no bwrap to be found
    result = subprocess.run(
        [sys.executable, "-m", "dlcourse.grading", "autograde", CHAPTER, "--student=good"],
        cwd=course,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 2
    assert "bubblewrap is not installed" in result.stderr and "--no-sandbox" in result.stderr


# Fast checks of the parts, without a kernel.


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no notebook named"),
        ("", "empty"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a readable notebook"),
        ('{"cells": "x", "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "malformed"),
        ('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5, "x": 1}', "malformed"),
        (new_notebook(cells=[new_code_cell("1")]), "no exercise cells"),
        (read(chapter_path(OTHER_CHAPTER)), "another assignment"),
        (edited(null_metadata), None),
        (SOURCE, None),
    ],
)
def test_check_submission_says_what_is_wrong(tmp_path, content, reason):
    path = tmp_path / "submission.ipynb"
    if isinstance(content, str):
        path.write_text(content)
    elif content is not None:
        nbformat.write(content, path)
    grade_ids = {nbgrader_meta(c)["grade_id"] for c in SOURCE.cells if nbgrader_meta(c)}
    problem = check_submission(path, grade_ids)
    assert problem is None if reason is None else reason in problem, problem


def test_hide_hidden_tests_removes_the_code_and_the_traceback_quoting_it():
    hidden_line = "assert f(7) == 49, 'f(7) is wrong'"
    cell = new_code_cell(
        f"assert f(1) == 2\n### BEGIN HIDDEN TESTS\n{hidden_line}\n### END HIDDEN TESTS\nprint(1)"
    )
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=f"{hidden_line}\n1\n"),
        nbformat.v4.new_output(
            "error", ename="AssertionError", evalue="", traceback=[f"----> 3 {hidden_line}"]
        ),
    ]
    notebook, _ = HideHiddenTests().preprocess(new_notebook(cells=[cell]), {})
    cell = notebook.cells[0]
    assert "49" not in json.dumps(notebook)
    assert cell.source == "assert f(1) == 2\n# (hidden tests: not shown)\nprint(1)"
    assert [o.output_type for o in cell.outputs] == ["error"]
    assert cell.outputs[0].traceback == ["AssertionError: a hidden test failed"]


def test_hide_hidden_tests_removes_quotes_of_them_from_every_cell():
    hidden_line = "check_array(cube(_y), _y ** 3, 'cube')"
    test = new_code_cell(f"### BEGIN HIDDEN TESTS\n{hidden_line}\n### END HIDDEN TESTS")
    leak = new_code_cell("print(stolen)")
    leak.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=hidden_line[::-1]),
        nbformat.v4.new_output("display_data", data={"text/html": f"<b>{hidden_line}</b>"}),
        nbformat.v4.new_output("stream", name="stdout", text="an honest line\n"),
    ]
    notebook, _ = HideHiddenTests().preprocess(new_notebook(cells=[test, leak]), {})
    outputs = notebook.cells[1].outputs
    assert "cube(_y)" not in json.dumps(notebook) and ")y_(ebuc" not in json.dumps(notebook)
    assert outputs[2].text == "an honest line\n"


def test_hide_hidden_tests_keeps_the_message_written_for_the_student():
    cell = new_code_cell(
        "### BEGIN HIDDEN TESTS\nassert g() == 3, 'g is off'\n### END HIDDEN TESTS"
    )
    cell.outputs = [
        nbformat.v4.new_output(
            "error", ename="NameError", evalue="name 'g' is not defined", traceback=["long"]
        )
    ]
    notebook, _ = HideHiddenTests().preprocess(new_notebook(cells=[cell]), {})
    assert notebook.cells[0].outputs[0].traceback == ["NameError: name 'g' is not defined"]


def test_limit_output_size_cuts_long_text_and_any_other_kind_and_says_so():
    cell = new_code_cell("print('x' * 50)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="x" * 50),
        nbformat.v4.new_output("display_data", data={"image/png": "A" * 50}),
    ]
    notebook = new_notebook(cells=[cell])
    notebook, _ = LimitOutputSize(max_chars=10).preprocess(notebook, {})
    text = notebook.cells[0].outputs[0].text
    assert text.startswith("x" * 10) and "x" * 11 not in text and "40 more characters" in text
    assert "image/png" not in notebook.cells[0].outputs[1].data
    assert incidents(notebook) == ["cell 1 printed more than the output limit (cut)"]


@pytest.mark.parametrize(
    ("code", "flagged"),
    [
        ("import dlcourse.checks\ndlcourse.checks.check_array = print", "the check helpers"),
        ("check_array = lambda *a: None", "the check helpers"),
        ("import builtins\nbuiltins.len = lambda x: 3", "builtins"),
        ("np.testing.assert_allclose = print", "numpy's comparisons"),
        ("import subprocess", "other programs"),
        ("os.remove('gradebook.db')", "other programs"),
        ("open('../gradebook.db', 'w')", "writing files"),
        ("get_ipython().input_transformers_post.append(f)", "IPython's machinery"),
        ("x = sys._getframe(1).f_locals", "stack frames"),
        ("labels = vars(__main__)['_y']", "the notebook's namespace"),
        (
            "class A(int):\n    def __eq__(self, o):\n        return True",
            "comparison or conversion",
        ),
        ("print(_ih[-1])", "the kernel's history"),
        ("def f(x):\n    return x @ w  # check_array == fine", None),
        ("with open('data.txt') as f:\n    text = f.read()", None),
    ],
)
def test_suspicious_answer_code_is_named(code, flagged):
    cell = new_code_cell(code, metadata={"nbgrader": {"solution": True, "grade_id": "a"}})
    found = suspicious(new_notebook(cells=[cell]))
    assert (found == []) if flagged is None else (len(found) == 1 and flagged in found[0]), found
