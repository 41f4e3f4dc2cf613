"""The OIG wording helpers, one form per test."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.ingest.writers import split_place
from scrapers.dhs_oig.status import (
    Status,
    concurrence_word,
    counted_statuses,
    expand_numbers,
    numbered_statuses,
    status_from,
)
from scrapers.dhs_oig.text import (
    fiscal_year,
    normalize_report_number,
    parse_date,
    parse_target_date,
    to_int,
    visit_end,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("OIG-22-31", "OIG-22-31"),
        ("OIG 17-43-MA", "OIG-17-43-MA"),
        ("OIG-24-3", "OIG-24-03"),
        ("report OIG\u201118\u201167 says", "OIG-18-67"),
        ("no number here", None),
    ],
)
def test_report_numbers(text: str, number: str | None) -> None:
    assert normalize_report_number(text) == number


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("September 28, 2022", date(2022, 9, 28)),
        ("03/16/2022", date(2022, 3, 16)),
        ("Sept. 8, 2021", date(2021, 9, 8)),
        ("March 6, 20 17", date(2017, 3, 6)),
        ("2024-01-05", date(2024, 1, 5)),
        ("no date", None),
    ],
)
def test_dates(text: str, day: date | None) -> None:
    assert parse_date(text) == day


def test_month_only_target_date_means_the_end_of_the_month() -> None:
    assert parse_target_date("ECD: February 2024") == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("word", "value"),
    [("133", 133), ("1,204", 1204), ("five", 5), ("twenty-one", 21), ("fifty", 50), ("many", None)],
)
def test_numbers_in_words(word: str, value: int | None) -> None:
    assert to_int(word) == value


def test_fiscal_year_starts_in_october() -> None:
    assert (fiscal_year(date(2022, 9, 30)), fiscal_year(date(2022, 10, 1))) == (2022, 2023)


def test_visit_dates() -> None:
    assert visit_end("From February 1 to 3, 2022, we inspected") == date(2022, 2, 3)
    assert visit_end("between November 29 and December 2, 2021") == date(2021, 12, 2)


@given(
    st.sampled_from(["resolved", "unresolved"]),
    st.sampled_from(["open", "closed"]),
    st.sampled_from([" and ", ", ", " / "]),
    st.booleans(),
)
def test_status_in_either_word_order(
    resolution: str, implementation: str, joiner: str, flipped: bool
) -> None:
    words = [implementation, resolution] if flipped else [resolution, implementation]
    assert status_from(f"this recommendation is {joiner.join(words)}") == Status(
        resolution, implementation
    )


def test_closed_at_issuance_is_resolved_and_closed() -> None:
    assert status_from("closed at issuance") == Status("resolved", "closed")


def test_ranges_and_lists_of_numbers() -> None:
    assert expand_numbers("1 through 4") == [1, 2, 3, 4]
    assert expand_numbers("1, 2, and 5") == [1, 2, 5]


def test_memo_statuses_per_group() -> None:
    text = (
        "We consider recommendations 1 through 3 resolved and open, and "
        "recommendation 4 unresolved and open."
    )
    found = numbered_statuses(text, [1, 2, 3, 4])
    assert found[3] == Status("resolved", "open") and found[4] == Status("unresolved", "open")


def test_counted_forms() -> None:
    counted = counted_statuses("We consider three resolved and closed, two resolved and open.")
    assert counted == [(3, Status("resolved", "closed")), (2, Status("resolved", "open"))]


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("Concur", "concur"),
        ("Non-concur", "non_concur"),
        ("did not concur", "non_concur"),
        ("partially concurred", "partial"),
    ],
)
def test_concurrence_words(word: str, value: str) -> None:
    assert concurrence_word(word) == value


def test_facility_place_splits_into_name_city_state() -> None:
    assert split_place("Torrance County Detention Facility, Estancia, NM") == (
        "Torrance County Detention Facility",
        "Estancia",
        "NM",
    )
    assert split_place("Theo Lacy Facility") == ("Theo Lacy Facility", None, None)
