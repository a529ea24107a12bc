"""The instructor guide, followed to the letter on a course with two students.

The commands are read from the guide's own ``bash`` blocks (``book/instructors.md``), so a guide
that drifts from what works fails here. Written answers are scored through nbgrader's gradebook,
as the formgrader does, and the exported CSV must hold both students with every point.
"""

import csv
import re
import shlex
import subprocess
import sys

import nbformat
import pytest
from course import BIN, ROOT, chapter_path, code_exercises, nbgrader_meta, read
from nbgrader.api import Gradebook

GUIDE = ROOT / "book" / "instructors.md"
CHAPTER = "01_neural_networks"


def guide_commands() -> list[list[str]]:
    """The nbgrader and dlcourse commands of the guide's top-level bash blocks, in order."""
    blocks = re.findall(r"^```bash\n(.*?)^```", GUIDE.read_text(), re.S | re.M)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith(("nbgrader ", "python -m dlcourse")):
                commands.append(shlex.split(line))
    return commands


def run(command: list[str], cwd) -> subprocess.CompletedProcess:
    program = [sys.executable] if command[0] == "python" else [str(BIN / command[0])]
    env = {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(
        program + command[1:], cwd=cwd, env=env, capture_output=True, text=True, timeout=1800
    )


def test_the_guide_names_each_step():
    steps = [" ".join(c[:2]) for c in guide_commands()]
    for step in ("nbgrader generate_assignment", "python -m", "nbgrader generate_feedback"):
        assert step in steps, f"the guide has no `{step}` command: {steps}"
    assert "nbgrader export" in steps


@pytest.fixture(scope="module")
def followed(tmp_path_factory):
    """A course folder after every command of the guide, with two students' work graded."""
    course = tmp_path_factory.mktemp("guide")
    (course / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    (course / "notebooks" / CHAPTER).mkdir(parents=True)
    source = read(chapter_path(CHAPTER))
    nbformat.write(source, course / "notebooks" / CHAPTER / f"{CHAPTER}.ipynb")
    commands = guide_commands()
    release = next(i for i, c in enumerate(commands) if "generate_assignment" in c)
    grade = next(i for i, c in enumerate(commands) if "dlcourse.grading" in " ".join(c))
    feedback = next(i for i, c in enumerate(commands) if "generate_feedback" in c)

    assert run(commands[release], course).returncode == 0
    released = read(course / "release" / CHAPTER / f"{CHAPTER}.ipynb")
    # "Collect submissions": one student hands in the answers, one the untouched release.
    for student, notebook in (("ada", source), ("bob", released)):
        folder = course / "submitted" / student / CHAPTER
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{CHAPTER}.ipynb")
    graded = run(commands[grade], course)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    # "Grade the written answers": full marks for ada, none for bob, as in the formgrader.
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student, share in (("ada", 1.0), ("bob", 0.0)):
            notebook = gradebook.find_submission_notebook(CHAPTER, CHAPTER, student)
            for grade in notebook.grades:
                if grade.cell_type == "markdown":
                    grade.manual_score = share * grade.max_score
        gradebook.db.commit()
    for command in commands[feedback:]:
        result = run(command, course)
        assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return course, source


def test_the_exported_csv_holds_both_students_and_every_point(followed):
    course, source = followed
    with (course / "grades.csv").open() as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == CHAPTER}
    assert set(rows) == {"ada", "bob"}
    total = sum(nbgrader_meta(c)["points"] for c in source.cells if nbgrader_meta(c).get("grade"))
    assert float(rows["ada"]["max_score"]) == total
    assert float(rows["ada"]["raw_score"]) == total
    assert float(rows["bob"]["raw_score"]) == 0


def test_each_student_gets_a_feedback_page(followed):
    course, source = followed
    first_exercise = code_exercises(source)[0][0]
    for student in ("ada", "bob"):
        page = course / "feedback" / student / CHAPTER / f"{CHAPTER}.html"
        assert page.exists(), f"no feedback for {student}"
        assert first_exercise in page.read_text()
