"""Staffing stated across several sentences of an OIG report: one observation, checked, dated by
what it describes (the inspection, or the passage's own "as of"), never by publication."""

from __future__ import annotations

from datetime import date

import pytest

from scrapers import dhs_oig
from scrapers._base import Page, StaffingRecord
from scrapers.dhs_oig.staffing import extract_staffing
from scrapers.dhs_oig.staffing_dates import passage_period, report_period
from scrapers.dhs_oig.text import ReportText
from tests.conftest import corpus_file
from tests.sources.oig_pdfs import report_pdf

VISIT = "From February 1 to 3, 2022, we conducted an unannounced inspection of the facility."


def _one(*pages: str) -> StaffingRecord:
    (observation,) = extract_staffing(ReportText([VISIT, *pages]), published=date(2022, 6, 14))
    return observation


def _figures(o: StaffingRecord) -> tuple:
    return (o.required, o.filled, o.vacancies, o.pct_filled_reported, o.pct_filled, o.arithmetic_ok)


def test_three_sentences_make_one_checked_observation() -> None:
    observation = _one(
        "The facility was required to maintain 160 positions. However, only 98 were filled, "
        "leaving 62 vacancies. The facility was staffed at 61 percent of its required level."
    )
    assert _figures(observation) == (160, 98, 62, 61.0, 61.2, True)
    assert "required to maintain 160 positions" in (observation.quote or "")
    assert "61 percent" in (observation.quote or "")


@pytest.mark.parametrize(
    "passage",
    [
        "The contract requires the facility to maintain 160 staff positions. Only 98 positions "
        "were filled. This left 62 vacancies, or 61 percent of required staffing.",
        "The facility was required to maintain 160 positions, but only 98 were filled, leaving "
        "62 vacancies (61 percent).",
        "ICE requires 160 positions at the facility. Only 98 were filled. There were 62 "
        "vacancies; the facility was 61 percent staffed.",
    ],
)
def test_other_wordings_of_the_same_figures(passage: str) -> None:
    assert _figures(_one(passage)) == (160, 98, 62, 61.0, 61.2, True)


def test_bare_percentage_read_as_vacancy_rate_when_the_counts_say_so() -> None:
    observation = _one(
        "The facility was required to maintain 160 positions, but only 98 were filled, leaving "
        "62 vacancies (39 percent)."
    )
    assert (observation.pct_vacant_reported, observation.pct_filled_reported) == (39.0, None)
    assert observation.arithmetic_ok is True


@pytest.mark.parametrize(
    "passage",
    [
        "The facility was required to maintain 160 positions, but only 98 were filled, leaving "
        "62 vacancies (45 percent).",
        "The facility was required to maintain 160 positions. Only 98 were filled, leaving 60 "
        "vacancies.",
        "The facility was required to maintain 160 positions. Only 98 were filled. It was "
        "staffed at 75 percent of its required level.",
    ],
)
def test_figures_that_disagree_fail_the_check(passage: str) -> None:
    observation = _one(passage)
    assert observation.arithmetic_ok is False
    assert (observation.required, observation.filled) == (160, 98)  # kept as reported


def test_observation_dated_by_the_inspection_not_the_publication() -> None:
    observation = _one("Only 98 of the 160 required positions were filled.")
    assert (observation.observed_on, observation.observed_until) == (
        date(2022, 2, 1),
        date(2022, 2, 3),
    )
    assert observation.observed_precision == "day"


def test_a_passage_that_dates_its_own_figure_keeps_that_date() -> None:
    observation = _one("As of January 2022, only 98 of the 160 required positions were filled.")
    assert (
        observation.observed_on,
        observation.observed_until,
        observation.observed_precision,
    ) == (
        date(2022, 1, 1),
        None,
        "month",
    )


def test_a_post_ratio_is_not_a_required_head_count() -> None:
    text = ReportText(["The facility is required to keep 2 officers in each housing unit, "
                       "but only 98 of 160 positions were filled."])  # fmt: skip
    (observation,) = extract_staffing(text)
    assert (observation.required, observation.filled) == (160, 98)


def test_contract_history_dates_do_not_date_the_figure() -> None:
    sentences = ["Under the agreement signed in May 2019, the facility must keep 160 positions."]
    assert passage_period(sentences) is None


def test_no_inspection_dates_means_no_observed_date() -> None:
    (observation,) = extract_staffing(
        ReportText(["June 14, 2022", "Only 98 of the 160 required positions were filled."]),
        published=date(2022, 6, 14),
    )
    assert observation.observed_on is None  # never the publication date


def test_report_pdf_end_to_end() -> None:
    content = report_pdf("report-staffing-passage")
    records = dhs_oig.parse(Page(url="https://www.oig.dhs.gov/x/OIG-22-58.pdf", content=content))
    staffing = [r for r in records if r.kind == "staffing"]
    overall = next(s for s in staffing if isinstance(s, StaffingRecord) and s.role_group == "all")
    medical = next(
        s for s in staffing if isinstance(s, StaffingRecord) and s.role_group == "medical"
    )
    assert _figures(overall) == (160, 98, 62, 61.0, 61.2, True)
    assert (overall.observed_on, overall.observed_until) == (date(2022, 2, 1), date(2022, 2, 3))
    assert overall.as_of_date == date(2022, 2, 3)
    assert (medical.required, medical.filled, medical.vacancies, medical.arithmetic_ok) == (
        20,
        11,
        9,
        True,
    )
    assert (medical.observed_on, medical.observed_precision) == (date(2022, 1, 1), "month")
    assert len(staffing) == 2


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "published", "expected"),
    [
        # Two text columns interleaved "Between August and ... November 2020, we conducted a
        # ... remote inspection": no date is read, and the cover date next to "During our
        # unannounced inspection" is never taken for it.
        ("oig-21-30-la-palma-eloy-highlights.excerpt.txt", date(2021, 3, 30), None),
        ("oig-17-43-ma-theo-lacy-management-alert.excerpt.txt", date(2017, 3, 6),
         (date(2016, 11, 16), None, "day")),
    ],
)  # fmt: skip
def test_inspection_dates_of_real_reports(name: str, published: date, expected: object) -> None:
    text = " ".join(corpus_file(name).read_text(encoding="utf-8").split())
    assert report_period(text, published) == expected
