"""nbgrader preprocessors that keep every grade whatever a submission does, and hide hidden tests.

``nbgrader_config.py`` puts them in place of nbgrader's own:

- ``GuardedExecute`` runs the submission in a kernel with a memory limit, and when the kernel
  dies (``os._exit``, a signal, a crash) it marks that cell and every later one as failed instead
  of abandoning the whole submission, so the tests that passed before keep their marks;
- ``LimitOutputSize`` caps the characters a cell's output may keep, on top of nbgrader's line cap;
- ``RestoreDeletedCells`` puts deleted test cells back where the source notebook has them;
- ``HideHiddenTests`` removes hidden tests, and the tracebacks that quote them, from feedback.
"""

import html
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_core.utils import ensure_async
from nbclient.exceptions import DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute, LimitOutput, NbGraderPreprocessor, OverwriteCells
from traitlets import Bool, Float, Integer, Unicode

from dlcourse.grading import integrity
from dlcourse.grading.sandbox import SandboxedKernelManager, sandbox_problem, sandboxed

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


def limit_line(limit: str, value: int) -> str:
    """Python that sets resource ``limit`` (RLIMIT_AS: address space, RLIMIT_FSIZE: the largest
    file) of the process running it and of its children."""
    return (
        "import resource as _resource; "
        f"_resource.setrlimit(_resource.{limit}, ({value}, {value})); "
        "del _resource"
    )


class GuardedExecute(Execute):
    """nbgrader's Execute, in a sandbox, with a memory limit, and a kernel death that costs only
    what it must."""

    sandbox = Bool(
        True,
        help="Start each kernel in a sandbox (dlcourse.grading.sandbox) that sees none of the "
        "course's files and whose processes all end with it. Turn off only where bubblewrap "
        "cannot run, and then grade in a container that holds nothing else.",
    ).tag(config=True)

    tmp_size_mib = Integer(
        512,
        help="Files a sandboxed submission may keep in /tmp (its working folder) and in "
        "/dev/shm, each (MiB). These count on top of the memory limit.",
    ).tag(config=True)

    file_size_gib = Float(
        1.0, help="Largest file a submission's kernel may write (GiB); 0 for no limit."
    ).tag(config=True)

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
        lines = [integrity.START_LINE]
        if self.memory_limit_gib:
            lines.append(limit_line("RLIMIT_AS", int(self.memory_limit_gib * 2**30)))
        if self.file_size_gib:
            lines.append(limit_line("RLIMIT_FSIZE", int(self.file_size_gib * 2**30)))
        self.extra_arguments = [
            *(a for a in self.extra_arguments if not a.startswith("--IPKernelApp.exec_lines")),
            *(f"--IPKernelApp.exec_lines={line}" for line in lines),
        ]
        if not self.sandbox:
            return super().preprocess(nb, resources, km)
        problem = sandbox_problem()
        if problem:
            raise RuntimeError(f"cannot grade in a sandbox: {problem}")
        self.kernel_manager_class = SandboxedKernelManager
        self._ipc_dir = Path(tempfile.mkdtemp(prefix="dlcourse-kernel-"))
        try:
            return super().preprocess(nb, resources, km)
        finally:
            shutil.rmtree(self._ipc_dir, ignore_errors=True)

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if self.sandbox:
            sandboxed(km, self._ipc_dir, self.tmp_size_mib * 2**20)
        return km

    max_cell_bytes = Integer(
        2_000_000,
        help="Bytes of output (of any kind: text, HTML, images) a cell may send while it runs; "
        "the rest is dropped as it arrives, so a flood cannot exhaust the grader's memory.",
    ).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._died_in is not None:
            cell.outputs = [
                error_output("NotRun", f"not run: the kernel stopped in {self._died_in}")
            ]
            return cell, resources
        self._sent = 0
        try:
            if _is_test(cell):
                return self._run_test(cell, resources, index)
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError as exc:
            self._died_in = cell_label(cell, index)
            self.log.error("The kernel died in %s; later cells marked as not run", self._died_in)
            if isinstance(exc, KernelStopped):
                cell.outputs.append(error_output("KernelStopped", IGNORED_INTERRUPT))
            else:
                cell.outputs.append(error_output("KernelDied", KERNEL_DIED))
            return cell, resources

    def _run_test(self, cell, resources, index):
        """Run a test cell after putting back what the tests rely on, kept out of the kernel's
        history, and with proof that it ran to its last line.

        The proof is a secret drawn for this cell and printed by a line added to its end: a
        kernel that skips or empties the cell (an input transformer, say) cannot print it.
        """
        msg_id = self.kc.execute(
            "",
            silent=True,
            store_history=False,
            user_expressions={"restored": integrity.RESTORE_EXPRESSION},
        )
        restored = integrity.restored_names(self.wait_for_reply(msg_id, cell))
        secret = secrets.token_hex(16)
        source = cell.source
        cell.source = f"{source}\nprint({secret!r})"
        try:
            self.execute_cell(cell, index, store_history=False)
        finally:
            cell.source = source
        ran_to_end = False
        for output in cell.outputs:
            if output.output_type == "stream" and secret in output.text:
                output.text = output.text.replace(secret + "\n", "").replace(secret, "")
                ran_to_end = True
        cell.outputs = [o for o in cell.outputs if o.output_type != "stream" or o.text]
        failed = any(o.output_type == "error" for o in cell.outputs)
        if restored:
            cell.outputs.insert(0, stream_output(integrity.restored_note(restored)))
        if not ran_to_end and not failed:
            cell.outputs.append(error_output("TestNotCompleted", TEST_NOT_COMPLETED))
        return cell, resources

    def output(self, outs, msg, display_id, cell_index):
        size = _message_bytes(msg)
        self._sent = getattr(self, "_sent", 0) + size
        if self._sent > self.max_cell_bytes:
            if not any(TRUNCATED in str(o.get("text", "")) for o in outs):
                outs.append(
                    stream_output(
                        f"\n... {TRUNCATED}: the cell sent more than {self.max_cell_bytes} "
                        "bytes of output; the rest was dropped ...\n"
                    )
                )
            return None
        return super().output(outs, msg, display_id, cell_index)


