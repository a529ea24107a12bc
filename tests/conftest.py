"""Fixtures shared by the test modules: the book, built once per run."""

from pathlib import Path

import pytest
from course import build_book

# Every test belongs to one kind, so that a contributor can run one kind with `-m`:
# `make unit` runs the package's unit tests (-m unit), `make chapter` one chapter's checks.
KINDS = {
    "chapter": {"test_chapter_anatomy", "test_truth"},
    "grading": {"test_grading", "test_adversarial_grading", "test_instructor_guide"},
    "book": {"test_book", "test_browser"},
    "unit": {"test_truth_harness"},
}


def pytest_collection_modifyitems(items):
    for item in items:
        module = item.path.stem
        if item.path.suffix == ".ipynb":
            kind = "chapter"  # nbval: the notebook's stored outputs
        else:
            kind = next((k for k, modules in KINDS.items() if module in modules), "unit")
        item.add_marker(getattr(pytest.mark, kind))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The HTML book, built from the repository with warnings as errors."""
    site, log = build_book(tmp_path_factory.mktemp("book"), "-W", "--keep-going")
    assert "WARNING" not in log, f"the book build warned:\n{log[-5000:]}"
    return site
