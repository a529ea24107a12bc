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

# Grading that loses nothing (dlcourse.grading.preprocessors): a submission's kernel may use at
# most `memory_limit_gib` of memory (past it the student's code gets a MemoryError); a cell that
# ignores the timeout's interrupt for `interrupt_grace` seconds has its kernel shut down; a kernel
# that dies (os._exit, a signal) costs the cells from there on, not the whole submission; no
# output keeps more than `max_chars` characters; deleted test cells are put back; the feedback
# students receive shows no hidden test and no traceback that quotes one.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "dlcourse.grading.preprocessors.RestoreDeletedCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "dlcourse.grading.preprocessors.GuardedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "dlcourse.grading.preprocessors.LimitOutputSize",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.GuardedExecute.memory_limit_gib = 6
c.GuardedExecute.interrupt_grace = 10
c.LimitOutputSize.max_chars = 20_000
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "dlcourse.grading.preprocessors.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
