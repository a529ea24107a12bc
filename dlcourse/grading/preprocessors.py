"""nbgrader preprocessors that keep every grade whatever a submission does, and hide hidden tests.

``nbgrader_config.py`` puts them in place of nbgrader's own:

- ``GuardedExecute`` runs the submission in a kernel with a memory limit, and when the kernel
  dies (``os._exit``, a signal, a crash) it marks that cell and every later one as failed instead
  of abandoning the whole submission, so the tests that passed before keep their marks;
- ``LimitOutputSize`` caps the characters a cell's output may keep, on top of nbgrader's line cap;
- ``RestoreDeletedCells`` puts deleted test cells back where the source notebook has them;
- ``HideHiddenTests`` removes hidden tests, and the tracebacks that quote them, from feedback.
"""

import re
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_core.utils import ensure_async
from nbclient.exceptions import DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute, LimitOutput, NbGraderPreprocessor, OverwriteCells
from traitlets import Bool, Float, Integer, Unicode

TRUNCATED = "output truncated"
KERNEL_DIED = (
    "the kernel stopped while running this cell: the code ended the Python process "
    "(os._exit, a signal, a crash) or was stopped for using too much memory"
)


IGNORED_INTERRUPT = (
    "the cell ran past the time limit and did not stop when interrupted, so its kernel was shut "
    "down"
)


class KernelStopped(DeadKernelError):
    """The grader shut the kernel down: a timed-out cell ignored the interrupt."""


def error_output(ename: str, evalue: str) -> NotebookNode:
    """A notebook error output; nbgrader scores a test cell holding one as failed."""
    return NotebookNode(
        output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
    )


def memory_limit_line(limit_bytes: int) -> str:
    """Python that caps the address space of the process running it (and of its children)."""
    return (
        "import resource as _resource; "
        f"_resource.setrlimit(_resource.RLIMIT_AS, ({limit_bytes}, {limit_bytes})); "
        "del _resource"
    )


class GuardedExecute(Execute):
    """nbgrader's Execute, with a memory limit and a kernel death that costs only what it must."""

    memory_limit_gib = Float(
        6.0,
        help="Address space a submission's kernel may use (GiB); 0 for no limit. Past it, "
        "allocations raise MemoryError in the student's code instead of exhausting the machine.",
    ).tag(config=True)

    interrupt_grace = Integer(
        10,
        help="Seconds a timed-out cell gets to stop once interrupted; a cell that ignores the "
        "interrupt (it catches KeyboardInterrupt or SIGINT) has its kernel shut down.",
    ).tag(config=True)

    async def _async_handle_timeout(self, timeout, cell=None):
        reply = await super()._async_handle_timeout(timeout, cell)  # interrupts the kernel
        try:  # the interrupted cell's own reply shows the kernel is listening again
            await ensure_async(self.kc.shell_channel.get_msg(timeout=self.interrupt_grace))
        except Empty:
            await ensure_async(self.km.shutdown_kernel(now=True))
            raise KernelStopped(IGNORED_INTERRUPT) from None
        return reply

    def preprocess(self, nb, resources=None, km=None):
        self._died_in: str | None = None
        if self.memory_limit_gib:
            line = memory_limit_line(int(self.memory_limit_gib * 2**30))
            self.extra_arguments = [
                *(a for a in self.extra_arguments if not a.startswith("--IPKernelApp.exec_lines")),
                f"--IPKernelApp.exec_lines={line}",
            ]
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._died_in is not None:
            cell.outputs = [
                error_output("NotRun", f"not run: the kernel stopped in {self._died_in}")
            ]
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError as exc:
            self._died_in = cell_label(cell, index)
            self.log.error("The kernel died in %s; later cells marked as not run", self._died_in)
            if isinstance(exc, KernelStopped):
                cell.outputs.append(error_output("KernelStopped", IGNORED_INTERRUPT))
            else:
                cell.outputs.append(error_output("KernelDied", KERNEL_DIED))
            return cell, resources


