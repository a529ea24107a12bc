"""Grading hostile submissions: every student ends with a score or a recorded reason.

One course for chapter 1, graded with ``python -m dlcourse.grading autograde``. Besides a good
submission there are submissions that crash, loop forever (one while ignoring the interrupt),
allocate far too much memory, print megabytes, exit or kill their kernel, edit or delete the
locked tests, delete the answer, are not notebooks at all, are empty or belong to another chapter.
Each sabotages the second code exercise (or the whole file); every other exercise must score
exactly as the good submission's does.
"""

import copy
import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from course import (
    HIDDEN_RE,
    ROOT,
    chapter_path,
    code_exercises,
    html_text_lines,
    is_graded_test,
    nbgrader_meta,
    read,
    run_nbgrader,
    secret_lines,
)
from nbgrader.api import Gradebook

from dlcourse.grading import check_submission
from dlcourse.grading.autograde import incidents, suspicious
from dlcourse.grading.preprocessors import HideHiddenTests, LimitOutputSize

CHAPTER = "01_neural_networks"
OTHER_CHAPTER = "02_activations"
TIMEOUT = 60  # seconds per cell: honest cells of chapter 1 take a few, even on a busy machine
SOURCE = read(chapter_path(CHAPTER))
SOLUTION_ID, TEST_IDS = code_exercises(SOURCE)[1]  # the exercise the saboteurs break
GRADED_IDS = [nbgrader_meta(c)["grade_id"] for c in SOURCE.cells if is_graded_test(c)]
FROM_SABOTAGE_ON = GRADED_IDS[GRADED_IDS.index(TEST_IDS[0]) :]


def with_answer(code: str) -> nbformat.NotebookNode:
    """The source notebook with ``code`` run at the top of the sabotaged exercise's answer."""
    notebook = copy.deepcopy(SOURCE)
    for cell in notebook.cells:
        if nbgrader_meta(cell).get("grade_id") == SOLUTION_ID:
            cell.source = code + "\n" + cell.source
    return notebook


def without(*grade_ids: str) -> nbformat.NotebookNode:
    notebook = copy.deepcopy(SOURCE)
    notebook.cells = [
        c for c in notebook.cells if nbgrader_meta(c).get("grade_id") not in grade_ids
    ]
    return notebook


def with_tests_replaced(source: str) -> nbformat.NotebookNode:
    notebook = copy.deepcopy(SOURCE)
    for cell in notebook.cells:
        if nbgrader_meta(cell).get("grade_id") in TEST_IDS:
            cell.source = source
    return notebook


def first_cell_raises() -> nbformat.NotebookNode:
    notebook = copy.deepcopy(SOURCE)
    next(c for c in notebook.cells if c.cell_type == "code").source = "raise RuntimeError('no')"
    return notebook


