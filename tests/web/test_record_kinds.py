"""Adding a record kind: the documented five-file path exists, and one registry entry is enough.

The second half registers a throwaway "court filing" kind (through the registry only, with
monkeypatch), writes a court filing the way a source's records are written, and checks that
the facility page, the API, the OpenAPI document, the glossary and the search facets all
show it. No other file is edited, so a kind that needs one more file fails here.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import Session

from monitor.capture.sources import ensure_source
from monitor.capture.store import capture_bytes
from monitor.db import get_settings, session_scope
from monitor.facilities.registry import add_alias
from monitor.ingest.writers import WriteContext, write_records
from monitor.models import DocumentFacility
from monitor.queries.search import search
from monitor.queries.timeline import TimelineFilter, facility_timeline
from monitor.queries.timeline_index import PART_KINDS
from monitor.record_kinds import RECORD_KINDS, BadRecordKind, RecordKind, document_kind_sql
from scrapers._base import DocumentRecord
from tests.web.builder import Built
from tests.web.builder_rows import document

ROOT = Path(__file__).resolve().parents[2]
# The path of docs/DEVELOPING.md, in order; <source> is any existing source (ngo is the example).
RECORD_KIND_FILES = [
    "monitor/record_kinds.py",
    "scrapers/<source>.py",
    "tests/sources/test_<source>.py",
    "translations/es/LC_MESSAGES/messages.po",
    "translations/es/LC_MESSAGES/messages.mo",
]
SLUG = "torrance-county-detention-facility"
TORRANCE = "Torrance County Detention Facility"
COURT_FILING = RecordKind(
    code="court_filing",
    label="Lawsuit filing",  # not the code in words, so only the registry can supply it
    explain="A paper filed in a lawsuit about the facility: claims, not findings.",
    document_kinds=("court_filing",),
)


def _documented_files() -> list[str]:
    """The numbered files of DEVELOPING.md's "Adding a record kind" section, in order."""
    text = (ROOT / "docs" / "DEVELOPING.md").read_text(encoding="utf-8")
    section = text.split("## Adding a record kind", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\d+\. `([^`]+)`", section, re.M)


def test_the_documented_path_is_at_most_five_files_that_exist() -> None:
    assert _documented_files() == RECORD_KIND_FILES
    assert len(RECORD_KIND_FILES) <= 5
    missing = [p for p in RECORD_KIND_FILES if not (ROOT / p.replace("<source>", "ngo")).exists()]
    assert missing == []


def test_every_kind_with_its_own_rows_has_a_part_of_the_timeline_query() -> None:
    own = [k.code for k in RECORD_KINDS.values() if k.own_rows]
    assert sorted(own) == sorted({k for k in PART_KINDS if k})


def test_a_kind_with_a_code_sql_cannot_hold_is_refused() -> None:
    with pytest.raises(BadRecordKind, match="not a lower-case code"):
        RecordKind(code="court'filing", label="x", explain="y.")
    with pytest.raises(BadRecordKind, match="own rows"):
        RecordKind(code="letter", label="x", explain="y.", own_rows=True, document_kinds=("a",))


def test_documents_are_classified_by_exact_values_not_by_substrings() -> None:
    case = document_kind_sql("k", "t")
    assert "LIKE" not in case
    assert case == (
        "CASE WHEN t IN ('management_alert') THEN 'management_alert' "
        "WHEN k IN ('ngo') THEN 'ngo' ELSE 'report' END"
    )


def test_a_report_whose_type_merely_contains_ngo_stays_a_report(
    built_db: tuple[Flask, Built],
) -> None:
    app, built = built_db
    with session_scope(app) as session:
        source = ensure_source(session=session, key="oig")
        ongoing = document(session, source, "OIG-23-01", "Ongoing review", ["text"],
                           kind="report", report_type="ongoing_review")  # fmt: skip
        _link(session, ongoing.id, built.ids["facility"])
    with session_scope(app) as session:
        items = facility_timeline(session=session, facility_id=built.ids["facility"])
    assert {i.kind for i in items if i.document_id == ongoing.id} == {"report"}


def _link(session: Session, document_id: int | None, facility_id: int) -> None:
    session.add(DocumentFacility(document_id=document_id or 0, facility_id=facility_id))


def _write_court_filing(app: Flask, facility_id: int) -> None:
    """A court filing written as any source's records are: captured bytes, then a record."""
    settings = get_settings(app)
    with session_scope(app) as session:
        # The registry's own alias, as the facility import records it, so the name matches.
        add_alias(session=session, facility_id=facility_id, alias=TORRANCE)
        captured = capture_bytes(
            session=session, settings=settings, source_key="ngo", content=b"petition",
            url="https://example.org/habeas.pdf", external_id="habeas-2023",
            kind="court_filing", title="Petition for habeas corpus",
        )  # fmt: skip
        ctx = WriteContext(session=session, settings=settings,
                           source=ensure_source(session=session, key="ngo"),
                           document=captured.document, version=captured.version)  # fmt: skip
        record = DocumentRecord(
            external_id="habeas-2023", title="Petition for habeas corpus at Torrance",
            published_date=date(2023, 6, 1), doc_kind="court_filing",
            facility_names=[TORRANCE],
        )  # fmt: skip
        write_records(ctx, [record])


@pytest.fixture
def with_court_filing(
    built_db: tuple[Flask, Built], monkeypatch: pytest.MonkeyPatch
) -> tuple[Flask, Built]:
    app, built = built_db
    monkeypatch.setitem(RECORD_KINDS, COURT_FILING.code, COURT_FILING)
    _write_court_filing(app, built.ids["facility"])
    return app, built


def test_unregistered_kind_is_refused(built_db: tuple[Flask, Built]) -> None:
    app, _ = built_db
    response = app.test_client().get(f"/api/facilities/{SLUG}/timeline?kind=court_filing")
    assert response.status_code == 400 and "court_filing" in response.get_json()["error"]["message"]


def test_a_registered_kind_is_on_the_timeline_and_its_filter(
    with_court_filing: tuple[Flask, Built],
) -> None:
    app, built = with_court_filing
    with session_scope(app) as session:
        only = TimelineFilter(kinds=frozenset({"court_filing"}))
        items = facility_timeline(session=session, facility_id=built.ids["facility"], filters=only)
    assert [(i.kind, i.title) for i in items] == [
        ("court_filing", "Petition for habeas corpus at Torrance")
    ]
    page = app.test_client().get(f"/facilities/{SLUG}?kind=court_filing").get_data(as_text=True)
    assert f'href="/facilities/{SLUG}?kind=court_filing"' in page
    assert 'value="court_filing"' in page and "Lawsuit filing" in page
    assert "Petition for habeas corpus at Torrance" in page


def test_a_registered_kind_is_in_the_api_and_its_openapi_enum(
    with_court_filing: tuple[Flask, Built],
) -> None:
    app, _ = with_court_filing
    client = app.test_client()
    body = client.get(f"/api/facilities/{SLUG}/timeline?kind=court_filing").get_json()
    assert [i["kind"] for i in body["items"]] == ["court_filing"]
    spec = client.get("/api/openapi.json").get_json()
    params = spec["paths"]["/api/facilities/{slug}/timeline"]["get"]["parameters"]
    kind = next(p for p in params if p["name"] == "kind")
    assert "court_filing" in kind["schema"]["enum"]
    assert "`court_filing`: Lawsuit filing" in kind["description"]


def test_a_registered_kind_is_in_the_glossary_and_the_search_facets(
    with_court_filing: tuple[Flask, Built],
) -> None:
    app, _ = with_court_filing
    glossary = app.test_client().get("/glossary").get_data(as_text=True)
    assert "Lawsuit filing" in glossary and COURT_FILING.explain.replace("'", "&#39;") in glossary
    with session_scope(app) as session:
        found = search(session=session, query="habeas")
    assert [(f.key, f.label, f.count) for f in found.kinds] == [
        ("court_filing", "Lawsuit filing", 1)
    ]
    page = app.test_client().get("/search?q=habeas").get_data(as_text=True)
    assert "Lawsuit filing" in page
