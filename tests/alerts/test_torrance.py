"""Acceptance: on the demo data as of 2026-11-25, Torrance raises the alerts domain.md section 9 lists."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from monitor.cli import cli
from monitor.db import get_settings, session_scope
from monitor.demo import load_demo

TORRANCE = "Torrance County Detention Facility"


@pytest.fixture
def torrance_alerts(db_app: Flask) -> list[dict]:
    """What `monitor alerts evaluate --as-of 2026-11-25 --json` prints for Torrance."""
    with db_app.app_context(), session_scope(db_app) as session:
        load_demo(session, get_settings(db_app))
    result = db_app.test_cli_runner().invoke(
        cli, ["alerts", "evaluate", "--as-of", "2026-11-25", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert all(set(row) >= {"rule", "facility", "subject", "severity", "since"} for row in rows)
    return [row for row in rows if row["facility"] == TORRANCE]


def _only(rows: list[dict], rule: str) -> list[dict]:
    return [row for row in rows if row["rule"] == rule]


def test_management_alert_of_march_2022(torrance_alerts) -> None:
    [row] = _only(torrance_alerts, "MANAGEMENT_ALERT")
    assert row["since"] == "2022-03-16" and "OIG-22-31" in row["subject"]


def test_relocation_not_concurred(torrance_alerts) -> None:
    rows = _only(torrance_alerts, "NON_CONCUR_OPEN")
    assert any(
        "OIG-22-31 recommendation 1" in r["subject"] and r["severity"] == "high" for r in rows
    )


def test_staffing_critical(torrance_alerts) -> None:
    # OIG's 54% (February 2022) and the contract inspection's 50% of security posts, which
    # its letter dates to July 2021; the NGO's repeat of OIG's figure adds nothing.
    rows = _only(torrance_alerts, "STAFFING_BELOW_THRESHOLD")
    assert {row["severity"] for row in rows} == {"critical"}
    assert sorted(row["subject"] for row in rows) == [
        "All staffing at 54% of required positions (2022-02-03)",
        "Security staffing at 50% of required positions (2021-07-31)",
    ]


def test_staffing_persistent_2020_to_2022(torrance_alerts) -> None:
    [row] = _only(torrance_alerts, "STAFFING_PERSISTENT")
    assert row["since"].startswith("2022")


def test_guaranteed_minimum_cut(torrance_alerts) -> None:
    [row] = _only(torrance_alerts, "GUARANTEED_MIN_CUT")
    assert "714 to 505" in row["subject"] and "29%" in row["subject"]


def test_superior_rating_contradicted(torrance_alerts) -> None:
    rows = _only(torrance_alerts, "RATING_CONTRADICTION")
    assert any("Superior on 2021-11" in r["subject"] and "OIG-22-31" in r["subject"] for r in rows)


def test_open_age_on_what_stays_open(torrance_alerts) -> None:
    rows = _only(torrance_alerts, "OPEN_AGE")
    assert any(
        "OIG-22-31 recommendation 1" in r["subject"] and r["severity"] == "high" for r in rows
    )
