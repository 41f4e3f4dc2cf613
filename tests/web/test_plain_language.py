"""Every code the monitor stores or shows has a label and a one-sentence explanation
(monitor/data/labels.toml); a new rule, status or category without one fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import CheckConstraint

from monitor import labels
from monitor.alerts.engine import RULES
from monitor.demo.facilities_data import ALL_FACILITIES
from monitor.models import SEVERITIES, RecommendationStatusEvent, StaffingObservation
from monitor.queries.timeline import KINDS
from monitor.queries.tracker import CONCURRENCES, IMPLEMENTATIONS, RESOLUTIONS
from scrapers._taxonomy import CATEGORIES, FINDING_RESULTS
from tests.web.builder import Built

MONITOR = Path(labels.__file__).parent


def _allowed(model: type, name: str) -> list[str]:
    """The values a CHECK (... IN (...)) constraint of the table allows."""
    for c in model.__table__.constraints:  # type: ignore[attr-defined]
        if isinstance(c, CheckConstraint) and c.name == name:
            return re.findall(r"'([^']+)'", str(c.sqltext))
    raise AssertionError(f"no constraint {name}")


def _review_kinds() -> set[str]:
    """Kinds of review item created anywhere in monitor/ (by submit() or directly)."""
    kinds = set()
    for path in MONITOR.rglob("*.py"):
        text = path.read_text()
        for m in re.finditer(r"\b(?:submit|queue_for_review|ReviewItem)\(", text):
            kinds.update(re.findall(r'\bkind="(\w+)"', text[m.end() : m.end() + 500])[:1])
    return kinds


CODES: dict[str, list[str]] = {
    "rule": list(RULES),
    "category": list(CATEGORIES),
    "concurrence": list(CONCURRENCES),
    "resolution": list(RESOLUTIONS),
    "implementation": list(IMPLEMENTATIONS),
    "severity": list(SEVERITIES),
    "result": list(FINDING_RESULTS),
    "role_group": _allowed(StaffingObservation, "ck_staffing_role"),
    # ICE's "Type Detailed" values (shared/domain.md section 5) and every type the demo uses.
    "facility_type": sorted(
        {"SPC", "CDF", "IGSA", "DIGSA", "USMS IGA", "USMS CDF", "BOP", "STAGING", "STATE", "FAMILY"}
        | {f["type_detailed"] for f in ALL_FACILITIES}
    ),
    "timeline_kind": list(KINDS),
    "review_kind": sorted(_review_kinds()),
}


@pytest.mark.parametrize("kind", sorted(CODES))
def test_every_code_has_a_label_and_an_explanation(kind: str) -> None:
    assert CODES[kind], f"found no {kind} codes to check"
    assert labels.missing(kind, CODES[kind]) == []


def test_status_constraints_match_the_labelled_values() -> None:
    for column in ("concurrence", "resolution", "implementation"):
        allowed = _allowed(RecommendationStatusEvent, f"ck_status_{column}")
        assert labels.missing(column, allowed) == [], column


def test_an_unknown_code_is_reported_missing_and_shown_in_words() -> None:
    assert labels.missing("rule", ["OPEN_AGE", "NOT_A_RULE"]) == ["NOT_A_RULE"]
    assert labels.label("rule", "NOT_A_RULE") == "NOT A RULE"
    assert labels.label("rule", "OPEN_AGE") == "Open for over a year"


def test_raw_standard_names_map_to_one_edition() -> None:
    assert labels.standard_code("PBNDS 2011 - 2016 Revisions") == "PBNDS 2011"
    assert labels.standard_code("JFRMU Family") == "FAMILY"
    assert labels.standard_code("NDS") is None  # no edition named: no guess
    assert labels.label("standard", "PBNDS 2008").startswith("Performance-Based")


def test_abbreviations_are_marked_up_and_escaped() -> None:
    html = labels.mark_abbreviations("IGSA <b>& CDF</b>; AORTA stays")
    assert '<abbr title="intergovernmental service agreement">IGSA</abbr>' in html
    assert "&lt;b&gt;&amp; <abbr" in html and "AORTA stays" in html


def test_glossary_lists_every_rule_and_abbreviation(client: FlaskClient) -> None:
    html = client.get("/glossary").get_data(as_text=True)
    for code in RULES:
        assert labels.label("rule", code) in html and f'id="rule-{code}"' in html
    for abbreviation in ("IGSA", "CDF", "SPC", "DIGSA", "AOR", "ECD", "PBNDS"):
        assert f"<dt>{abbreviation} " in html or f">{abbreviation}<" in html, abbreviation


def test_pages_speak_in_words_not_codes(client: FlaskClient, built: Built) -> None:
    alerts = client.get("/alerts").get_data(as_text=True)
    assert "ICE disagreed and it is still open" in alerts
    assert ">NON_CONCUR_OPEN<" not in alerts
    home = client.get("/").get_data(as_text=True)
    assert 'href="/alerts"' in home and "ICE disagreed and it is still open" in home
    facility = client.get("/facilities/torrance-county-detention-facility").get_data(as_text=True)
    assert 'href="/alerts?facility=torrance-county-detention-facility"' in facility
    assert "Local jail under agreement" in facility and '<abbr title="intergovernmental' in facility


def test_api_descriptions_explain_the_codes(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    described = str(spec)
    assert "`non_concur`: ICE did not agree" in described
    assert "`SEGREGATION`: Segregation and restrictive housing" in described


def test_every_csv_column_has_words_in_the_glossary(client: FlaskClient) -> None:
    from monitor.web.glossary import csv_files

    for name, columns in csv_files().items():
        assert labels.unlabelled_fields(columns) == [], name
    html = client.get("/glossary").get_data(as_text=True)
    assert "<dt><code>days_overdue</code></dt><dd>Days past the target date</dd>" in html
