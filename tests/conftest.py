"""Fixtures shared by the test modules: the book, built once per run."""

import subprocess
import sys
from pathlib import Path

import pytest
from course import ROOT

BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The HTML book, built from the repository with warnings as errors."""
    out = tmp_path_factory.mktemp("book")
    result = subprocess.run(
        [
            str(BIN / "jupyter-book"),
            "build",
            str(ROOT),
            "--path-output",
            str(out),
            "--builder",
            "html",
            "-W",
            "--keep-going",
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"the book build failed:\n{log[-5000:]}"
    assert "WARNING" not in log, f"the book build warned:\n{log[-5000:]}"
    return out / "_build" / "html"
