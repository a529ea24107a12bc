"""Unit tests of the truth checker itself (tests/truth.py), on sentences and a tiny notebook."""

import nbformat
import pytest
import truth
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output


def written(text: str) -> list[str]:
    return [claim.written for claim in truth.extract_claims(text, 0, {"7.6", "13.5"})]


def unsupported(prose: str, *printed: str, code: str = "") -> list[str]:
    notebook = new_notebook()
    notebook.cells = [new_markdown_cell(prose)]
    cell = new_code_cell(code or "pass")
    cell.outputs = [new_output("stream", name="stdout", text=text) for text in printed]
    notebook.cells.append(cell)
    return [claim.written for claim in truth.check_claims(notebook, None).unsupported]


# ---------------------------------------------------------------------------------- claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The test accuracy is 0.983 on 1,797 digits.", ["0.983", "1,797"]),
        ("It reaches 98 % and then 98.5%.", ["98 %", "98.5%"]),
        ("An error of 1.4e-5, or 1.4 × 10⁻⁵, and a bug gives 10⁻² or more.", None),
        ("Attention is 3.3× slower at length 25.", ["3.3×", "25"]),
        ("Keep $\\eta < 2/25$ and note $0.983$; $x^2 + 25 y^2$ is a formula.", ["2/25", "0.983"]),
        ("Images of 28×28 pixels, and 8×8 ones.", ["28×28"]),
        ("Between 70\u202f000 and 60\u2009000 examples.", ["70\u202f000", "60\u2009000"]),
    ],
)
def test_claims_are_extracted_as_written(text, expected):
    if expected is None:
        expected = ["1.4e-5", "1.4 × 10⁻⁵", "10⁻²"]
    assert written(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "## 7.6 When the loss turns NaN",
        "As chapter 15 shows, and sections 4.4 and 4.5, and §7.6, and exercise 3.",
        "The moving centre (as in 13.5) hops.",
        "LeNet {cite}`lecun1998gradient` from 1998, see [the paper](https://x.org/a/1234.pdf).",
        "1. first step\n2. second step\n12. twelfth step",
        "We ran 3 seeds of 2 layers and 10 epochs.",
        "float32, float64, AVX-512, x86-64, ResNet-50 and log2 are names.",
        "A formula $\\sum_{i=1}^{100} x_i^2 + 0.5$ and `lr=0.001` in code.",
        "**Mark scheme (3 points).** 2 points for (a), 1 point for (b).",
        "**Time**: about 90 minutes, including the exercises.",
        "<!-- 123 hidden comment -->",
    ],
)
def test_what_is_not_a_claim(text):
    assert written(text) == []


def test_a_number_no_output_prints_is_flagged():
    assert unsupported("The network reaches 0.97 on the test set.", "accuracy 0.983\n") == ["0.97"]


def test_a_rounded_printed_number_is_accepted():
    prose = "It reaches 0.98, that is 98 % (98.3%), error 1.8 × 10⁻⁵, 3.3× slower, 1,797 digits."
    printed = "accuracy 0.983\nerror 1.83e-05\nslowdown 3.27\nn = 1797\n"
    assert unsupported(prose, printed) == []


def test_the_prose_may_round_an_output_but_not_add_digits():
    assert unsupported("It reaches 0.983.", "accuracy 0.98\n") == ["0.983"]
    assert unsupported("It reaches 0.99.", "accuracy 0.983\n") == ["0.99"]
    assert unsupported("It reaches 1.41.", "spread 1.42\n") == ["1.41"]


def test_percentages_need_a_printed_fraction_or_percentage():
    assert unsupported("Spread evenly, each gets 8 %.", "shape (8, 25)\n") == ["8 %"]
    assert unsupported("Spread evenly, each gets 8 %.", "share 0.080\n") == []
    assert unsupported("Spread evenly, each gets 8 %.", "share 8.0%\n") == []


def test_a_lone_power_of_ten_is_an_order_of_magnitude():
    assert unsupported("A bug shows as $10^{-2}$ or more.", "rel. error 2.7e-02\n") == []
    assert unsupported("A bug shows as 10⁻² or more.", "rel. error 1.3e-16\n") == ["10⁻²"]


