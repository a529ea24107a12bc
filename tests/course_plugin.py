"""A pytest plugin (loaded with -p, see pyproject.toml) for every test, the notebooks' included:
each test is marked with its kind, and each chapter's wrong answers run in nbval's kernel between
the notebook's own cells."""

from pathlib import Path

import pytest
import truth
from course import NOTEBOOKS

# Every test belongs to one kind, so that a contributor can run one kind with `-m`:
# `make unit` runs the package's unit tests (-m unit), `make chapter` one chapter's checks.
KINDS = {
    "chapter": {"test_chapter_anatomy", "test_truth"},
    "grading": {
        "test_grading",
        "test_adversarial_grading",
        "test_instructor_guide",
        "test_sandbox",
    },
    "book": {"test_book", "test_browser"},
    "unit": {"test_truth_harness"},
}


class WrongAnswers(pytest.Item):
    """An exercise's wrong answers (and the student version's stub), run by
    truth.check_exercise in the kernel nbval runs the chapter in, right after the exercise's last
    test cell; the real answer and its checks then run again, so that the notebook's later cells
    see the state they were stored with (nbval compares their outputs)."""

    def __init__(self, *, grade_id: str, files: list[Path], **kwargs):
        super().__init__(**kwargs)
        self.grade_id, self.files = grade_id, files

    def runtest(self):
        running = self.parent.kernel
        kernel = truth.Kernel.attach(running.km, running.kc)
        names_before = self.parent.names_before.get(self.grade_id)
        if names_before is None:
            pytest.fail(f"{self.grade_id}: its answer cell did not run in this session")
        results, errors = truth.check_exercise(
            kernel, self.parent.nb, self.grade_id, self.files, names_before
        )
        report = truth.WrongReport(self.path.stem, results, errors)
        problems = truth.wrong_verdicts(report)
        if problems:
            raise WrongAnswersFailed(
                f"{self.path.stem}: .venv/bin/python tests/truth.py wrong {self.path.stem}\n"
                f"{truth.format_wrong(report)}\n" + "\n".join(f"  {p}" for p in problems)
            )

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, WrongAnswersFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, self.name


class WrongAnswersFailed(Exception):
    pass


def _insert_wrong_answers(items: list) -> list:
    """Each chapter notebook's nbval cells, with a WrongAnswers item after the last test cell of
    every exercise that has a wrong-answer corpus."""
    out = []
    for item in items:
        out.append(item)
        parent = item.parent
        if type(item).__name__ != "IPyNbCell" or parent.path.parent.parent != NOTEBOOKS:
            continue
        if not hasattr(parent, "wrong_at"):
            chapter = parent.path.stem
            corpus = truth.wrong_answer_files(chapter)
            exercises = truth.exercise_cells(parent.nb)
            code_number = {}  # index in the notebook's cells -> nbval's "Cell N"
            for index, cell in enumerate(parent.nb.cells):
                if cell.cell_type == "code":
                    code_number[index] = len(code_number)
            parent.wrong_at = {
                code_number[index]: grade_id
                for index, grade_id in truth.exercise_positions(parent.nb, corpus).items()
            }
            parent.answer_at = {
                code_number[exercises[grade_id]["answer"]]: grade_id
                for grade_id in parent.wrong_at.values()
            }
            parent.names_before = {}
            parent.corpus = corpus
        grade_id = parent.wrong_at.get(item.cell_num)
        if grade_id is not None:
            out.append(
                WrongAnswers.from_parent(
                    parent,
                    name=f"Cell {item.cell_num}: wrong answers to {grade_id}",
                    grade_id=grade_id,
                    files=parent.corpus[grade_id],
                )
            )
    return out


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """Before an exercise's answer cell runs in nbval's kernel: the names the kernel holds, for
    the student version's stub (which runs without what the answer defines)."""
    yield
    parent = item.parent
    grade_id = getattr(parent, "answer_at", {}).get(getattr(item, "cell_num", None))
    if grade_id is not None and type(item).__name__ == "IPyNbCell":
        kernel = truth.Kernel.attach(parent.kernel.km, parent.kernel.kc)
        parent.names_before[grade_id] = kernel.names()


def pytest_collection_modifyitems(items):
    items[:] = _insert_wrong_answers(items)
    for item in items:
        module = item.path.stem
        if item.path.suffix == ".ipynb":
            kind = "chapter"  # nbval: the notebook's stored outputs, and its wrong answers
        else:
            kind = next((k for k, modules in KINDS.items() if module in modules), "unit")
        item.add_marker(getattr(pytest.mark, kind))
