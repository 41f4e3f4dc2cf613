"""Dates and numbers read the same as Babel writes them, fast paths included."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

from monitor import i18n


@pytest.mark.parametrize("day", [date(2022, 3, 16), date(1999, 12, 31), date(2026, 1, 5)])
def test_dates_per_language(day: date) -> None:
    assert i18n.day(day, "en") == format_date(day, "yyyy-MM-dd", locale="en") == day.isoformat()
    assert i18n.day(day, "es") == format_date(day, "d MMM y", locale="es")
    assert i18n.day(datetime(2022, 3, 16, 23, 59), "es-MX") == "16 mar 2022"


@pytest.mark.parametrize("value", [0, 7, 1724, 100_000, -2500, 12.5, 1234.567])
def test_numbers_per_language(value: float) -> None:
    assert i18n.number(value, "en") == format_decimal(value, locale="en")
    assert i18n.number(value, "es") == format_decimal(value, locale="es")


def test_english_and_spanish_numbers_differ_where_readers_expect() -> None:
    assert (i18n.number(1724, "en"), i18n.number(1234.5, "es")) == ("1,724", "1.234,5")
    assert i18n.number(None, "en") == "" and i18n.day(None, "es") == ""
