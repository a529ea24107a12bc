"""The grading sandbox's mounts (dlcourse/grading/sandbox.py), checked with bubblewrap itself."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from dlcourse.grading import sandbox


@pytest.fixture
def under_tmp():
    folder = Path(tempfile.mkdtemp(dir="/tmp"))
    yield folder
    shutil.rmtree(folder)


def cat_in_sandbox(path: Path) -> subprocess.CompletedProcess:
    args = sandbox.bwrap_arguments(Path("/nonexistent"), 2**20)
    return subprocess.run([*args, "--", "/bin/cat", str(path)], capture_output=True, text=True)


def test_a_course_installed_under_tmp_is_seen_and_the_rest_of_tmp_is_not(monkeypatch, under_tmp):
    # A Python or course folder may live under /tmp (a clone there); the sandbox's own private
    # /tmp must not hide it, and must hide everything else of the machine's /tmp.
    (under_tmp / "venv").mkdir()
    (under_tmp / "venv" / "module.py").write_text("seen")
    (under_tmp / "gradebook.db").write_text("secret")
    readable = sandbox._readable()
    monkeypatch.setattr(sandbox, "_readable", lambda: [*readable, under_tmp / "venv"])
    assert cat_in_sandbox(under_tmp / "venv" / "module.py").stdout == "seen"
    hidden = cat_in_sandbox(under_tmp / "gradebook.db")
    assert hidden.returncode != 0 and "No such file" in hidden.stderr