# student -> (submission, the graded cells it should lose; None if it cannot be graded at all)
SUBMISSIONS = {
    "good": (SOURCE, []),
    "crash_first": (first_cell_raises(), []),
    "loop": (with_answer("while True:\n    pass"), TEST_IDS),
    "deaf_loop": (
        with_answer(
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
        ),
        FROM_SABOTAGE_ON,
    ),
    "memory": (with_answer("hog = bytearray(8 * 2**30)"), TEST_IDS),
    "prints": (with_answer("print('x' * 20_000_000)\nfor i in range(100_000):\n    print(i)"), []),
    "sys_exit": (with_answer("import sys\nsys.exit(1)"), TEST_IDS),
    "os_exit": (with_answer("import os\nos._exit(0)"), FROM_SABOTAGE_ON),
    "kill": (
        with_answer("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
        FROM_SABOTAGE_ON,
    ),
    "edit_tests": (with_tests_replaced("pass"), []),
    "tamper": (
        with_answer(
            "import sys\nsys.modules['dlcourse.checks'].check_array = lambda *a, **k: None"
        ),
        [],
    ),
    "delete_tests": (without(*TEST_IDS), []),
    "delete_answer": (without(SOLUTION_ID), TEST_IDS),
    "other_assignment": (read(chapter_path(OTHER_CHAPTER)), None),
    "invalid_json": ("{not json", None),
    "empty": ("", None),
}
UNGRADABLE_REASON = {
    "other_assignment": "belongs to another assignment",
    "invalid_json": "not a notebook (not valid JSON",
    "empty": "the notebook file is empty",
}


def grading_command(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dlcourse.grading", "autograde", CHAPTER, *args],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=3600,
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


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("adversarial")
    (course / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    (course / "notebooks" / CHAPTER).mkdir(parents=True)
    nbformat.write(SOURCE, course / "notebooks" / CHAPTER / f"{CHAPTER}.ipynb")
    run_nbgrader("generate_assignment", CHAPTER, "--force", cwd=course)
    for student, (submission, _) in SUBMISSIONS.items():
        folder = course / "submitted" / student / CHAPTER
        folder.mkdir(parents=True)
        path = folder / f"{CHAPTER}.ipynb"
        if isinstance(submission, str):
            path.write_text(submission)
        else:
            nbformat.write(submission, path)
    course.joinpath("first_run.txt").write_text(
        grading_command(course, f"--timeout={TIMEOUT}").stdout
    )
    return course


@pytest.fixture(scope="module")
def scores(course) -> dict[str, dict[str, float]]:
    return gradebook_scores(course)


def autograded(course: Path, student: str) -> nbformat.NotebookNode:
    return read(course / "autograded" / student / CHAPTER / f"{CHAPTER}.ipynb")


def cell_errors(notebook, grade_id: str) -> list[str]:
    cell = next(c for c in notebook.cells if nbgrader_meta(c).get("grade_id") == grade_id)
    return [o.ename for o in cell.get("outputs", []) if o.output_type == "error"]


def test_the_good_submission_gets_every_autograded_mark(scores):
    assert set(scores["good"]) == set(GRADED_IDS)
    assert scores["good"] == scores["max"]


@pytest.mark.parametrize("student", [s for s, (_, lost) in SUBMISSIONS.items() if lost is not None])
def test_a_sabotage_costs_exactly_the_cells_it_breaks(scores, student):
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


def test_the_report_and_the_command_output_name_every_student(course):
    report = read_report(course)
    assert set(report) == set(SUBMISSIONS)
    graded = {s for s, (_, lost) in SUBMISSIONS.items() if lost is not None}
    assert {s for s, row in report.items() if row["status"] == "graded"} == graded
    printed = (course / "first_run.txt").read_text()
    assert f"{len(SUBMISSIONS)} submissions: {len(graded)} graded, 3 not gradable" in printed


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
    assert error in cell_errors(autograded(course, student), SOLUTION_ID)
    assert reported in read_report(course)[student]["message"]


def test_cells_after_a_dead_kernel_are_marked_not_run(course):
    notebook = autograded(course, "kill")
    for grade_id in FROM_SABOTAGE_ON:
        assert cell_errors(notebook, grade_id) == ["NotRun"], grade_id


def test_an_answer_reaching_for_the_test_machinery_is_flagged(course):
    message = read_report(course)["tamper"]["message"]
    assert f"({SOLUTION_ID}) uses sys.modules" in message and "check it by hand" in message
    assert not read_report(course)["good"]["message"]


def test_a_flood_of_output_is_cut(course):
    path = course / "autograded" / "prints" / CHAPTER / f"{CHAPTER}.ipynb"
    assert path.stat().st_size < 2_000_000, path.stat().st_size
    assert "printed more than the output limit" in read_report(course)["prints"]["message"]


def test_deleted_and_edited_tests_are_put_back(course):
    hidden = secret_lines(SOURCE, (HIDDEN_RE,))
    for student in ("delete_tests", "edit_tests"):
        notebook = autograded(course, student)
        present = [nbgrader_meta(c).get("grade_id") for c in notebook.cells]
        assert all(gid in present for gid in TEST_IDS), student
        assert present.index(SOLUTION_ID) < present.index(TEST_IDS[0]), student
        text = "\n".join(c.source for c in notebook.cells)
        assert any(line in text for line in hidden), f"{student}: hidden tests were not run"


def test_regrading_changes_nothing(course, scores):
    again = ["good", "kill", "delete_tests", "invalid_json"]
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


def test_feedback_shows_no_hidden_test_while_nbgraders_default_would(course):
    hidden = secret_lines(SOURCE, (HIDDEN_RE,))
    graded = [s for s, (_, lost) in SUBMISSIONS.items() if lost is not None]
    run_nbgrader("generate_feedback", CHAPTER, "--force", cwd=course)
    for student in graded:
        page = course / "feedback" / student / CHAPTER / f"{CHAPTER}.html"
        leaked = [line for line in hidden if line in html_text_lines(page.read_text())]
        assert not leaked, f"{student}'s feedback shows {leaked[:3]}"
    # The check above can fail: with nbgrader's own feedback preprocessors the tests show.
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
        (nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), "no exercise cells"),
        (read(chapter_path(OTHER_CHAPTER)), "another assignment"),
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
    cell = nbformat.v4.new_code_cell(
        f"assert f(1) == 2\n### BEGIN HIDDEN TESTS\n{hidden_line}\n### END HIDDEN TESTS\nprint(1)"
    )
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=f"{hidden_line}\n1\n"),
        nbformat.v4.new_output(
            "error", ename="AssertionError", evalue="", traceback=[f"----> 3 {hidden_line}"]
        ),
    ]
    notebook, _ = HideHiddenTests().preprocess(nbformat.v4.new_notebook(cells=[cell]), {})
    cell = notebook.cells[0]
    assert "49" not in json.dumps(notebook)
    assert cell.source == "assert f(1) == 2\n# (hidden tests: not shown)\nprint(1)"
    assert cell.outputs[0].text == "1\n"
    assert cell.outputs[1].traceback == ["AssertionError: a hidden test failed"]


