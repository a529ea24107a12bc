"""The truth checks of a chapter: silent cells, unprinted claims and the wrong-answer harness.

    python tests/truth.py silent NN_slug   code cells that print, display or plot but show nothing
    python tests/truth.py claims NN_slug   numbers in the prose that no output or visible code shows
    python tests/truth.py wrong NN_slug    each wrong answer of tests/wrong_answers/NN_slug against
                                           the exercise's visible checks and hidden tests

Each command exits with status 1 when it finds something to fix. The rules, as the contributors'
guide in README.md states them:

- **silent**: a code cell that calls ``print``/``display``, plots (``plt.``, ``ax.``, ``fig.``,
  a ``plot_*`` function, ``.show()``), runs a ``%time``/``%timeit`` magic, or ends with a bare
  expression that Jupyter displays, must have stored output. Calls inside ``def``/``class``
  bodies do not count (defining a function prints nothing).
- **claims**: every number written in a Markdown cell must appear, allowing for rounding at the
  precision the prose writes, in a stored output of a cell the reader sees or in the source of a
  code cell the reader sees (cells tagged ``remove-cell`` are not seen). Not claims: section
  numbers of headings, cross-references ("chapter 15", "section 4.4", "§7.6", "exercise 3"),
  link targets, roles such as ``{cite}`` keys, years (1900-2030), list numbering, the points of a
  mark scheme, numbers inside code spans, numbers that are part of a LaTeX formula, and integers 0
  to 10 written as digits (too common to check one by one: "3 seeds", "2 layers"). Percentages,
  ratios (3.3x), powers of ten and fractions are claims whatever their size. A number in ``$...$``
  is a claim when the math is a lone number or a relation to one (``$0.983$``, ``$\\eta < 2/25$``).
  What is neither printed nor sensible to print goes on ``tests/claims_allow/NN_slug.txt`` as
  ``<number as written> | <reason>``; a line without a reason, or one no longer needed, is an error.
- **wrong**: see :func:`run_wrong_answers`.
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import os
import platform
import re
import sys
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import nbformat

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from course import (  # noqa: E402
    HIDDEN_RE,
    NOTEBOOKS,
    ROOT,
    chapter_path,
    code_exercises,
    nbgrader_meta,
    read,
)

ALLOW_DIR = TESTS / "claims_allow"
WRONG_DIR = TESTS / "wrong_answers"


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def seen(cell) -> bool:
    """Whether the book shows this cell (its source or its outputs) to the reader."""
    return "remove-cell" not in tags(cell)


# --------------------------------------------------------------------------------------------
# silent: a cell that prints, displays or plots must have stored output
# --------------------------------------------------------------------------------------------

PRINTING_FUNCTIONS = {"print", "display", "pprint", "imshow"}
PLOTTING_OBJECTS = {"plt", "ax", "axes", "axs", "fig", "sns", "ax1", "ax2", "ax3", "left", "right"}
DISPLAYING_METHODS = {"show", "head", "tail", "describe", "plot", "hist", "imshow", "scatter"}


def _strip_magics(source: str) -> tuple[str, bool]:
    """Source with IPython magics and shell lines blanked, and whether a magic prints (timing)."""
    prints = False
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            timing = re.match(r"%%?(time|timeit|prun|lprun|memit)\b", stripped)
            prints = prints or bool(timing) or stripped.startswith("!")
            lines.append("")
        else:
            lines.append(line)
    return "\n".join(lines), prints


def _call_name(node: ast.Call) -> tuple[str | None, str | None]:
    """(object name, function name) of a call: ``plt.plot`` -> ("plt", "plot")."""
    func = node.func
    if isinstance(func, ast.Name):
        return None, func.id
    if isinstance(func, ast.Attribute):
        base = func.value
        while isinstance(base, ast.Attribute | ast.Subscript | ast.Call):
            base = base.func if isinstance(base, ast.Call) else base.value
        return (base.id if isinstance(base, ast.Name) else None), func.attr
    return None, None


def _top_level_nodes(tree: ast.AST):
    """Every node that runs when the cell runs, not those inside function or class bodies."""
    stack = list(ast.iter_child_nodes(tree))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def why_cell_shows(source: str) -> str | None:
    """Why a code cell would show something when run (None when it only defines things)."""
    code, magic_prints = _strip_magics(source)
    if magic_prints:
        return "a timing or shell magic"
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    for node in _top_level_nodes(tree):
        if not isinstance(node, ast.Call):
            continue
        obj, name = _call_name(node)
        if obj is None and name in PRINTING_FUNCTIONS:
            return f"calls {name}()"
        if obj is None and name and name.startswith(("plot_", "show_")):
            return f"calls {name}()"
        if obj in PLOTTING_OBJECTS:
            return f"plots with {obj}.{name}()"
        if obj is not None and name in DISPLAYING_METHODS:
            return f"calls .{name}()"
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not code.rstrip().endswith(";"):
        value = tree.body[-1].value
        if isinstance(value, ast.Constant) and (isinstance(value.value, str) or value.value is ...):
            return None  # a docstring or an ellipsis
        if isinstance(value, ast.Constant) and value.value is None:
            return None
        if not isinstance(value, ast.Call | ast.Await | ast.Yield | ast.YieldFrom):
            return "ends with a bare expression that Jupyter displays"
    return None


def silent_cells(notebook) -> list[tuple[int, str]]:
    """(cell index, reason) of each code cell that should show something but stores no output."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or cell.get("outputs"):
            continue
        reason = why_cell_shows(cell.source)
        if reason:
            found.append((index, reason))
    return found