def test_fractions_need_the_fraction_or_its_value_to_two_digits():
    assert unsupported("Keep $\\eta < 2/25$.", "limit 0.1\n") == ["2/25"]
    assert unsupported("Keep $\\eta < 2/25$.", "limit 0.080\n") == []
    assert unsupported("Keep $\\eta < 2/25$.", code="print(2/25)") == []


def test_numbers_the_visible_code_sets_are_supported_but_not_hidden_code():
    assert unsupported("We train for 500 steps.", code="fit(model, steps=500)") == []
    notebook = new_notebook()
    notebook.cells = [
        new_markdown_cell("We train for 500 steps."),
        new_code_cell("fit(model, steps=500)", metadata={"tags": ["remove-cell"]}),
    ]
    assert [c.written for c in truth.check_claims(notebook, None).unsupported] == ["500"]


def test_approximate_round_numbers_allow_their_significant_digits():
    assert unsupported("There are about 1,800 digits.", "1797 digits\n") == []
    assert unsupported("There are 1,800 digits.", "1797 digits\n") == ["1,800"]


def test_the_allow_list_applies_and_reports_stale_and_reasonless_lines(tmp_path):
    notebook = new_notebook()
    notebook.cells = [new_markdown_cell("MNIST has 70,000 digits and 43 writers.")]
    allow = tmp_path / "ch.txt"
    allow.write_text(
        "# comment\n70,000 | MNIST's size, not loaded here\n43\n12.5 | no longer in the prose\n"
    )
    report = truth.check_claims(notebook, allow)
    assert [c.written for c, _ in report.allowed] == ["70,000"]
    assert [c.written for c in report.unsupported] == ["43"]
    assert [e.written for e in report.stale] == ["12.5"]
    assert len(report.errors) == 1 and "'43'" in report.errors[0]
    assert not report.ok
    assert not truth.check_claims(notebook, tmp_path / "missing.txt").ok


# ---------------------------------------------------------------------------------- silent


@pytest.mark.parametrize(
    ("source", "shows"),
    [
        ("x = 1\nprint(x)", True),
        ("for i in range(3):\n    print(i)", True),
        ("try:\n    run()\nexcept ValueError as e:\n    print(e)", True),
        ("fig, ax = plt.subplots()\nax.plot([1, 2])", True),
        ("plot_decision_boundary(model, X, y)", True),
        ("table.head()", True),
        ("model", True),
        ("x, y", True),
        ("%timeit f()", True),
        ("def f(x):\n    print(x)\n    return x", False),
        ("class A:\n    def show(self):\n        print(1)", False),
        ("x = 1\ny = x + 1", False),
        ("model;", False),
        ("torch.manual_seed(0)", False),
        ('"""A docstring."""', False),
    ],
)
def test_which_cells_show_something(source, shows):
    assert bool(truth.why_cell_shows(source)) is shows


def test_a_printing_cell_without_output_is_silent():
    notebook = new_notebook()
    printed = new_code_cell("print(1)")
    printed.outputs = [new_output("stream", name="stdout", text="1\n")]
    notebook.cells = [printed, new_code_cell("print(2)"), new_code_cell("def f():\n    print(3)")]
    assert [index for index, _ in truth.silent_cells(notebook)] == [1]


# -------------------------------------------------------------------- wrong-answer harness


