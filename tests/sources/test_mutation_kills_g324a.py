"""Older G-324A form cases that mutation testing showed no test pinned down: the previous
review date, uncertain dates, what a standards finding says, and hyphenated column names."""

from __future__ import annotations

from datetime import date

from scrapers import ice_contract_inspections as contract
from scrapers._g324a.standards import column_meanings

from .g324a_forms import older_form
from .ice_helpers import page


def _parsed(content: bytes):  # noqa: ANN202  (the inspection and every record)
    records = contract.parse(page(content, url="https://www.ice.gov/doclib/foia/form.pdf"))
    return next(r for r in records if r.kind == "inspection"), records


def test_the_previous_review_date_is_the_last_day_of_that_review() -> None:
    inspection, _ = _parsed(older_form(previous="05/10/2018 - 05/12/2018"))
    assert inspection.previous_date == date(2018, 5, 12)
    assert inspection.date_uncertain is False


def test_a_review_without_readable_dates_is_marked_uncertain() -> None:
    inspection, _ = _parsed(older_form(dates="to be confirmed"))
    assert (inspection.start_date, inspection.end_date) == (None, None)
    assert inspection.date_uncertain is True


def test_standards_findings_quote_the_row_and_its_rating() -> None:
    _, records = _parsed(older_form())
    findings = {r.raw_label: r for r in records if r.kind == "finding"}
    assert findings["Food Service"].quote == "Food Service: Deficient"
    assert findings["Medical Care"].quote == "Medical Care: Deficient (repeat finding)"
    assert {f.result for f in findings.values()} == {"deficient"}
    assert findings["Food Service"].summary == (
        "rated Deficient in the Standards Review Summary Report"
    )


def test_hyphenated_column_names_in_the_legend_are_read() -> None:
    legend = "1. Acceptable 2. Deficient 3. At-Risk 4. Repeat Finding 5. Not Applicable"
    assert column_meanings(legend) == {
        1: "compliant", 2: "deficient", 3: "at_risk", 4: "repeat", 5: "not_applicable",
    }  # fmt: skip
