"""Grading that never loses a grade and never leaks an answer.

- ``preprocessors``: nbgrader preprocessors used by ``nbgrader_config.py`` (a kernel death or a
  flood of output costs only what it must; deleted tests come back; feedback hides hidden tests);
- ``autograde``: check and grade each submission of a chapter on its own, recording a zero and
  the reason for any that cannot be graded (``python -m dlcourse.grading autograde <chapter>``).
"""

from dlcourse.grading.autograde import Outcome, autograde, check_submission

__all__ = ["Outcome", "autograde", "check_submission"]
