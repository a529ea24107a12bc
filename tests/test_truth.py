"""The truth checks of every chapter (see the contributors' guide in README and tests/truth.py).

Each test is parametrized by chapter with the id NN_slug, so `pytest tests -k 09_cnn` (and
`make chapter CH=09_cnn`) runs one chapter's checks. The wrong answers themselves run in the
kernel nbval runs the chapter's notebook in, right after each exercise (tests/course_plugin.py),
so that `make test` runs each notebook once for both.
"""

import pytest
import truth
from course import chapter_path, chapters, read

CHAPTERS = chapters()


def problem(found, message: str) -> None:
    """Fail with ``message`` alone (no repr of the objects) when ``found`` is truthy."""
    if found:
        pytest.fail(message, pytrace=False)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=CHAPTERS)
def test_no_silent_cell(chapter):
    found = truth.silent_cells(read(chapter_path(chapter)))
    problem(
        found,
        f"{chapter}: these code cells print, display or plot but have no stored output. Make "
        f"each show what it computes and store the outputs (make execute-chapter CH={chapter}):\n"
        + "\n".join(f"  cell {index}: {reason}" for index, reason in found),
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=CHAPTERS)
def test_every_number_in_the_prose_is_printed(chapter):
    report = truth.check_claims(read(chapter_path(chapter)), truth.allow_path(chapter))
    problem(
        not report.ok,
        f"{chapter}: numbers the prose states that no output or visible code of the chapter "
        "shows. Print each from a cell, or reword; only if neither makes sense, add "
        f"'<number as written> | <reason>' to tests/claims_allow/{chapter}.txt. Check with "
        f".venv/bin/python tests/truth.py claims {chapter}\n"
        + truth.format_claims(chapter, report),
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=CHAPTERS)
def test_wrong_answer_corpus_is_complete(chapter):
    problems = truth.corpus_problems(chapter, read(chapter_path(chapter)))
    problem(
        problems,
        f"{chapter}: the wrong-answer corpus tests/wrong_answers/{chapter}/<grade_id>/*.py "
        "needs at least three plausible wrong answers per autograded code exercise, exactly one "
        "of them common_<name>.py:\n" + "\n".join(f"  {p}" for p in problems),
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=CHAPTERS)
def test_no_visible_check_reads_the_test_split(chapter):
    found = truth.visible_test_split_reads(read(chapter_path(chapter)))
    problem(
        found,
        f"{chapter}: a visible check reads the test split, so the learner tunes on it. Check on "
        "the training or validation data (or data the check generates) and leave the test split "
        "to the hidden tests:\n"
        + "\n".join(f"  {grade_id}: reads {', '.join(names)}" for grade_id, names in found),
    )