# --------------------------------------------------------------------------------------------
# claims: every number the prose states is printed, shown in code, or allow-listed with a reason
# --------------------------------------------------------------------------------------------

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
MINUS = "\u2212"
SEPARATORS = "\u2009\u202f\u00a0"  # thin space, narrow no-break space, no-break space
WORDS_BEFORE_XREF = (
    r"(?:chapters?|ch\.|sections?|sec\.|§§?|exercises?|ex\.?|figures?|fig\.|tables?|"
    r"equations?|eq\.|cells?|steps?\s+(?=\d\b)|parts?|appendix|lectures?|units?\s+(?=\d\b))"
)
APPROXIMATE_WORDS = re.compile(
    r"(about|around|roughly|nearly|approximately|almost|some|over|under|~|≈|\\approx|"
    r"more than|less than|fewer than|at least|at most|up to|tens of|hundreds of)\W*$",
    re.I,
)

# A number as prose writes it: 1,797  70 000 (thin space)  0.983  .5  1.4e-5  10⁻²  2/25
NUMBER = (
    r"(?:\d{1,3}(?:[,"
    + SEPARATORS
    + r"]\d{3})+(?:\.\d+)?|\d+\.\d+|\.\d+|\d+)"
    + r"(?:[eE][-+"
    + MINUS
    + r"]?\d+)?"
)
CLAIM_RE = re.compile(
    r"(?<![\w.^/])(?<![\w.][-" + MINUS + r"])"  # not glued to a word (AVX-512, float32) or a dot
    r"(?P<num>" + NUMBER + r")"
    r"(?P<frac>/\d+(?:\.\d+)?)?"
    r"(?P<pow>\s*(?:[×x]|\\times)\s*10(?:\^\{?|(?=[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]))(?P<exp>[-"
    + MINUS
    + r"⁻]?[\d⁰¹²³⁴⁵⁶⁷⁸⁹]+)\}?)?"
    r"(?P<sup>(?<=10)[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+|(?<=10)\^\{?[-" + MINUS + r"]?\d+\}?)?"
    r"(?P<pct>\s?(?:\\?%|per ?cent\b))?"
    r"(?P<times>\s?(?:×|x\b|\\times(?!\s*\d)))?"
    r"(?![\w.]\w|\.\d)"  # not glued to a word after it either (float32, 3D, 1.2.3)
)


@dataclass
class Claim:
    cell: int
    written: str  # the number as the prose writes it
    value: float
    unit: float  # half of this is the rounding slack the written precision allows
    kind: str  # "number", "percent", "ratio", "fraction", "power"
    sentence: str
    approximate: bool = False
    literal: str = ""  # a fraction as written, e.g. "2/25"

    def key(self) -> str:
        return normalise_written(self.written)


def normalise_written(text: str) -> str:
    text = text.translate(str.maketrans({c: "" for c in SEPARATORS + " "}))
    return text.replace(MINUS, "-").replace("\\%", "%").replace("\\times", "×").strip()