def test_hide_hidden_tests_keeps_the_message_written_for_the_student():
    cell = nbformat.v4.new_code_cell(
        "### BEGIN HIDDEN TESTS\nassert g() == 3, 'g is off'\n### END HIDDEN TESTS"
    )
    cell.outputs = [
        nbformat.v4.new_output(
            "error", ename="NameError", evalue="name 'g' is not defined", traceback=["long"]
        )
    ]
    notebook, _ = HideHiddenTests().preprocess(nbformat.v4.new_notebook(cells=[cell]), {})
    assert notebook.cells[0].outputs[0].traceback == ["NameError: name 'g' is not defined"]


def test_limit_output_size_cuts_long_text_and_says_so():
    cell = nbformat.v4.new_code_cell("print('x' * 50)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 50)]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook, _ = LimitOutputSize(max_chars=10).preprocess(notebook, {})
    text = notebook.cells[0].outputs[0].text
    assert text.startswith("x" * 10) and "x" * 11 not in text and "40 more characters" in text
    assert incidents(notebook) == ["cell 1 printed more than the output limit (cut)"]


@pytest.mark.parametrize(
    ("code", "flagged"),
    [
        ("import dlcourse.checks\ndlcourse.checks.check_array = print", "the check helpers"),
        ("check_array = lambda *a: None", "the check helpers"),
        ("import builtins\nbuiltins.len = lambda x: 3", "builtins"),
        ("np.testing.assert_allclose = print", "numpy.testing"),
        ("import subprocess", "other programs"),
        ("os.remove('gradebook.db')", "other programs"),
        ("open('../gradebook.db', 'w')", "writing files"),
        ("def f(x):\n    return x @ w  # check_array == fine", None),
        ("with open('data.txt') as f:\n    text = f.read()", None),
    ],
)
def test_suspicious_answer_code_is_named(code, flagged):
    cell = nbformat.v4.new_code_cell(
        code, metadata={"nbgrader": {"solution": True, "grade_id": "a"}}
    )
    found = suspicious(nbformat.v4.new_notebook(cells=[cell]))
    assert found == ([] if flagged is None else [f"cell 1 (a) uses {flagged}: check it by hand"])
