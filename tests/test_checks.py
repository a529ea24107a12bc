"""The self-check helpers recognise the common mistakes and say so in one line."""

import numpy as np
import pytest
import torch

from dlcourse.checks import CheckError, call_answer, check_array, check_scalar

EXPECTED = np.arange(6, dtype=float).reshape(2, 3)


def test_a_correct_answer_passes_silently():
    check_array(EXPECTED.copy(), EXPECTED)
    check_array(torch.tensor(EXPECTED), EXPECTED)
    check_scalar(13, 13)


@pytest.mark.parametrize(
    ("got", "message"),
    [
        (None, "is None: did you forget a return statement"),
        (EXPECTED.T, "is the transpose of the expected array"),
        (EXPECTED.ravel(), "the right number of values, arranged differently"),
        (np.ones((3, 3)), r"has shape \(3, 3\), expected \(2, 3\)$"),
        (EXPECTED.astype(int), "has dtype int64, expected floating point"),
        (np.full((2, 3), np.nan), "holds NaN or infinity"),
        (
            EXPECTED + np.eye(2, 3) * [[0, 0, 0], [0, 0.5, 0]],
            r"largest difference 0.5 at index \(1, 1\)",
        ),
        ("text", "should be a NumPy array of numbers"),
    ],
)
def test_check_array_names_the_mistake(got, message):
    with pytest.raises(CheckError, match=message) as info:
        check_array(got, EXPECTED, "answer")
    assert "\n" not in str(info.value), "the message should be one line"


def test_call_answer_explains_an_unfinished_or_returnless_function():
    def unfinished():
        raise NotImplementedError()

    def forgot_return():
        pass

    with pytest.raises(CheckError, match="still raises NotImplementedError"):
        call_answer(unfinished)
    with pytest.raises(CheckError, match="forgot_return returned None"):
        call_answer(forgot_return)
    with pytest.raises(CheckError, match="should be a function"):
        call_answer(42)
    assert call_answer(lambda a, b=0: a + b, 1, b=2) == 3


def test_other_errors_in_the_learners_code_propagate_unchanged():
    with pytest.raises(ZeroDivisionError):
        call_answer(lambda: 1 / 0)


@pytest.mark.parametrize(
    ("got", "message"),
    [(12, "is 12, expected 13"), ("13", "should be a number"), (np.ones(2), "single number")],
)
def test_check_scalar_names_the_mistake(got, message):
    with pytest.raises(CheckError, match=message):
        check_scalar(got, 13)


def test_check_scalar_tolerance():
    check_scalar(0.1 + 0.2, 0.3, tol=1e-12)
    with pytest.raises(CheckError):
        check_scalar(0.1 + 0.2, 0.3)
