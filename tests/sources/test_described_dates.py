"""The described-date helper: what period a sentence says a fact describes, with precision."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers._described_dates import (
    DescribedDate,
    anchored_date,
    described_date,
    described_dates,
    find_described_dates,
)

D = DescribedDate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in January 2022", D(date(2022, 1, 1), None, "month")),
        ("during our February 1-3, 2022 inspection", D(date(2022, 2, 1), date(2022, 2, 3), "day")),
        ("as of March 2021", D(date(2021, 3, 1), None, "month")),
        ("as of July 1, 2022", D(date(2022, 7, 1), None, "day")),
        ("From February 1 to 3, 2022, we inspected", D(date(2022, 2, 1), date(2022, 2, 3), "day")),
        ("Feb. 1\u20133, 2022", D(date(2022, 2, 1), date(2022, 2, 3), "day")),
        ("Sept. 29 - Oct. 1, 2020", D(date(2020, 9, 29), date(2020, 10, 1), "day")),
        ("January 30 through February 2, 2022", D(date(2022, 1, 30), date(2022, 2, 2), "day")),
        ("December 30 - January 2, 2022", D(date(2021, 12, 30), date(2022, 1, 2), "day")),
        ("December 30, 2021, to January 2, 2022", D(date(2021, 12, 30), date(2022, 1, 2), "day")),
        ("between December 2020 and March 2021", D(date(2020, 12, 1), date(2021, 3, 1), "month")),
        ("from January to March 2022", D(date(2022, 1, 1), date(2022, 3, 1), "month")),
        ("A November 16, 2016 unannounced inspection", D(date(2016, 11, 16), None, "day")),
        ("on 10/1/2020", D(date(2020, 10, 1), None, "day")),
        ("in fiscal year 2021", D(date(2020, 10, 1), date(2021, 9, 30), "day")),
        ("during FY22", D(date(2021, 10, 1), date(2022, 9, 30), "day")),
        ("in 2021", D(date(2021, 1, 1), None, "year")),
        ("the 21st of nothing", None),
        ("February 30, 2022", None),
        ("February 3-1, 2022", None),
        ("Oct. 28-20, 2022", None),
        ("13/1/2022", None),
        ("160 positions in 12 units, 2022 report", None),
        ("in 1066", None),
    ],
)
def test_examples(text: str, expected: DescribedDate | None) -> None:
    assert described_date(text) == expected


def test_every_date_in_order_with_its_span() -> None:
    text = "As of January 2022, 98 were filled; during our February 1-3, 2022 inspection, 97."
    found = find_described_dates(text)
    assert [f.when.precision for f in found] == ["month", "day"]
    assert [text[f.start : f.end] for f in found] == ["January 2022", "February 1-3, 2022"]
    assert described_dates(text) == [f.when for f in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("As of January 2022, only 98 were filled.", D(date(2022, 1, 1), None, "month")),
        ("during our February 1-3, 2022 inspection", D(date(2022, 2, 1), date(2022, 2, 3), "day")),
        ("59 positions vacant as of July 1, 2022", D(date(2022, 7, 1), None, "day")),
        ("The contract signed May 1, 2019 requires 160 positions.", None),
        ("The 2019 contract requires 160 positions.", None),
    ],
)
def test_anchored_date_is_the_time_of_the_fact(
    sentence: str, expected: DescribedDate | None
) -> None:
    assert anchored_date(sentence) == expected


_DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))


def _long(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.day}, {day.year}"


@given(_DAYS, st.sampled_from(["", "as of ", "during our ", "on "]))
def test_any_written_day_reads_back(day: date, lead: str) -> None:
    assert described_date(f"{lead}{_long(day)} we counted") == D(day, None, "day")


@given(_DAYS, st.integers(min_value=1, max_value=40), st.sampled_from(["-", " to ", " through ", "\u2013"]))  # fmt: skip
def test_any_range_reads_back_as_a_day_period(first: date, length: int, dash: str) -> None:
    last = first + timedelta(days=length)
    if last.year > 2099:
        return
    if (first.year, first.month) == (last.year, last.month):
        text = f"{calendar.month_name[first.month]} {first.day}{dash}{last.day}, {last.year}"
    else:
        text = f"{calendar.month_name[first.month]} {first.day}, {first.year}{dash}{_long(last)}"
    assert described_date(text) == D(first, last, "day")


@given(_DAYS, st.booleans())
def test_any_month_reads_back_at_month_precision(day: date, short: bool) -> None:
    month = calendar.month_abbr[day.month] + "." if short else calendar.month_name[day.month]
    assert described_date(f"in {month} {day.year}") == D(day.replace(day=1), None, "month")


@given(st.text(max_size=300))
def test_any_text_gives_valid_ordered_periods(text: str) -> None:
    for found in described_dates(text):
        assert found.precision in ("day", "month", "year")
        assert found.end is None or found.end > found.start


def test_hostile_text_is_bounded() -> None:
    """Work is bounded by the input cap, not by the input: text past MAX_TEXT is never read
    (time is measured by `make bench`, never asserted in tests)."""
    from scrapers._described_dates import MAX_TEXT

    filler = "February 1-" * (MAX_TEXT // 11 + 1)
    assert described_dates(filler + " in January 2022") == described_dates(filler)
    assert described_dates("in January 2022 " + filler)