def _blank(text: str, start: int, end: int) -> str:
    """``text`` with [start, end) replaced by spaces (newlines kept), so offsets stay valid."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _blank_all(text: str, pattern: str, flags: int = 0, group: int = 0) -> str:
    for match in reversed(list(re.finditer(pattern, text, flags))):
        text = _blank(text, match.start(group), match.end(group))
    return text


LONE_MATH = re.compile(
    r"^\s*(?:[^$]*?(?:=|<|>|\\le|\\ge|\\leq|\\geq|\\approx|\\sim|\\lt|\\gt|\\pm)\s*)?"
    r"(?:-?\d[\d.,]*(?:\s*/\s*\d+)?(?:\s*\\times\s*10\^\{?-?\d+\}?)?|10\^\{?-?\d+\}?)"
    r"(?:\s*(?:\\,)?\\%)?(?:\s*\\times)?\s*$"
)


def prose_mask(source: str) -> str:
    """The Markdown source with every region that holds no claim blanked out."""
    text = source
    text = _blank_all(text, r"<!--.*?-->", re.S)
    # Fenced blocks: a directive's body is prose (admonitions hold model answers), its options
    # and the fences are not; a plain code block is code.
    text = _mask_fences(text)
    text = _blank_all(text, r"``.+?``|`[^`]+`", re.S)  # code spans, also across a line break
    text = _blank_all(text, r"\]\([^)\s]*\)")  # link targets
    text = _blank_all(text, r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)  # link definitions
    text = _blank_all(text, r"<[a-zA-Z/][^>\n]*>")  # HTML tags and autolinks
    text = _blank_all(text, r"https?://\S+")
    text = _blank_all(text, r"^\s*#{1,6}\s+[\d.]+", re.M)  # section numbers of headings
    text = _blank_all(text, r"\*\*Time\*\*:.*?(?:\n\s*\n|$)", re.S)  # the reading-time estimate
    text = _blank_all(text, r"^\s*(?:\d+[.)]|[-*+])\s", re.M)  # list numbering
    text = _blank_all(text, r"^\s*\(\d+\)\s", re.M)
    # Cross-references: "chapter 15", "chapters 3 to 5", "section 4.4", "§7.6", "exercise 3".
    text = _blank_all(
        text,
        r"\b" + WORDS_BEFORE_XREF + r"\s*\d+(?:\.\d+)*"
        r"(?:\s*(?:,|and|or|to|–|-|&)\s*\d+(?:\.\d+)*)*",
        re.I,
    )
    text = _blank_all(text, r"§§?\s*\d+(?:\.\d+)*(?:\s*(?:,|and|–|-)\s*\d+(?:\.\d+)*)*")
    text = _blank_all(text, r"\b(?:ex|exercise)\d+\b", re.I)
    # Mark schemes: "(3 points)", "1 point each", "2 points for (a)", after "Mark scheme".
    scheme = text.find("Mark scheme")
    if scheme >= 0:
        text = text[:scheme] + _blank_all(text[scheme:], r"\b\d+\s+points?\b", re.I)
    # Math: a formula's numbers are its constants; a lone number (or "x = number") is a claim.
    text = _mask_math(text)
    return text


def _mask_fences(text: str) -> str:
    lines = text.split("\n")
    out = []
    fence = None  # (marker, is_directive)
    for line in lines:
        match = re.match(r"^\s*(```+|~~~+|:::+)\s*(\S*)", line)
        if fence is None and match:
            is_directive = match.group(2).startswith("{") or match.group(1).startswith(":")
            fence = (match.group(1), is_directive)
            out.append(" " * len(line))
            continue
        if fence is not None and match and match.group(1) == fence[0] and not match.group(2):
            fence = None
            out.append(" " * len(line))
            continue
        if fence is not None and (not fence[1] or re.match(r"^\s*:\w[\w-]*:", line)):
            out.append(" " * len(line))  # a code block's line, or a directive's option
            continue
        out.append(line)
    return "\n".join(out)


def _mask_math(text: str) -> str:
    pieces = []
    last = 0
    for match in re.finditer(r"\$\$.*?\$\$|(?<![\\$])\$(?!\$)[^$]+?(?<!\\)\$", text, re.S):
        pieces.append(text[last : match.start()])
        body = match.group(0).strip("$")
        if LONE_MATH.match(body):
            pieces.append(match.group(0).replace("$", " "))
        else:
            pieces.append(re.sub(r"[^\n]", " ", match.group(0)))
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _parse_number(text: str) -> tuple[float, int]:
    """(value, decimals) of a number as written: '1,797' -> (1797, 0), '1.4e-5' -> (1.4e-5, 6)."""
    text = normalise_written(text).replace(",", "").replace(MINUS, "-")
    mantissa, _, exponent = text.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    exp = int(exponent) if exponent else 0
    return float(mantissa) * 10.0**exp, decimals - exp


def _sentence(source: str, start: int, end: int) -> str:
    """The sentence of ``source`` around [start, end), on one line."""
    ends = [source.rfind(stop, 0, start) for stop in (". ", ".\n", "\n\n")]
    left = max([i + 2 for i in ends if i >= 0], default=0)
    stops = [i for i in (source.find(s, end) for s in (". ", ".\n", "\n\n")) if i >= 0]
    right = min(stops) + 1 if stops else len(source)
    return " ".join(source[left:right].split())


SECTION_RE = re.compile(r"^\s*#{1,6}\s+(\d+\.\d+(?:\.\d+)*)", re.M)
XREF_BEFORE = re.compile(r"(?:\b(?:in|see|cf\.)|\()\s*$", re.I)


@cache
def _course_sections() -> frozenset[str]:
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*/[0-9][0-9]_*.ipynb"))
    return frozenset(known_sections([read(p) for p in paths]))


DIMS_RE = re.compile(r"(?<![\w.])\d+(?:\s?[×x]\s?\d+)+(?![\w.]\w|\.\d)")


def known_sections(notebooks=None) -> set[str]:
    """Every section number of a heading in the course ("7.6"), for bare cross-references."""
    if notebooks is None:
        return set(_course_sections())
    return {
        number
        for notebook in notebooks
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for number in SECTION_RE.findall(cell.source)
    }


def extract_claims(source: str, cell: int = 0, sections: set[str] = frozenset()) -> list[Claim]:
    """Every number the Markdown ``source`` states, with its value and written precision.

    ``sections`` are the course's section numbers: "as in 13.5" is a cross-reference.
    """
    masked = prose_mask(source)
    claims = []
    for match in reversed(list(DIMS_RE.finditer(masked))):
        factors = [int(f) for f in re.findall(r"\d+", match.group(0))]
        masked = _blank(masked, match.start(), match.end())
        if all(f <= 10 for f in factors):
            continue  # 8×8, 3×3: small sizes, like small integers
        claims.append(
            Claim(
                cell=cell,
                written=match.group(0),
                value=float(factors[0]),
                unit=1.0,
                kind="dims",
                sentence=_sentence(source, match.start(), match.end()),
            )
        )
    claims.reverse()
    for match in CLAIM_RE.finditer(masked):
        num = match.group("num")
        value, decimals = _parse_number(num)
        kind = "number"
        unit = 10.0 ** (-decimals)
        literal = ""
        if match.group("frac"):
            denominator = float(match.group("frac")[1:])
            if denominator in (0, 1) or value == 0:
                continue  # "0/1 labels", "1/1": not a ratio
            literal = normalise_written(num + match.group("frac"))
            value, kind, unit = value / denominator, "fraction", 0.0
        elif match.group("pow") or match.group("sup"):
            exp_text = (match.group("exp") or match.group("sup")).translate(SUPERSCRIPTS)
            exp_text = exp_text.strip("^{}")
            exp = int(exp_text.replace(MINUS, "-"))
            if match.group("pow"):
                value, unit = value * 10.0**exp, unit * 10.0**exp
                kind = "power"
            else:  # 10⁻²: an order of magnitude
                value, unit, kind = 10.0**exp, 10.0**exp, "order"
        elif match.group("pct"):
            kind = "percent"
        elif match.group("times"):
            kind = "ratio"
        written = match.group(0).strip()
        if kind == "number" and num in sections and XREF_BEFORE.search(masked[: match.start()]):
            continue  # "as in 13.5": a section of the course
        if kind == "number":
            is_integer = decimals <= 0 and "e" not in num.lower()
            if is_integer and 0 <= value <= 10:
                continue  # small integers: too common to check meaningfully
            if is_integer and 1900 <= value <= 2030 and re.fullmatch(r"\d{4}", num):
                continue  # a year
        before = masked[max(0, match.start() - 20) : match.start()]
        claims.append(
            Claim(
                cell=cell,
                written=written,
                value=value,
                unit=unit,
                kind=kind,
                sentence=_sentence(source, match.start(), match.end()),
                approximate=bool(APPROXIMATE_WORDS.search(before)),
                literal=literal,
            )
        )
    return claims


# What outputs and code print: numbers with their written precision.
PRINTED_RE = re.compile(
    r"(?<![\d.])(?P<num>(?:\d{1,3}(?:[,_" + SEPARATORS + r"]\d{3})+|\d+)(?:\.\d*)?|\.\d+)"
    r"(?P<exp>[eE][-+]?\d+)?(?P<pct>\s?%)?"
)


@dataclass
class Evidence:
    """The numbers a chapter shows the reader, as (value, decimals, is_percent), and its text."""

    numbers: list[tuple[float, int, bool]] = field(default_factory=list)
    text: str = ""

    def add(self, text: str) -> None:
        text = text.replace(MINUS, "-")
        self.text += "\n" + re.sub(r"\s+", "", text)
        for match in PRINTED_RE.finditer(text):
            raw = match.group("num").replace(",", "").replace("_", "")
            for sep in SEPARATORS:
                raw = raw.replace(sep, "")
            if raw == ".":
                continue
            decimals = len(raw.partition(".")[2])
            exp = int(match.group("exp")[1:]) if match.group("exp") else 0
            value = float(raw) * 10.0**exp
            percent = bool(match.group("pct"))
            self.numbers.append((value, decimals - exp, percent))
            if percent:
                self.numbers.append((value / 100, decimals - exp + 2, False))
            if "," in match.group("num") or "_" in match.group("num"):
                # "1,797" may also be a list "1,797" in code: keep each part too
                for part in re.split(r"[,_]", match.group("num")):
                    self.numbers.append((float(part), 0, False))

    def has_literal(self, literal: str) -> bool:
        return bool(re.search(r"(?<![\d.])" + re.escape(literal) + r"(?![\d.])", self.text))


def output_text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") in ("execute_result", "display_data"):
        data = output.get("data", {})
        texts = []
        for mime in ("text/plain", "text/html", "text/markdown", "text/latex"):
            if mime in data:
                value = data[mime]
                texts.append("".join(value) if isinstance(value, list) else value)
        return "\n".join(texts)
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback", [])) + f"\n{output.get('evalue', '')}"
    return ""


def chapter_evidence(notebook) -> Evidence:
    evidence = Evidence()
    for cell in notebook.cells:
        if cell.cell_type != "code" or not seen(cell):
            continue
        evidence.add(cell.source)
        if "remove-output" in tags(cell):
            continue
        for output in cell.get("outputs", []):
            evidence.add(output_text(output))
    return evidence


def _close(target: float, unit: float, value: float) -> bool:
    """Whether ``value`` rounds to ``target`` at the precision ``unit`` (a last digit's size)."""
    return abs(abs(value) - abs(target)) <= 0.5 * unit * (1 + 1e-9) + 1e-12 * abs(target)


def supported(claim: Claim, evidence: Evidence) -> bool:
    """Whether the chapter shows the claim's number, allowing for rounding (see module doc).

    The prose may round what is printed, never the other way round: "0.98" is supported by a
    printed 0.983, "0.983" is not supported by a printed 0.98. A percentage is supported by a
    printed percentage, or by a printed non-integer as a fraction (0.981) or in percent (98.1).
    A power of ten alone ("10⁻²") is an order of magnitude: a printed 0.027 supports it.
    A fraction "2/25" is supported by itself in code or output, or by its value printed to at
    least two significant digits. A size "28×28" is supported when each factor is shown.
    """
    numbers = evidence.numbers
    if claim.kind == "fraction":
        if claim.literal and evidence.has_literal(claim.literal):
            return True
        return any(
            _close(x, 10.0**-d, claim.value) and 0.5 * 10.0**-d <= 0.1 * abs(claim.value)
            for x, d, _ in numbers
        )
    if claim.kind == "dims":
        factors = [float(f) for f in re.findall(r"\d+", claim.written)]
        return all(f <= 10 or any(x == f and d == 0 for x, d, _ in numbers) for f in factors)
    if claim.kind == "order":
        exp = math.log10(claim.value)
        return any(x != 0 and abs(math.log10(abs(x)) - exp) <= 0.5 for x, _, _ in numbers)
    if claim.kind == "percent":
        v, u = claim.value, claim.unit
        return any(
            (pct and _close(v, u, x))
            or (not pct and d >= 1 and (_close(v, u, x) or _close(v, u, 100 * x)))
            for x, d, pct in numbers
        )
    slack_unit = claim.unit
    target = claim.value
    if claim.approximate and claim.unit >= 1 and target == int(target) and target >= 10:
        # "about 1,800" is written to its significant digits: 1797 supports it
        digits = str(int(target))
        slack_unit = max(slack_unit, 10.0 ** (len(digits) - len(digits.rstrip("0"))))
    return any(_close(target, slack_unit, x) for x, _, _ in numbers)


@dataclass
class AllowEntry:
    line: int
    written: str
    reason: str


def read_allow_list(path: Path) -> tuple[list[AllowEntry], list[str]]:
    """The entries of an allow-list file and the errors in it (a line without a reason)."""
    entries, errors = [], []
    if not path.exists():
        return entries, [f"{path} is missing (create it, even empty)"]
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        written, bar, reason = line.partition("|")
        if not bar or not reason.strip() or not written.strip():
            errors.append(
                f"{path.name}:{number}: {line!r} needs the form '<number as written> | <reason>'"
            )
            continue
        entries.append(AllowEntry(number, normalise_written(written.strip()), reason.strip()))
    return entries, errors


@dataclass
class ClaimsReport:
    unsupported: list[Claim]
    allowed: list[tuple[Claim, AllowEntry]]
    stale: list[AllowEntry]
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not (self.unsupported or self.stale or self.errors)


def check_claims(notebook, allow_path: Path | None) -> ClaimsReport:
    evidence = chapter_evidence(notebook)
    sections = known_sections() | known_sections([notebook])
    unsupported = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown" or not seen(cell):
            continue
        for claim in extract_claims(cell.source, index, sections):
            if not supported(claim, evidence):
                unsupported.append(claim)
    entries, errors = read_allow_list(allow_path) if allow_path else ([], [])
    allowed, used = [], set()
    remaining = []
    for claim in unsupported:
        entry = next((e for e in entries if e.written == claim.key()), None)
        if entry:
            allowed.append((claim, entry))
            used.add(entry.line)
        else:
            remaining.append(claim)
    stale = [e for e in entries if e.line not in used]
    return ClaimsReport(remaining, allowed, stale, errors)


def allow_path(chapter: str, root: Path = ALLOW_DIR) -> Path:
    return root / f"{chapter}.txt"


def format_claims(chapter: str, report: ClaimsReport) -> str:
    lines = []
    for claim in report.unsupported:
        lines.append(f"cell {claim.cell}: {claim.written}  <-  {claim.sentence}")
    for entry in report.stale:
        lines.append(
            f"claims_allow/{chapter}.txt:{entry.line}: {entry.written!r} is no longer needed "
            "(the chapter prints it, or the prose no longer states it): delete the line"
        )
    lines += report.errors
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# wrong: run each wrong answer against the exercise's visible checks and hidden tests
# --------------------------------------------------------------------------------------------

SAME_KERNELS = {
    "ATEN_CPU_CAPABILITY": "avx2",
    "ONEDNN_MAX_CPU_ISA": "AVX2",
    "MKL_ENABLE_INSTRUCTIONS": "AVX2",
    "OPENBLAS_CORETYPE": "Zen",
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
}
CELL_TIMEOUT = 600  # seconds for a chapter cell (as `make execute` allows)
WRONG_TIMEOUT = 180  # seconds for a wrong answer or a check cell run against it


def kernel_env() -> dict[str, str]:
    """The environment `make test` runs notebooks in (see the Makefile)."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if platform.machine() == "x86_64":
        env.update(SAME_KERNELS)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    return env


@dataclass
class Outcome:
    status: str  # "rejects", "passes", "error", "timeout"
    detail: str = ""

    def __str__(self) -> str:
        return self.status + (f" ({self.detail})" if self.detail else "")


class Kernel:
    """One Jupyter kernel running in a chapter folder, executing code cell by cell."""

    def __init__(self, cwd: Path):
        from jupyter_client.manager import KernelManager

        self.manager = KernelManager(kernel_name="python3")
        spec = self.manager.kernel_spec
        spec.argv = [sys.executable, *spec.argv[1:]]  # the running venv's Python
        self.manager.start_kernel(cwd=str(cwd), env=kernel_env())
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)

    @classmethod
    def attach(cls, manager, client) -> Kernel:
        """The kernel another runner started (nbval's), to run cells in between its own."""
        kernel = cls.__new__(cls)
        kernel.manager, kernel.client = manager, client
        return kernel

    def names(self) -> set[str]:
        """The user's global names (leading-underscore names, IPython's own, left out)."""
        reply = self.client.execute_interactive(
            "",
            silent=True,
            store_history=False,
            user_expressions={"names": "sorted(n for n in globals() if not n.startswith('_'))"},
            timeout=60,
        )
        found = reply["content"].get("user_expressions", {}).get("names", {})
        return set(ast.literal_eval(found.get("data", {}).get("text/plain", "[]")))

    def forget(self, names: set[str]) -> None:
        if names:
            self.client.execute_interactive(
                f"for _n in {sorted(names)!r}:\n    globals().pop(_n, None)\ndel _n",
                silent=True,
                store_history=False,
                timeout=60,
            )

    def run(self, code: str, timeout: float) -> Outcome:
        """Run ``code``; 'passes' when it runs, 'rejects' on an assertion-type error, else error."""
        from queue import Empty

        outputs: list[str] = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                outputs.append(msg["content"]["text"])

        try:
            reply = self.client.execute_interactive(
                code,
                timeout=timeout,
                output_hook=hook,
                allow_stdin=False,
                stop_on_error=True,
                store_history=False,
            )
        except (TimeoutError, Empty):
            self.manager.interrupt_kernel()
            try:
                self.client.execute_interactive("pass", timeout=60)
            except (TimeoutError, Empty):
                self.manager.restart_kernel(now=True)
                raise RuntimeError("the kernel hung after a timeout and was restarted") from None
            return Outcome("timeout", f"over {timeout:.0f} s")
        content = reply["content"]
        if content["status"] == "ok":
            return Outcome("passes")
        ename, evalue = content.get("ename", "?"), content.get("evalue", "")
        message = f"{ename}: {evalue}".strip()
        if len(message) > 300:
            message = message[:297] + "..."
        if self._assertion_type():
            return Outcome("rejects", message)
        return Outcome("error", message)

    def _assertion_type(self) -> bool:
        """Whether the last error was an AssertionError (CheckError is one) or a
        NotImplementedError."""
        reply = self.client.execute_interactive(
            "",
            silent=True,
            store_history=False,
            user_expressions={
                "kind": "__import__('sys').last_type is not None and issubclass("
                "__import__('sys').last_type, (AssertionError, NotImplementedError))"
            },
            timeout=60,
        )
        result = reply["content"].get("user_expressions", {}).get("kind", {})
        return result.get("data", {}).get("text/plain") == "True"

    def close(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@dataclass
class WrongResult:
    exercise: str
    name: str
    visible: Outcome
    hidden: Outcome
    answer: Outcome  # running the wrong answer's own cell


@dataclass
class WrongReport:
    chapter: str
    results: list[WrongResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def exercise_cells(notebook) -> dict[str, dict]:
    """For each autograded code exercise: its answer cell, visible-check cells and hidden cells."""
    by_id = {nbgrader_meta(c).get("grade_id"): i for i, c in enumerate(notebook.cells)}
    found = {}
    for answer_id, test_ids in code_exercises(notebook):
        tests = [by_id[t] for t in test_ids]
        found[answer_id] = {
            "answer": by_id[answer_id],
            "visible": [i for i in tests if not HIDDEN_RE.search(notebook.cells[i].source)],
            "hidden": [i for i in tests if HIDDEN_RE.search(notebook.cells[i].source)],
        }
    return found


def wrong_answer_files(chapter: str, root: Path = WRONG_DIR) -> dict[str, list[Path]]:
    """grade_id -> its wrong answers, as the corpus folder holds them."""
    folder = root / chapter
    if not folder.is_dir():
        return {}
    return {d.name: sorted(d.glob("*.py")) for d in sorted(folder.iterdir()) if d.is_dir()}


def corpus_problems(chapter: str, notebook, root: Path = WRONG_DIR) -> list[str]:
    """What the corpus of a chapter lacks (static: no kernel)."""
    problems = []
    exercises = exercise_cells(notebook)
    corpus = wrong_answer_files(chapter, root)
    where = f"{root.name}/{chapter}"
    for grade_id in corpus:
        if grade_id not in exercises:
            problems.append(
                f"{where}/{grade_id}/: no autograded code exercise has grade_id {grade_id!r} "
                f"(exercises: {', '.join(exercises) or 'none'}): rename or delete the folder"
            )
    for grade_id in exercises:
        files = corpus.get(grade_id, [])
        if len(files) < 3:
            problems.append(
                f"{where}/{grade_id}/ holds {len(files)} wrong answer(s): write at least 3 "
                "plausible mistakes as <name>.py files"
            )
        common = [f for f in files if f.name.startswith("common_")]
        if files and len(common) != 1:
            problems.append(
                f"{where}/{grade_id}/ has {len(common)} common_*.py files: name exactly one, the "
                "commonest mistake, common_<name>.py"
            )
        for path in files:
            text = path.read_text()
            first = text.splitlines()[0] if text.strip() else ""
            if not first.startswith("#"):
                problems.append(
                    f"{where}/{grade_id}/{path.name}: its first line must be a comment saying "
                    "what is wrong"
                )
            if "### BEGIN SOLUTION" in text or "### END SOLUTION" in text:
                problems.append(
                    f"{where}/{grade_id}/{path.name}: remove the ### BEGIN/END SOLUTION markers "
                    "(a wrong answer is what a learner would write)"
                )
    return problems


RELEASE_STUB = "(student version)"


@cache
def _clear_solutions():
    from nbgrader.preprocessors import ClearSolutions
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    return ClearSolutions(config=config)


def release_stub(cell) -> str:
    """The answer cell as the student version holds it (nbgrader's own ClearSolutions)."""
    copy = nbformat.from_dict(json.loads(json.dumps(cell)))
    return _clear_solutions().preprocess_cell(copy, {"language": "python"}, 0)[0].source


def exercise_positions(notebook, corpus: dict[str, list[Path]]) -> dict[int, str]:
    """The index of each exercise's last test cell -> its grade_id, for the exercises with a
    corpus: where its wrong answers run."""
    return {
        max(cells["visible"] + cells["hidden"]): grade_id
        for grade_id, cells in exercise_cells(notebook).items()
        if corpus.get(grade_id)
    }


def check_exercise(
    kernel: Kernel,
    notebook,
    grade_id: str,
    files: list[Path],
    names_before: set[str],
    wrong_timeout: float = WRONG_TIMEOUT,
    cell_timeout: float = CELL_TIMEOUT,
    say=lambda message: None,
) -> tuple[list[WrongResult], list[str]]:
    """Run in ``kernel``, right after the exercise's last test cell: the student version's stub
    and then each wrong answer in place of the answer, each followed by the visible-check cells
    and the hidden-test cells; then the real answer and its check cells again, to restore the
    state the notebook goes on from. (results, errors).

    The stub runs after the names the answer and its checks defined are removed (those not among
    ``names_before``, the kernel's names before the answer cell ran), as in the untouched student
    version, where the answer never ran.
    """
    cells = exercise_cells(notebook)[grade_id]
    answers = [(RELEASE_STUB, release_stub(notebook.cells[cells["answer"]]))]
    answers += [(path.name, path.read_text()) for path in files]
    results, errors = [], []
    for name, code in answers:
        say(f"{grade_id}/{name}")
        if name == RELEASE_STUB:
            kernel.forget(kernel.names() - names_before)
        answer = kernel.run(code, wrong_timeout)
        visible = _run_checks(kernel, notebook, cells["visible"], wrong_timeout)
        hidden = _run_checks(kernel, notebook, cells["hidden"], wrong_timeout)
        results.append(WrongResult(grade_id, name, visible, hidden, answer))
    for restore in [cells["answer"], *cells["visible"], *cells["hidden"]]:
        outcome = kernel.run(notebook.cells[restore].source, cell_timeout)
        if outcome.status != "passes":
            errors.append(
                f"restoring {grade_id}: cell {restore} failed after the wrong answers: "
                f"{outcome} (a wrong answer changed state the real answer does not reset)"
            )
            break
    return results, errors


def run_wrong_answers(
    chapter: str,
    root: Path = WRONG_DIR,
    notebook_path: Path | None = None,
    cell_timeout: float = CELL_TIMEOUT,
    wrong_timeout: float = WRONG_TIMEOUT,
    log=None,
) -> WrongReport:
    """Run the chapter's notebook once, top to bottom, in one kernel (cwd: its folder), with
    :func:`check_exercise` right after each exercise's last test cell, for the exercises with
    wrong answers in ``root/<chapter>/<answer grade_id>/*.py``.

    A check *rejects* a wrong answer when it raises an AssertionError (dlcourse.checks.CheckError
    is one) or NotImplementedError; any other exception is an error of the check or of the wrong
    answer. (``make test`` runs the same checks in nbval's kernel, between the notebook's cells:
    tests/conftest.py.)
    """
    notebook_path = notebook_path or chapter_path(chapter)
    notebook = nbformat.read(notebook_path, as_version=4)
    report = WrongReport(chapter)
    start = time.monotonic()
    exercises = exercise_cells(notebook)
    corpus = wrong_answer_files(chapter, root)
    for grade_id in corpus:
        if grade_id not in exercises:
            report.errors.append(
                f"{root.name}/{chapter}/{grade_id}/: no autograded code exercise has this grade_id"
            )
    after = exercise_positions(notebook, corpus)
    if not after:
        report.seconds = time.monotonic() - start
        return report
    before_answer = {exercises[grade_id]["answer"]: grade_id for grade_id in after.values()}
    names_before: dict[str, set[str]] = {}
    last_needed = max(after)
    kernel = Kernel(notebook_path.parent)
    say = log or (lambda message: None)
    try:
        for index, cell in enumerate(notebook.cells[: last_needed + 1]):
            if cell.cell_type != "code":
                continue
            if index in before_answer:
                names_before[before_answer[index]] = kernel.names()
            outcome = kernel.run(cell.source, cell_timeout)
            if outcome.status != "passes":
                report.errors.append(f"cell {index} of the chapter failed: {outcome}")
                break
            if index in after:
                grade_id = after[index]
                results, errors = check_exercise(
                    kernel,
                    notebook,
                    grade_id,
                    corpus[grade_id],
                    names_before[grade_id],
                    wrong_timeout,
                    cell_timeout,
                    say,
                )
                report.results += results
                report.errors += errors
                if errors:
                    break
    finally:
        kernel.close()
        report.seconds = time.monotonic() - start
    return report


def _run_checks(kernel: Kernel, notebook, indices: list[int], timeout: float) -> Outcome:
    """The first non-passing outcome of the cells, in order, or 'passes'."""
    for index in indices:
        outcome = kernel.run(notebook.cells[index].source, timeout)
        if outcome.status != "passes":
            return outcome
    return Outcome("passes")


def wrong_verdicts(report: WrongReport) -> list[str]:
    """What the corpus rule says is wrong about the results (empty when all holds)."""
    problems = list(report.errors)
    for r in report.results:
        label = f"{r.exercise}/{r.name}"
        if r.name == RELEASE_STUB:
            for checks, outcome in (("visible checks", r.visible), ("hidden tests", r.hidden)):
                if outcome.status == "passes":
                    problems.append(
                        f"{label}: the {checks} pass the untouched student version: the release "
                        "earns marks (does the answer cell redefine a name the chapter defined?)"
                    )
            continue
        if r.answer.status in ("error", "timeout"):
            problems.append(
                f"{label}: the wrong answer's own cell fails ({r.answer}): a wrong answer must run "
                "like a learner's cell does, and be caught by the checks; fix the file"
            )
            continue
        if r.hidden.status != "rejects":
            problems.append(f"{label}: the hidden tests {_verb(r.hidden, 'hidden tests')}")
        if r.name.startswith("common_") and r.visible.status != "rejects":
            problems.append(
                f"{label}: the visible checks {_verb(r.visible, 'visible checks')}; they must "
                "reject the commonest mistake"
            )
    return problems


def _verb(outcome: Outcome, checks: str) -> str:
    if outcome.status == "passes":
        return f"accept it: add to the {checks} an assertion that catches this mistake"
    if outcome.status == "timeout":
        return f"time out on it ({outcome.detail}): bound the work the {checks} do"
    if outcome.detail.startswith(("NameError", "SyntaxError", "IndentationError")):
        return (
            f"stop with {outcome.detail}: a bug of the wrong answer (it should define what the "
            f"exercise asks for) or of the {checks}, not a rejection; fix whichever is wrong"
        )
    return (
        f"crash with {outcome.detail} instead of failing an assertion: make the {checks} check "
        "this case with an assertion and a message (dlcourse.checks.call_answer, check_array, "
        "check_scalar), so the learner learns what is wrong"
    )


def format_wrong(report: WrongReport) -> str:
    rows = [("exercise", "wrong answer", "visible rejects?", "hidden rejects?")]
    for r in report.results:
        if r.name == RELEASE_STUB:  # any failure earns nothing
            rows.append((r.exercise, r.name, _stub_cell(r.visible), _stub_cell(r.hidden)))
        else:
            rows.append((r.exercise, r.name, _cell(r.visible, r.answer), _cell(r.hidden, r.answer)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(value.ljust(w) for value, w in zip(row, widths, strict=True)) for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    past = [
        f"{r.exercise}/{r.name}"
        for r in report.results
        if r.visible.status == "passes" and r.name != RELEASE_STUB
    ]
    lines.append(
        f"\n{len(report.results)} wrong answers in {report.seconds:.0f} s; past the "
        f"visible checks: {', '.join(past) or 'none'}"
    )
    return "\n".join(lines)


def _stub_cell(outcome: Outcome) -> str:
    return "NO" if outcome.status == "passes" else f"yes ({outcome.detail[:50]})"


def _cell(outcome: Outcome, answer: Outcome) -> str:
    if answer.status in ("error", "timeout"):
        return f"n/a: the answer cell raised {answer.detail}"
    if outcome.status == "rejects":
        return "yes"
    if outcome.status == "passes":
        return "NO"
    return f"{outcome.status.upper()}: {outcome.detail[:80]}"


# --------------------------------------------------------------------------------------------
# no visible check reads the test split
# --------------------------------------------------------------------------------------------

TEST_SPLIT_NAME = re.compile(r"(?i)(^|_)(test|te)(_|$|s$|set|loader|ds|data)|^(x|y|xb|yb)te$")


def _names(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def _assigned(source: str) -> set[str]:
    try:
        tree = ast.parse(_strip_magics(source)[0])
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def visible_test_split_reads(notebook) -> list[tuple[str, list[str]]]:
    """(grade_id of a visible-check cell, test-split names it reads) where it reads any.

    A test-split name is one the chapter's own cells (not the exercise cells) bind and whose name
    says test (``X_test``, ``y_test``, ``test_loader``, ``test_set``...), or an attribute/key
    ``.test``/``["test"]``.
    """
    exercise_ids = set()
    for answer_id, test_ids in code_exercises(notebook):
        exercise_ids |= {answer_id, *test_ids}
    chapter_names = set()
    for cell in notebook.cells:
        if cell.cell_type == "code" and nbgrader_meta(cell).get("grade_id") not in exercise_ids:
            chapter_names |= _assigned(cell.source)
    split_names = {n for n in chapter_names if TEST_SPLIT_NAME.search(n)}
    found = []
    for _answer, cells in exercise_cells(notebook).items():
        for index in cells["visible"]:
            cell = notebook.cells[index]
            try:
                tree = ast.parse(_strip_magics(cell.source)[0])
            except SyntaxError:
                continue
            reads = sorted(_names(tree) & split_names)
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr == "test":
                    reads.append(".test")
                if isinstance(node, ast.Constant) and node.value == "test":
                    reads.append('["test"]')
            if reads:
                found.append((nbgrader_meta(cell)["grade_id"], sorted(set(reads))))
    return found


# --------------------------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------------------------


def _resolve(chapter: str) -> str:
    chapter = chapter.strip("/").split("/")[-1].removesuffix(".ipynb")
    if not (NOTEBOOKS / chapter / f"{chapter}.ipynb").exists():
        matches = sorted(p.name for p in NOTEBOOKS.glob(f"{chapter}*") if p.is_dir())
        if len(matches) == 1:
            return matches[0]
        raise SystemExit(f"no chapter {chapter!r}: give NN_slug, e.g. 09_cnn")
    return chapter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("silent", "claims", "wrong"):
        command = sub.add_parser(name)
        command.add_argument("chapter", help="NN_slug, e.g. 09_cnn")
        command.add_argument("--notebook", type=Path, help="another copy of the notebook")
    sub.choices["claims"].add_argument("--allow-dir", type=Path, default=ALLOW_DIR)
    sub.choices["wrong"].add_argument("--corpus", type=Path, default=WRONG_DIR)
    args = parser.parse_args(argv)
    chapter = _resolve(args.chapter)
    path = args.notebook or chapter_path(chapter)
    notebook = read(path)
    if args.command == "silent":
        found = silent_cells(notebook)
        for index, reason in found:
            first = notebook.cells[index].source.strip().splitlines()[0][:80]
            print(f"cell {index}: {reason} but has no stored output  |  {first}")
        print(f"{chapter}: {len(found)} silent cell(s)")
        return 1 if found else 0
    if args.command == "claims":
        report = check_claims(notebook, allow_path(chapter, args.allow_dir))
        text = format_claims(chapter, report)
        if text:
            print(text)
        print(
            f"{chapter}: {len(report.unsupported)} unprinted number(s), {len(report.allowed)} "
            f"allow-listed, {len(report.stale)} stale allow-list line(s), "
            f"{len(report.errors)} allow-list error(s)"
        )
        return 0 if report.ok else 1
    problems = corpus_problems(chapter, notebook, args.corpus)
    report = run_wrong_answers(
        chapter, args.corpus, path, log=lambda m: print(f"  running {m}", file=sys.stderr)
    )
    print(format_wrong(report))
    problems += [p for p in wrong_verdicts(report) if p not in problems]
    for grade_id, names in visible_test_split_reads(notebook):
        problems.append(f"{grade_id}: the visible checks read the test split ({', '.join(names)})")
    for problem in problems:
        print(f"- {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
