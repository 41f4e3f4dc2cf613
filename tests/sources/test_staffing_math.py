"""Percent filled and the staffing cross-check: computed in one place for every parser."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers._ice_staffing import arithmetic, staffing_statements
from scrapers._staffing_math import check_staffing, percent_filled, percent_filled_from_vacant


@pytest.mark.parametrize(
    ("filled", "required", "expected"),
    [(133, 245, 54.3), (98, 160, 61.2), (0, 10, 0.0), (5, 0, None), (None, 10, None), (3, None, None)],
)  # fmt: skip
def test_percent_filled(filled: int | None, required: int | None, expected: float | None) -> None:
    assert percent_filled(filled, required) == expected


def test_torrance_figures_agree() -> None:
    check = check_staffing(required=245, filled=133, vacancies=112, pct_filled_reported=54)
    assert (check.pct_filled, check.arithmetic_ok, check.failed) == (54.3, True, ())


def test_counts_complete_each_other() -> None:
    check = check_staffing(required=160, vacancies=62)
    assert (check.filled, check.pct_filled, check.arithmetic_ok) == (98, 61.2, None)
    assert check_staffing(filled=98, vacancies=62).required == 160


@pytest.mark.parametrize(
    ("figures", "reason"),
    [
        ({"required": 160, "filled": 98, "vacancies": 60}, "98 filled + 60 vacant != 160 required"),
        ({"required": 160, "filled": 98, "pct_filled_reported": 75}, "61.2% filled by the counts"),
        (
            {"required": 160, "filled": 98, "pct_vacant_reported": 20},
            "80.0% by the stated vacancy rate",
        ),
        ({"pct_filled_reported": 54, "pct_vacant_reported": 50}, "54% filled and 50% vacant"),
    ],
)
def test_disagreeing_figures_fail_with_a_reason(figures: dict, reason: str) -> None:
    check = check_staffing(**figures)
    assert check.arithmetic_ok is False
    assert any(reason in line for line in check.failed)


def test_only_a_rate_is_not_checked() -> None:
    check = check_staffing(pct_vacant_reported=46)
    assert (check.pct_filled, check.arithmetic_ok) == (54.0, None)
    assert percent_filled_from_vacant(146) is None


@given(st.integers(min_value=1, max_value=10_000), st.data())
def test_consistent_figures_always_pass(required: int, data: st.DataObject) -> None:
    filled = data.draw(st.integers(min_value=0, max_value=required))
    pct = percent_filled(filled, required)
    assert pct is not None
    check = check_staffing(required=required, filled=filled, vacancies=required - filled,
                           pct_filled_reported=round(pct), pct_vacant_reported=round(100 - pct))  # fmt: skip
    assert check.arithmetic_ok is True
    assert 0 <= (check.pct_filled or 0) <= 100


def test_ice_letters_and_forms_use_the_same_function() -> None:
    (letter,) = staffing_statements("The facility was understaffed by 46%.")
    assert letter.pct_filled == percent_filled_from_vacant(46)
    (form,) = staffing_statements("There were 24 vacant positions.")
    form.required = 80
    assert arithmetic(form).pct_filled == percent_filled(56, 80)


def test_ice_letter_figure_carries_the_date_it_describes() -> None:
    (letter,) = staffing_statements("As of July 1, 2022, there were 59 vacant positions.")
    assert (letter.vacancies, letter.observed_on, letter.observed_precision) == (
        59,
        date(2022, 7, 1),
        "day",
    )