TEST_NOT_COMPLETED = (
    "the test cell did not run to its end (its code was skipped or changed while it ran), so it "
    "earns no points"
)


def stream_output(text: str, name: str = "stdout") -> NotebookNode:
    return NotebookNode(output_type="stream", name=name, text=text)


def _message_bytes(msg) -> int:
    content = msg.get("content", {})
    size = len(str(content.get("text", ""))) + len(str(content.get("evalue", "")))
    size += sum(len(str(v)) for v in content.get("data", {}).values())
    size += sum(len(str(line)) for line in content.get("traceback", []))
    return size


def _is_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


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
                data = output.get("data", {})
                for mime in list(data):
                    textual = mime.startswith("text/") or mime.endswith("json")
                    if textual and isinstance(data[mime], str | list):
                        data[mime] = self._cut(data[mime])
                    if self.max_chars >= 0 and len(str(data[mime])) > self.max_chars:
                        size = len(str(data[mime]))
                        del data[mime]
                        data["text/plain"] = (
                            f"... {TRUNCATED}: a {mime} output of {size} bytes was removed ..."
                        )
            elif output.output_type == "error":
                output.ename = self._cut(str(output.ename))[:200]
                output.evalue = self._cut(output.evalue)
                output.traceback = [self._cut(line) for line in output.traceback][:200]
        return cell, resources


