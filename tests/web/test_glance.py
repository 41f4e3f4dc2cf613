"""The facility at a glance: the few facts that say what is wrong now, above a timeline that
groups by year, filters by kind and leaves active alerts to their own panel."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from monitor.db import session_scope
from monitor.facilities.glance import facility_glance
from monitor.queries.common import today_utc
from tests.web.builder import Built

SLUG = "torrance-county-detention-facility"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _glance(client: FlaskClient, query: str = "") -> tuple[str, str]:
    html = client.get(f"/facilities/{SLUG}{query}").get_data(as_text=True)
    glance = html[html.index('id="h-glance"') : html.index('id="h-facts"')]
    return _text(glance), html[html.index('id="h-timeline"') :]


def test_open_recommendations_oldest_and_non_concurrence(client: FlaskClient, built: Built) -> None:
    glance, _ = _glance(client)
    days = f"{(today_utc() - date(2022, 3, 16)).days:,}"
    assert "Open recommendations 2 " in glance
    assert f"Oldest: OIG-22-31, recommendation 1 , open {days} days (since 2022-03-16)" in glance
    assert "ICE did not agree with 1 of them" in glance


def test_latest_inspection_staffing_beds_and_deaths(client: FlaskClient, built: Built) -> None:
    glance, _ = _glance(client)
    assert "ODO , 2021-11-18: rated Superior , 21 deficiencies" in glance
    assert "54% of required positions filled (all staff) (133 of 245), as of 2022-02-01" in glance
    assert "guarantees payment for 505 beds ; it held 250 people a day" in glance
    assert "(50% of the guarantee)" in glance
    waited = f"{(today_utc() - date(2022, 8, 15)).days:,}"
    assert f"Kesley Vial , died 2022-08-15: no death report after {waited} days" in glance


def test_alerts_are_a_panel_in_words_not_timeline_items(client: FlaskClient, built: Built) -> None:
    glance, timeline = _glance(client)
    assert "Active alerts (1) Critical ICE disagreed and it is still open :" in glance
    assert 'class="item kind-alert"' not in timeline
    _, asked = _glance(client, "?kind=alert")  # still reachable when asked for by name
    assert 'class="item kind-alert"' in asked


def test_timeline_groups_by_year_newest_first(client: FlaskClient, built: Built) -> None:
    _, timeline = _glance(client)
    years = re.findall(r'<h3 class="year-heading" id="year-(\w+)">', timeline)
    dated = [int(y) for y in years if y.isdigit()]
    assert dated == sorted(dated, reverse=True) and len(dated) == len(set(dated)) >= 2
    assert "2022" in years


def test_kind_links_filter_the_timeline(client: FlaskClient, built: Built) -> None:
    _, timeline = _glance(client)
    assert f'href="/facilities/{SLUG}?kind=death"' in timeline
    _, deaths = _glance(client, "?kind=death")
    assert deaths.count('class="item kind-') == deaths.count('class="item kind-death"') == 1
    assert 'aria-current="true">Death in custody</a>' in deaths


def test_glance_query_on_every_backend(built_db: tuple[Flask, Built]) -> None:
    app, built = built_db
    with session_scope(app) as session:
        fid = built.ids["facility"]
        g = facility_glance(session=session, facility_id=fid, slug=SLUG)
    assert (g.recommendations.count, g.recommendations.non_concur) == (2, 1)
    assert g.recommendations.oldest is not None and g.recommendations.oldest.number == 1
    assert g.recommendations.oldest.report_number == "OIG-22-31"
    assert g.staffing is not None and round(g.staffing.pct_filled or 0) == 54
    assert [i.inspector for i in g.inspections] == ["ODO"]
    assert [a.rule for a in g.alerts] == ["NON_CONCUR_OPEN"]
