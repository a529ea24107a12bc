"""nbgrader configuration: each folder in notebooks/ is one assignment (one chapter)."""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "dlcourse"
c.CourseDirectory.source_directory = "notebooks"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"

# What a learner sees in place of a solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Every cell of a submission gets at most this many seconds when it is graded; a chapter runs in
# well under a minute, so a cell that takes longer is a runaway loop, not slow honest work.
c.Execute.timeout = 120

# Grading that loses nothing and that a submission cannot subvert (dlcourse.grading): each
# submission's kernel runs in a sandbox that sees none of the course's files and whose processes
# all end with it; it may use at most `memory_limit_gib` of memory (past it the student's code
# gets a MemoryError) and `tmp_size_mib` of files; a cell that ignores the timeout's interrupt for
# `interrupt_grace` seconds has its kernel shut down; a kernel that dies (os._exit, a signal)
# costs the cells from there on, not the whole submission; every cell's nbgrader metadata is
# repaired from the gradebook and deleted test cells are put back; before each test cell what the
# tests rely on is put back, and a test must run to its last line; warnings on stderr do not fail
# a test; no output keeps more than `max_chars` characters of any kind; the feedback students
# receive shows no hidden test and no output that quotes one.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "dlcourse.grading.preprocessors.RestoreDeletedCells",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "dlcourse.grading.preprocessors.GuardedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "dlcourse.grading.preprocessors.LimitOutputSize",
    "dlcourse.grading.preprocessors.StderrIsNotFailure",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.GuardedExecute.memory_limit_gib = 6
c.GuardedExecute.interrupt_grace = 10
c.GuardedExecute.tmp_size_mib = 512
c.LimitOutputSize.max_chars = 20_000
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "dlcourse.grading.preprocessors.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