class StderrIsNotFailure(NbGraderPreprocessor):
    """A test cell that raised nothing keeps its points even if the student's code wrote to
    stderr (a warning, a progress bar) while it ran.

    nbgrader scores a test cell with any stderr output as failed, so a correct answer that calls
    ``warnings.warn`` lost its points. Here that output is kept, as ordinary output under a note
    that says it was not counted; only an error (an exception) fails a test.
    """

    enabled = Bool(True).tag(config=True)
    note = Unicode("[grader] printed to stderr (warnings); this does not count against the test:\n")

    def preprocess_cell(self, cell, resources, index):
        if not _is_test(cell):
            return cell, resources
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stderr":
                output.name = "stdout"
                output.text = self.note + output.text
        return cell, resources


class RestoreDeletedCells(OverwriteCells):
    """nbgrader's OverwriteCells, after every cell's nbgrader metadata is repaired from the
    gradebook, and with every deleted test cell put back where the source has it.

    A submission's metadata is the student's to edit: a test cell marked as an answer, points
    changed, a ``skip-execution`` tag, ``"nbgrader": null`` or a list as ``grade_id``. Every cell
    whose grade id is the assignment's gets exactly the source's type and flags (a test cell, its
    source too and no other metadata); any other nbgrader metadata is removed, so the cell is
    plain code or text. nbgrader's own ``add_missing_cells`` places a cell after the one before it
    in the source and fails when that one was deleted too; this looks back to the nearest cell
    that is still there.
    """

    add_missing_cells = Bool(True).tag(config=True)

    def preprocess(self, nb, resources):
        with Gradebook(resources["nbgrader"]["db_url"]) as gradebook:
            expected = expected_cells(
                gradebook, resources["nbgrader"]["assignment"], resources["nbgrader"]["notebook"]
            )
        for note in repair_cells(nb, expected):
            self.log.warning("Repaired: %s", note)
        return super().preprocess(nb, resources)

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
            # nbgrader builds the cell's metadata as a plain dict, which later preprocessors
            # read by attribute
            nb.cells.insert(at, nbformat.from_dict(cell))
            present.add(grade_id)
        return nb, resources


class HideHiddenTests(NbGraderPreprocessor):
    """For feedback: hidden tests replaced by a note, their failures told without their code, and
    any output that quotes them removed.

    A submission's code runs in the kernel that later runs the hidden tests, so it can catch their
    code (from the kernel's history, a hook, a frame) and print it, reversed, or as HTML. So any
    output of any kind, in any cell, whose letters and digits contain those of a hidden-test line
    (forwards or backwards) is replaced by a note, and a hidden-test cell keeps only its errors,
    told without their code, and the grader's notes.
    """

    enabled = Bool(True).tag(config=True)
    begin = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end = Unicode("END HIDDEN TESTS").tag(config=True)
    note = Unicode("# (hidden tests: not shown)").tag(config=True)
    min_quote = Integer(
        12, help="letters and digits a hidden-test line needs before a quote of it is looked for"
    ).tag(config=True)

    def _region(self) -> re.Pattern:
        return re.compile(
            rf"^[^\n]*{re.escape(self.begin)}.*?^[^\n]*{re.escape(self.end)}[^\n]*$",
            re.S | re.M,
        )

    def preprocess(self, nb, resources):
        lines = {
            line.strip()
            for cell in nb.cells
            if cell.cell_type == "code"
            for match in self._region().finditer(cell.source)
            for line in match.group(0).splitlines()[1:-1]
            if line.strip()
        }
        self._quotable = {k for k in map(_letters, lines) if len(k) >= self.min_quote}
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self.begin in cell.source:
            cell.source = self._region().sub(self.note, cell.source)
            cell.outputs = [self._told(o) for o in cell.get("outputs", []) if _kept_in_test(o)]
        cell.outputs = [self._unquoted(o) for o in cell.get("outputs", [])]
        return cell, resources

    def _told(self, output):
        if output.output_type == "error":
            quoted = self._quotes(output.evalue) or self._quotes(" ".join(output.traceback))
            message = "a hidden test failed" if quoted or not output.evalue else output.evalue
            output.evalue = message
            output.traceback = [f"{output.ename}: {message}"]
        return output

    def _unquoted(self, output):
        text = " ".join(
            [str(output.get("text", "")), str(output.get("evalue", ""))]
            + [str(line) for line in output.get("traceback", [])]
            + [str(value) for value in output.get("data", {}).values()]
        )
        if not self._quotes(text):
            return output
        return NotebookNode(
            output_type="stream",
            name="stdout",
            text="[grader] output removed from the feedback: it quotes a hidden test\n",
        )

    def _quotes(self, text: str) -> bool:
        letters = _letters(html.unescape(text))
        backwards = letters[::-1]
        return any(k in letters or k in backwards for k in getattr(self, "_quotable", ()))


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _kept_in_test(output) -> bool:
    """In a hidden-test cell's feedback: errors, and the grader's own notes."""
    return output.output_type == "error" or str(output.get("text", "")).startswith("[grader]")


