"""Two dates on every fact: the date it describes, apart from its document's publication."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlmodel import select

from monitor.db import session_scope
from monitor.models import Alert, Facility, StaffingObservation
from monitor.packets import PacketRequest, plan_packet
from monitor.queries.timeline_stats import staffing_series
from scrapers._described_dates import described_period

SLUG = "torrance-county-detention-facility"
SEPT_30 = date(2022, 9, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a 54% staff vacancy rate ... in January.",
            (date(2022, 1, 1), date(2022, 1, 31), "month"),
        ),
        ("From February 1 to 3, 2022, we inspected", (date(2022, 2, 1), date(2022, 2, 3), "day")),
        ("as of July 1, 2022.", (date(2022, 7, 1), date(2022, 7, 1), "day")),
        ("September 29, 2020, to October 1, 2020", (date(2020, 9, 29), date(2020, 10, 1), "day")),
        ("during the period of July 2021", (date(2021, 7, 1), date(2021, 7, 31), "month")),
        ("in November 2016 raised concerns", (date(2016, 11, 1), date(2016, 11, 30), "month")),
        ("in 2021 the facility", (date(2021, 1, 1), date(2021, 12, 31), "year")),
        ("February 30, 2022 is no day", (None, None, None)),
        ("Staffing remains low.", (None, None, None)),
    ],
)
def test_described_period_reads_what_the_text_states(text: str, expected: tuple) -> None:
    assert described_period(text, published=SEPT_30) == expected


def test_a_month_without_its_year_needs_the_publication_date() -> None:
    assert described_period("in January") == (None, None, None)
    assert described_period("in October", published=SEPT_30)[0] == date(2021, 10, 1)


def _torrance(demo_app: Flask) -> tuple[int, list[StaffingObservation]]:
    with session_scope(demo_app) as session:
        facility = session.exec(select(Facility).where(Facility.slug == SLUG)).one()
        rows = session.exec(
            select(StaffingObservation).where(StaffingObservation.facility_id == facility.id)
        ).all()
        return facility.id or 0, list(rows)


def test_the_ngo_press_release_figure_is_dated_january_and_linked_to_oig(demo_app: Flask) -> None:
    facility_id, rows = _torrance(demo_app)
    (ngo,) = [r for r in rows if r.pct_vacant_reported == 54]
    assert (ngo.observed_on, ngo.observed_until, ngo.observed_precision) == (
        date(2022, 1, 1), date(2022, 1, 31), "month",
    )  # fmt: skip
    original = next(r for r in rows if r.id == ngo.repeats_id)
    assert original.pct_filled == pytest.approx(54.3, abs=0.1)  # OIG's 133 of 245
    with session_scope(demo_app) as session:
        series = staffing_series(session=session, facility_id=facility_id)
        alerts = session.exec(select(Alert.subject)).all()
    # No fall from 54% to 46% that never happened, and no alert dated at the release.
    assert all(round(p.pct_filled) != 46 for p in series)
    assert not any("46%" in subject or "2022-09-30" in subject for subject in alerts)


def test_the_timeline_shows_described_dates_and_never_undated(demo_app: Flask) -> None:
    client = demo_app.test_client()
    page = client.get(f"/facilities/{SLUG}").get_data(as_text=True)
    assert "Undated" not in page
    # The timeline shows 25 items a page: look at the kinds in question.
    staffing = client.get(f"/facilities/{SLUG}?kind=staffing").get_data(as_text=True)
    assert '2022-01</time> <span class="published">(published <time' in staffing
    # The July 2021 contract inspection reads as July 2021, not as a dateless item.
    inspections = client.get(f"/facilities/{SLUG}?kind=inspection").get_data(as_text=True)
    assert '<time datetime="2021-07-31">2021-07</time>' in inspections


def test_api_gives_both_dates(demo_app: Flask) -> None:
    body = demo_app.test_client().get(f"/api/facilities/{SLUG}/timeline?kind=staffing").get_json()
    items = body["items"] if isinstance(body, dict) else body
    ngo = next(i for i in items if i["described_precision"] == "month")
    assert ngo["date"] == "2022-01-31" and ngo["published_date"] == "2022-09-30"
    assert ngo["date_label"] == "2022-01" and ngo["date_stated"] is True


def test_packet_exhibits_follow_the_dates_they_describe(demo_app: Flask) -> None:
    with session_scope(demo_app) as session:
        plan = plan_packet(session=session, request=PacketRequest(facility=SLUG))
        order = [e.document.title for e in plan.exhibits]
    odo = [t for t in order if t.startswith("ODO compliance inspection")]
    assert odo == [
        "ODO compliance inspection, Torrance County Detention Facility, July 27-30, 2020",
        "ODO compliance inspection, Torrance County Detention Facility, November 16-18, 2021",
        "ODO compliance inspection, Torrance County Detention Facility, October 25-27, 2022",
        "ODO compliance inspection, Torrance County Detention Facility, February 29, 2024",
        "ODO compliance inspection, Torrance County Detention Facility, October 24, 2024",
    ]
    assert not any(f.date_label == "date not stated" for f in plan.facts)
