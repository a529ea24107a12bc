"""Grading that never loses a grade and never leaks an answer.

- ``sandbox``: each submission's kernel runs where it sees nothing but its own empty folder;
- ``integrity``: before each test cell, what the tests rely on is put back in the kernel;
- ``preprocessors``: nbgrader preprocessors used by ``nbgrader_config.py`` (a kernel death or a
  flood of output costs only what it must; damaged test cells are repaired and deleted ones come
  back; a test must run to its end; feedback hides hidden tests);
- ``autograde``: check and grade each submission of a chapter on its own, recording a zero and
  the reason for any that cannot be graded (``python -m dlcourse.grading autograde <chapter>``).

The names below load on first use, so that a graded kernel can import ``integrity`` alone (the
grading command is ``dlcourse.grading.autograde.autograde``).
"""

import importlib

__all__ = ["Outcome", "check_submission"]


def __getattr__(name: str):
    if name in __all__:
        return getattr(importlib.import_module("dlcourse.grading.autograde"), name)
    raise AttributeError(f"module 'dlcourse.grading' has no attribute {name!r}")