@dataclass
class ExpectedCell:
    """What the source says a cell with this grade id is."""

    cell_type: str
    nbgrader: dict
    source: str | None  # the source of a locked cell (a test), None for an answer


def expected_cells(gradebook, assignment: str, notebook: str) -> dict[str, ExpectedCell]:
    """grade id -> the cell the instructor's source has, from the gradebook."""
    source_nb = gradebook.find_notebook(notebook, assignment)
    points = {c.name: float(c.max_score) for c in source_nb.grade_cells}
    solutions = {c.name for c in source_nb.solution_cells}
    cells = {}
    for cell in source_nb.source_cells:
        meta = {
            "grade": cell.name in points,
            "solution": cell.name in solutions,
            "locked": bool(cell.locked),
            "grade_id": cell.name,
            "schema_version": 3,
        }
        if cell.name in points:
            meta["points"] = points[cell.name]
        locked_source = cell.source if cell.locked and cell.name not in solutions else None
        cells[cell.name] = ExpectedCell(cell.cell_type, meta, locked_source)
    return cells


def repair_cells(nb, expected: dict[str, "ExpectedCell"]) -> list[str]:
    """Give every cell of ``nb`` the nbgrader metadata the source has for it (see
    RestoreDeletedCells); return one line for each repair."""
    notes = []
    for index, cell in enumerate(nb.cells):
        metadata = cell.get("metadata")
        if not isinstance(metadata, dict):
            cell["metadata"] = metadata = NotebookNode()
        if "nbgrader" not in metadata:
            continue
        meta = metadata["nbgrader"]
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if not isinstance(grade_id, str) or grade_id not in expected:
            del metadata["nbgrader"]
            notes.append(f"cell {index + 1}: unknown or malformed nbgrader metadata removed")
            continue
        want = expected[grade_id]
        if cell.cell_type != want.cell_type:
            notes.append(f"cell {index + 1} ({grade_id}): type put back to {want.cell_type}")
            _set_type(cell, want.cell_type)
        fields = ("grade", "solution", "locked", "points")
        if any(meta.get(k) != want.nbgrader.get(k) for k in fields):
            notes.append(f"cell {index + 1} ({grade_id}): nbgrader flags changed; put back")
        if want.source is not None:  # a test cell: the source's code and nothing else
            if metadata.keys() - {"nbgrader"} or cell.source != want.source:
                notes.append(f"cell {index + 1} ({grade_id}): test cell put back as in the source")
            cell["metadata"] = NotebookNode(nbgrader=NotebookNode(want.nbgrader))
            cell.source = want.source
        else:
            metadata["nbgrader"] = NotebookNode(want.nbgrader)
    return notes


def _set_type(cell, cell_type: str) -> None:
    cell.cell_type = cell_type
    if cell_type == "code":
        cell.setdefault("outputs", [])
        cell.setdefault("execution_count", None)
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)


def cell_label(cell, index: int) -> str:
    """How a person finds a cell: its exercise id if it has one, else its number from 1."""
    grade_id = _grade_id(cell)
    return f"cell {index + 1} ({grade_id})" if grade_id else f"cell {index + 1}"


def _grade_id(cell) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def _index_of(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if _grade_id(c) == grade_id)
