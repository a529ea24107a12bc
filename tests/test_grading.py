"""The nbgrader round trip, for every chapter: release, then autograde two kinds of submission.

One temporary course per chapter, laid out like the repository (nbgrader_config.py beside
notebooks/<chapter>/). Two students submit: the source notebook itself ("complete"), and the
student version with every exercise answered from the source except the first code exercise
("partial"), which must earn every mark but that exercise's. (That the untouched student version
earns nothing is checked exercise by exercise in nbval's kernel, with the wrong answers: the
release's stub is the first wrong answer of every exercise; see tests/course_plugin.py.)
"""

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import nbformat
import pytest
from course import (
    HIDDEN_RE,
    NOTEBOOKS,
    ROOT,
    SOLUTION_RE,
    chapter_path,
    chapters,
    code_exercises,
    html_text_lines,
    is_solution,
    nbgrader_meta,
    read,
    run_nbgrader,
    secret_lines,
)
from nbgrader.api import Gradebook


def partly_answered(source, release):
    """The release with every solution cell copied from the source except the first code one."""
    answers = {nbgrader_meta(c)["grade_id"]: c.source for c in source.cells if is_solution(c)}
    first_unanswered = code_exercises(source)[0][0]
    partial = nbformat.from_dict(release)
    for cell in partial.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if is_solution(cell) and grade_id != first_unanswered:
            cell.source = SOLUTION_RE.sub(lambda m: _unmark(m.group(0)), answers[grade_id])
    return partial


def _unmark(region: str) -> str:
    return "\n".join(region.splitlines()[1:-1])


# The two submissions are graded at once, each on one core: a course folder of its own for each
# (so that no two processes write one gradebook) and one thread for the numerical libraries. The
# scores must not depend on the thread count: a learner's or an instructor's machine has its own.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


@dataclass
class GradedCourse:
    chapter: str
    courses: dict[str, Path]  # student -> the course folder that graded their submission
    source: nbformat.NotebookNode
    release: nbformat.NotebookNode
    release_text: str
    scores: dict[str, dict[str, float]]  # student -> grade_id -> autograded score
    max_scores: dict[str, float]  # grade_id -> points, autograded cells only


def in_parallel(calls) -> list:
    """Run the calls (functions of no argument) at once, in threads; their results in order."""
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [future.result() for future in [pool.submit(call) for call in calls]]


def grade_course(chapter: str, folder: Path) -> GradedCourse:
    """Release ``chapter`` in a new course folder, then autograde the two submissions."""
    course = folder / "complete"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(
        NOTEBOOKS / chapter,
        course / "notebooks" / chapter,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    run_nbgrader("generate_assignment", chapter, "--force", cwd=course)
    release_path = course / "release" / chapter / f"{chapter}.ipynb"
    source, release = read(chapter_path(chapter)), read(release_path)

    submissions = {
        "complete": source,
        "partial": partly_answered(source, release),
    }
    courses = {"complete": course}
    for student in submissions:
        if student not in courses:  # the same course, released once
            courses[student] = folder / student
            shutil.copytree(course, courses[student])
    for student, notebook in submissions.items():
        submitted = courses[student] / "submitted" / student / chapter
        submitted.mkdir(parents=True)
        nbformat.write(notebook, submitted / f"{chapter}.ipynb")
    in_parallel(
        [
            partial(run_nbgrader, "autograde", chapter, "--force", cwd=path, env=ONE_THREAD)
            for path in courses.values()
        ]
    )

    scores: dict[str, dict[str, float]] = {}
    max_scores: dict[str, float] = {}
    for student, path in courses.items():
        with Gradebook(f"sqlite:///{path / 'gradebook.db'}") as gradebook:
            notebook = gradebook.find_submission_notebook(chapter, chapter, student)
            code_grades = [g for g in notebook.grades if g.cell_type == "code"]
            scores[student] = {g.name: g.auto_score for g in code_grades}
            max_scores = {g.name: g.max_score for g in code_grades}
    return GradedCourse(
        chapter, courses, source, release, release_path.read_text(), scores, max_scores
    )


class RoundTrip:
    """The round-trip tests of one chapter; a subclass per chapter sets ``chapter``.

    One class per chapter lets pytest-xdist (``--dist loadscope``) grade chapters in parallel.
    """

    chapter: str

    @pytest.fixture(scope="class")
    @classmethod
    def graded(cls, tmp_path_factory) -> GradedCourse:
        return grade_course(cls.chapter, tmp_path_factory.mktemp(f"course_{cls.chapter}"))

    def test_release_has_no_solution_or_hidden_test_markers(self, graded):
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in graded.release_text, (
                f"{graded.chapter}: release contains {marker!r}"
            )

    def test_release_holds_no_line_of_a_solution_or_hidden_test(self, graded):
        secret = secret_lines(graded.source, (SOLUTION_RE, HIDDEN_RE))
        assert secret, f"{graded.chapter}: found no solution or hidden-test lines to check"
        release_lines = {
            line.strip() for c in graded.release.cells for line in c.source.splitlines()
        }
        leaked = [line for line in secret if line in release_lines]
        assert not leaked, f"{graded.chapter}: the release leaks {leaked[:5]}"

    def test_release_replaces_each_written_answer_with_the_stub(self, graded):
        written = [c for c in graded.release.cells if is_solution(c) and c.cell_type == "markdown"]
        for cell in written:
            assert cell.source.strip() == "YOUR ANSWER HERE", cell.source[:200]

    def test_feedback_shows_no_hidden_test(self, graded):
        in_parallel(
            [
                partial(run_nbgrader, "generate_feedback", graded.chapter, "--force", cwd=path)
                for path in graded.courses.values()
            ]
        )
        hidden = secret_lines(graded.source, (HIDDEN_RE,))
        assert hidden, f"{graded.chapter}: found no hidden-test lines to check"
        for student, course in graded.courses.items():
            page = course / "feedback" / student / graded.chapter / f"{graded.chapter}.html"
            shown = html_text_lines(page.read_text())
            assert "hidden tests: not shown" in " ".join(shown), f"{student}: no hidden-test note"
            leaked = [line for line in hidden if line in shown]
            assert not leaked, f"{graded.chapter}: {student}'s feedback shows {leaked[:5]}"

    def test_source_notebook_gets_full_autograded_marks(self, graded):
        assert graded.max_scores, f"{graded.chapter}: no autograded cells in the gradebook"
        lost = {
            gid: (score, graded.max_scores[gid])
            for gid, score in graded.scores["complete"].items()
            if score != graded.max_scores[gid]
        }
        assert not lost, f"{graded.chapter}: the source notebook lost marks (score, max): {lost}"

    def test_partly_answered_submission_gets_exactly_the_marks_it_answered(self, graded):
        _, unanswered_tests = code_exercises(graded.source)[0]
        total = sum(graded.max_scores.values())
        expected = total - sum(graded.max_scores[gid] for gid in unanswered_tests)
        got = sum(graded.scores["partial"].values())
        assert 0 < expected < total
        assert got == expected, (
            f"{graded.chapter}: with the first exercise unanswered the score is {got}, expected "
            f"{expected} of {total} (do later exercises depend on the first?)"
        )


for _chapter in chapters():
    _name = f"TestRoundTrip_{_chapter}"
    globals()[_name] = type(_name, (RoundTrip,), {"chapter": _chapter})
