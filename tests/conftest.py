"""Fixtures shared by the test modules: the book, built once per run. (The hooks every test
gets, the notebooks' too, are in course_plugin.py.)"""

from pathlib import Path

import pytest
from course import build_book


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The HTML book, built from the repository with warnings as errors."""
    site, log = build_book(tmp_path_factory.mktemp("book"), "-W", "--keep-going")
    assert "WARNING" not in log, f"the book build warned:\n{log[-5000:]}"
    return site
