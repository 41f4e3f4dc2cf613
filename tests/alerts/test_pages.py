"""The alerts page and `monitor alerts evaluate` as people see them."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session

from monitor.cli import cli
from monitor.db import get_engine
from monitor.models import Alert, Facility


def _seed(app) -> None:
    with Session(get_engine(app)) as s:
        t = Facility(slug="torrance", name="Torrance County Detention Facility", state="NM")
        o = Facility(slug="otero", name="Otero County Processing Center", state="NM")
        s.add_all([t, o])
        s.flush()
        s.add_all(
            [
                Alert(
                    rule="STAFFING_BELOW_THRESHOLD",
                    dedup_key="a",
                    subject="All staffing at 54%",
                    severity="critical",
                    since=date(2022, 3, 16),
                    facility_id=t.id,
                ),
                Alert(
                    rule="OPEN_AGE",
                    dedup_key="b",
                    subject="open for <800> days",
                    severity="high",
                    since=date(2023, 3, 17),
                    facility_id=o.id,
                ),
                Alert(
                    rule="OPEN_AGE",
                    dedup_key="c",
                    subject="closed long ago",
                    severity="high",
                    since=date(2020, 1, 1),
                    facility_id=o.id,
                    status="resolved",
                ),
            ]
        )
        s.commit()


def test_alerts_page_lists_active_alerts_most_severe_first(app, client) -> None:
    _seed(app)
    page = client.get("/alerts").get_data(as_text=True)
    assert "2 active alerts" in page and "closed long ago" not in page
    assert page.index("All staffing at 54%") < page.index("open for &lt;800&gt; days")
    assert 'href="/facilities/torrance"' in page


def test_alerts_page_filters(app, client) -> None:
    _seed(app)
    by_rule = client.get("/alerts?rule=OPEN_AGE").get_data(as_text=True)
    assert "1 active alert." in by_rule and "54%" not in by_rule
    by_severity = client.get("/alerts?severity=critical").get_data(as_text=True)
    assert "54%" in by_severity and "&lt;800&gt;" not in by_severity
    by_facility = client.get("/alerts?facility=otero").get_data(as_text=True)
    assert "&lt;800&gt;" in by_facility and "54%" not in by_facility
    assert "No active alerts match" in client.get("/alerts?rule=NOPE").get_data(as_text=True)


def test_evaluate_command_rejects_bad_dates_and_rules(app, runner) -> None:
    bad_date = runner.invoke(cli, ["alerts", "evaluate", "--as-of", "25/11/2026"])
    assert bad_date.exit_code == 2 and "2026-11-25" in bad_date.output
    bad_rule = runner.invoke(cli, ["alerts", "evaluate", "--rule", "NOPE"])
    assert bad_rule.exit_code == 2 and "NOPE" in bad_rule.output


def test_evaluate_command_json_on_empty_database(runner) -> None:
    result = runner.invoke(cli, ["alerts", "evaluate", "--as-of", "2026-11-25", "--json"])
    assert result.exit_code == 0 and json.loads(result.output) == []
    text = runner.invoke(cli, ["alerts", "evaluate", "--as-of", "2026-11-25"])
    assert "0 active" in text.output


def test_alerts_page_is_paged(app, client) -> None:
    with Session(get_engine(app)) as s:
        s.add_all(
            [
                Alert(
                    rule="OPEN_AGE",
                    dedup_key=f"k{n}",
                    subject=f"alert number {n:03d}",
                    severity="high",
                    since=date(2023, 1, 1),
                )
                for n in range(150)
            ]
        )
        s.commit()
    first = client.get("/alerts?rule=OPEN_AGE").get_data(as_text=True)
    assert "150 active alerts. Page 1 of 2." in first and first.count("alert number") == 100
    assert (
        "/alerts?page=2&amp;rule=OPEN_AGE" in first or "/alerts?rule=OPEN_AGE&amp;page=2" in first
    )
    second = client.get("/alerts?rule=OPEN_AGE&page=2").get_data(as_text=True)
    assert second.count("alert number") == 50 and "Previous page" in second
    assert client.get("/alerts?page=99").status_code == 200