def nbgrader(grade_id: str, solution: bool, points: int = 0, tags=()) -> dict:
    meta = {
        "grade": not solution,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
    }
    if points:
        meta["points"] = points
    return {"nbgrader": meta, "tags": list(tags)} if tags else {"nbgrader": meta}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny chapter with one exercise, and a corpus of wrong answers for it."""
    root = tmp_path_factory.mktemp("truth")
    chapter = root / "notebooks" / "99_tiny"
    chapter.mkdir(parents=True)
    notebook = new_notebook()
    notebook.cells = [
        new_markdown_cell("# 99. Tiny"),
        new_code_cell("import numpy as np\nX_test = np.arange(3.0)\nscale = 2"),
        new_code_cell(
            "def double(x):\n    ### BEGIN SOLUTION\n    return scale * x\n    ### END SOLUTION",
            metadata=nbgrader("ex1_double_solution", True),
        ),
        new_code_cell(
            "from dlcourse.checks import check_scalar\n\n"
            "check_scalar(double(1), 2, 'double(1)')\nprint('visible checks pass')",
            metadata=nbgrader("ex1_double_checks", False, 1),
        ),
        new_code_cell(
            "### BEGIN HIDDEN TESTS\nfor _v in range(5):\n    assert double(_v) == 2 * _v, _v\n"
            "### END HIDDEN TESTS",
            metadata=nbgrader("ex1_double_hidden", False, 1, ["remove-cell"]),
        ),
        new_code_cell("assert double(21) == 42  # the real answer is back\nprint(double(21))"),
        new_code_cell(
            "def triple(x):\n    ### BEGIN SOLUTION\n    return 3 * x\n    ### END SOLUTION",
            metadata=nbgrader("ex2_triple_solution", True),
        ),
        new_code_cell(
            "assert triple(X_test[1]) == 3\nprint('visible checks pass')",
            metadata=nbgrader("ex2_triple_checks", False, 1),
        ),
        new_code_cell(
            "### BEGIN HIDDEN TESTS\nassert triple(5) == 15\n### END HIDDEN TESTS",
            metadata=nbgrader("ex2_triple_hidden", False, 1, ["remove-cell"]),
        ),
        new_code_cell(
            "### BEGIN SOLUTION\nscale = 2  # redefines the chapter's own name\n### END SOLUTION",
            metadata=nbgrader("ex3_scale_solution", True),
        ),
        new_code_cell("assert scale == 2", metadata=nbgrader("ex3_scale_checks", False, 1)),
        new_code_cell(
            "### BEGIN HIDDEN TESTS\nassert scale * 2 == 4\n### END HIDDEN TESTS",
            metadata=nbgrader("ex3_scale_hidden", False, 1, ["remove-cell"]),
        ),
        new_code_cell(
            "### BEGIN SOLUTION\nhalf = 0.5\n### END SOLUTION",
            metadata=nbgrader("ex4_half_solution", True),
        ),
        new_code_cell("assert half == 0.5", metadata=nbgrader("ex4_half_checks", False, 1)),
        new_code_cell(
            "### BEGIN HIDDEN TESTS\nassert half * 2 == 1\n### END HIDDEN TESTS",
            metadata=nbgrader("ex4_half_hidden", False, 1, ["remove-cell"]),
        ),
    ]
    path = chapter / "99_tiny.ipynb"
    nbformat.write(notebook, path)
    corpus = root / "wrong_answers"
    answers = {
        "ex1_double_solution": {
            "only_visible.py": "# Right on the visible example only.\n"
            "def double(x):\n    return x + 1\n",
            "common_plus_one.py": "# Adds one too many.\ndef double(x):\n    return x + x + 1\n",
            "name_error.py": "# Calls a helper that is not defined.\n"
            "def double(x):\n    return helper(x)\n",
            "not_done.py": "# Left as it was.\ndef double(x):\n    raise NotImplementedError\n",
            "crash.py": "# Returns a string.\ndef double(x):\n    return 'x' * -int(x) + None\n",
        },
        "ex0_gone_solution": {"common_a.py": "# An exercise that no longer exists.\nx = 1\n"},
        "ex3_scale_solution": {"common_three.py": "# Off by one.\nscale = 3\n"},
        "ex4_half_solution": {"common_third.py": "# A third.\nhalf = 1 / 3\n"},
    }
    for grade_id, files in answers.items():
        (corpus / "99_tiny" / grade_id).mkdir(parents=True)
        for name, text in files.items():
            (corpus / "99_tiny" / grade_id / name).write_text(text)
    report = truth.run_wrong_answers("99_tiny", corpus, path, wrong_timeout=60, cell_timeout=120)
    return notebook, corpus, report


def outcomes(report) -> dict[str, tuple[str, str]]:
    return {r.name: (r.visible.status, r.hidden.status) for r in report.results}


def test_the_harness_records_what_each_check_does(tiny):
    _, _, report = tiny
    got = outcomes(report)
    assert got["only_visible.py"] == ("passes", "rejects")
    assert got["common_plus_one.py"] == ("rejects", "rejects")
    assert got["not_done.py"] == ("rejects", "rejects")
    assert got["name_error.py"] == ("error", "error")  # a NameError is not a rejection
    assert got["crash.py"] == ("error", "error")  # a TypeError is not a rejection either
    assert "NameError" in next(r for r in report.results if r.name == "name_error.py").hidden.detail


def test_the_student_version_runs_first_without_the_names_its_answer_defines(tiny):
    _, _, report = tiny
    stubs = {r.exercise: r for r in report.results if r.name == truth.RELEASE_STUB}
    assert list(stubs) == ["ex1_double_solution", "ex3_scale_solution", "ex4_half_solution"]
    assert (
        stubs["ex1_double_solution"].hidden.status,
        stubs["ex1_double_solution"].answer.status,
    ) == ("rejects", "passes")
    assert "NameError" in stubs["ex4_half_solution"].visible.detail  # half is gone, as unrun
    # the chapter defined scale before the exercise: the untouched release passes its check
    assert stubs["ex3_scale_solution"].visible.status == "passes"
    problems = "\n".join(truth.wrong_verdicts(report))
    assert "ex3_scale_solution/(student version): the visible checks pass the untouched" in problems
    assert "ex4_half_solution/(student version)" not in problems
    assert "ex1_double_solution/(student version)" not in problems


def test_the_harness_restores_the_real_answer_and_goes_on(tiny):
    _, _, report = tiny
    # Cell 5 asserts the real answer is back; a failure there would be in report.errors.
    assert not [e for e in report.errors if "cell" in e], report.errors


def test_a_wrong_answer_for_a_grade_id_that_does_not_exist_is_an_error(tiny):
    notebook, corpus, report = tiny
    assert any("ex0_gone_solution" in e for e in report.errors)
    assert any("ex0_gone_solution" in p for p in truth.corpus_problems("99_tiny", notebook, corpus))


def test_the_verdicts_say_what_to_fix(tiny):
    notebook, corpus, report = tiny
    problems = "\n".join(truth.wrong_verdicts(report))
    assert "only_visible.py" not in problems  # the hidden tests catch it: allowed
    assert "common_plus_one.py" not in problems
    assert "name_error.py: the hidden tests stop with NameError" in problems
    assert "crash.py: the hidden tests crash with TypeError" in problems
    table = truth.format_wrong(report)
    assert "past the visible checks: ex1_double_solution/only_visible.py" in table
    corpus_problems = "\n".join(truth.corpus_problems("99_tiny", notebook, corpus))
    assert "ex2_triple_solution/ holds 0 wrong answer(s)" in corpus_problems


def test_a_visible_check_that_reads_the_test_split_is_found(tiny):
    notebook, _, _ = tiny
    assert truth.visible_test_split_reads(notebook) == [("ex2_triple_checks", ["X_test"])]


def test_the_corpus_rules(tmp_path):
    folder = tmp_path / "99_x" / "ex1_solution"
    folder.mkdir(parents=True)
    (folder / "common_a.py").write_text("# a\nx = 1\n")
    (folder / "common_b.py").write_text("x = 2\n")
    (folder / "c.py").write_text("# c\n### BEGIN SOLUTION\nx = 3\n")
    tiny_notebook = new_notebook()
    tiny_notebook.cells = [
        new_code_cell("x = 0", metadata=nbgrader("ex1_solution", True)),
        new_code_cell("assert x", metadata=nbgrader("ex1_checks", False, 1)),
    ]
    problems = "\n".join(truth.corpus_problems("99_x", tiny_notebook, tmp_path))
    assert "2 common_*.py files" in problems
    assert "common_b.py: its first line must be a comment" in problems
    assert "c.py: remove the ### BEGIN/END SOLUTION markers" in problems