class LimitOutputSize(LimitOutput):
    """nbgrader's LimitOutput (lines), and at most ``max_chars`` characters in each output text."""

    max_chars = Integer(
        20_000, help="characters an output's text may keep (-1 means no limit)"
    ).tag(config=True)

    def _cut(self, text):
        if isinstance(text, list):
            text = "".join(text)
        if self.max_chars < 0 or len(text) <= self.max_chars:
            return text
        dropped = len(text) - self.max_chars
        return text[: self.max_chars] + f"\n... {TRUNCATED} ({dropped} more characters) ..."

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                output.text = self._cut(output.text)
            elif output.output_type in ("execute_result", "display_data"):
                for mime in ("text/plain", "text/html", "text/markdown", "text/latex"):
                    if mime in output.get("data", {}):
                        output.data[mime] = self._cut(output.data[mime])
            elif output.output_type == "error":
                output.evalue = self._cut(output.evalue)
                output.traceback = [self._cut(line) for line in output.traceback]
        return cell, resources


class RestoreDeletedCells(OverwriteCells):
    """nbgrader's OverwriteCells, and every deleted test cell put back where the source has it.

    nbgrader's own ``add_missing_cells`` places a cell after the one before it in the source and
    fails when that one was deleted too; this looks back to the nearest cell that is still there.
    """

    add_missing_cells = Bool(True).tag(config=True)

    def _source_order(self) -> list[str]:
        """The grade ids of the source notebook in order, or [] if it cannot be read."""
        coursedir = CourseDirectory(config=self.config)
        folder = coursedir.format_path(coursedir.source_directory, ".", self.assignment_id)
        path = Path(folder) / f"{self.notebook_id}.ipynb"
        try:
            source = nbformat.read(path, as_version=4)
        except (OSError, ValueError):
            return []
        return [_grade_id(c) for c in source.cells if _grade_id(c)]

    def add_missing_grade_cells(self, nb, resources):
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_cells = {c.name: c for c in source_nb.source_cells}
        grade_cells = {c.name: c for c in source_nb.grade_cells}
        solution_ids = {c.name for c in source_nb.solution_cells}
        order = self._source_order() or list(source_cells)
        present = {_grade_id(c) for c in nb.cells} - {None}
        for position_in_source, grade_id in enumerate(order):
            if grade_id not in grade_cells or grade_id in present:
                continue
            self.log.warning("Missing grade cell %s: adding it back", grade_id)
            cell = self.missing_cell_transform(
                source_cells[grade_id],
                grade_cells[grade_id].max_score,
                is_solution=grade_id in solution_ids,
            )
            earlier = [g for g in order[:position_in_source] if g in present]
            at = _index_of(nb, earlier[-1]) + 1 if earlier else 0
            nb.cells.insert(at, cell)
            present.add(grade_id)
        return nb, resources


class HideHiddenTests(NbGraderPreprocessor):
    """For feedback: hidden tests replaced by a note, and their failures told without their code."""

    enabled = Bool(True).tag(config=True)
    begin = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end = Unicode("END HIDDEN TESTS").tag(config=True)
    note = Unicode("# (hidden tests: not shown)").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or self.begin not in cell.source:
            return cell, resources
        region = re.compile(
            rf"^[^\n]*{re.escape(self.begin)}.*?^[^\n]*{re.escape(self.end)}[^\n]*$",
            re.S | re.M,
        )
        hidden = {
            line.strip()
            for match in region.finditer(cell.source)
            for line in match.group(0).splitlines()
            if line.strip()
        }
        cell.source = region.sub(self.note, cell.source)
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                quoted = any(line in output.evalue for line in hidden)
                message = "a hidden test failed" if quoted or not output.evalue else output.evalue
                output.evalue = message
                output.traceback = [f"{output.ename}: {message}"]
            elif output.output_type == "stream":
                lines = output.text.splitlines(keepends=True)
                output.text = "".join(ln for ln in lines if ln.strip() not in hidden)
        return cell, resources


def cell_label(cell, index: int) -> str:
    """How a person finds a cell: its exercise id if it has one, else its number from 1."""
    grade_id = _grade_id(cell)
    return f"cell {index + 1} ({grade_id})" if grade_id else f"cell {index + 1}"


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _index_of(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if _grade_id(c) == grade_id)
