"""Every chapter notebook follows the course's anatomy (see the contributors' guide in README)."""

import json

import pytest
from course import (
    HIDDEN_RE,
    ROOT,
    chapter_path,
    chapters,
    is_graded_test,
    is_solution,
    nbgrader_meta,
    read,
)

CHAPTERS = chapters()


def test_there_is_at_least_one_chapter():
    assert CHAPTERS, "no notebooks/NN_slug/NN_slug.ipynb found"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_opens_with_title_objectives_prerequisites_and_time(chapter):
    first = read(chapter_path(chapter)).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "first cell: a # title"
    for part in ("You will learn", "Prerequisites", "Time"):
        assert part in first.source, f"{chapter}: the first cell should state {part!r}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_four_exercises_of_mixed_kinds(chapter):
    cells = read(chapter_path(chapter)).cells
    code = [c for c in cells if is_solution(c) and c.cell_type == "code"]
    written = [c for c in cells if is_solution(c) and c.cell_type == "markdown"]
    assert len(code) + len(written) >= 4, f"{chapter}: fewer than four exercises"
    assert code and written, f"{chapter}: needs both autograded and written exercises"
    for cell in written:
        assert nbgrader_meta(cell).get("grade") and nbgrader_meta(cell).get("points", 0) > 0
        assert "Mark scheme" in cell.source, f"{chapter}: a written answer has no mark scheme"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_code_exercise_has_visible_checks_then_hidden_tests(chapter):
    cells = read(chapter_path(chapter)).cells
    for i, cell in enumerate(cells):
        if not (is_solution(cell) and cell.cell_type == "code"):
            continue
        grade_id = nbgrader_meta(cell)["grade_id"]
        assert "hide-input" in cell.metadata.get("tags", []), f"{grade_id}: tag it hide-input"
        following = []
        for later in cells[i + 1 :]:
            if is_solution(later):
                break
            if is_graded_test(later):
                following.append(later)
        visible = [c for c in following if not HIDDEN_RE.search(c.source)]
        hidden = [c for c in following if HIDDEN_RE.search(c.source)]
        assert visible, f"{grade_id}: no visible self-check cell follows it"
        assert hidden, f"{grade_id}: no hidden-test cell follows it"
        for test_cell in hidden:
            assert "remove-cell" in test_cell.metadata.get("tags", []), (
                f"{nbgrader_meta(test_cell)['grade_id']}: a hidden-test cell must be tagged "
                "remove-cell so the book does not show it"
            )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_nbgrader_metadata_is_complete_and_ids_unique(chapter):
    cells = read(chapter_path(chapter)).cells
    ids = []
    for cell in cells:
        meta = nbgrader_meta(cell)
        marked = "BEGIN SOLUTION" in cell.source or "BEGIN HIDDEN TESTS" in cell.source
        assert meta or not marked, f"{chapter}: markers in a cell without nbgrader metadata"
        if not meta:
            continue
        assert meta.get("schema_version") == 3, json.dumps(meta)
        ids.append(meta["grade_id"])
        if meta.get("grade"):
            assert meta.get("points", 0) > 0, f"{meta['grade_id']}: a graded cell needs points"
        if is_graded_test(cell):
            assert meta.get("locked"), f"{meta['grade_id']}: test cells must be locked"
    assert len(ids) == len(set(ids)), f"{chapter}: duplicate grade_id"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_is_in_the_book_and_the_readme(chapter):
    entry = f"notebooks/{chapter}/{chapter}"
    assert entry in (ROOT / "_toc.yml").read_text(), f"add {entry} to _toc.yml"
    assert f"{entry}.ipynb" in (ROOT / "README.md").read_text(), "add it to the README's table"
