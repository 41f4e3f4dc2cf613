"""A small fact builder so each rule test states exactly the data it needs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlmodel import Session

from monitor.db import get_engine
from monitor.models import (
    DeathRecord,
    Document,
    DocumentFacility,
    Facility,
    FacilityStatSnapshot,
    Finding,
    Inspection,
    Recommendation,
    RecommendationStatusEvent,
    Source,
    StaffingObservation,
    StatRelease,
)
from scrapers._staffing_math import check_staffing


class Builder:
    """Creates rows with sensible defaults; every method flushes and returns the row."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._source: Source | None = None
        self._n = 0

    def _add(self, row: Any) -> Any:
        self.session.add(row)
        self.session.flush()
        return row

    def _next(self) -> int:
        self._n += 1
        return self._n

    def source(self) -> Source:
        if self._source is None:
            self._source = self._add(
                Source(key="test", name="Test source", url="https://example.test")
            )
        return self._source

    def facility(
        self, name: str = "Torrance County Detention Facility", state: str = "NM", aor: str = "ELP"
    ) -> Facility:
        slug = name.lower().replace(" ", "-")
        return self._add(Facility(slug=slug, name=name, state=state, aor=aor, city="Estancia"))

    def document(
        self,
        published: date,
        *,
        facilities: Sequence[Facility] = (),
        report_number: str | None = None,
        report_type: str | None = None,
        title: str = "A report",
        review: str = "accepted",
    ) -> Document:
        doc = self._add(
            Document(
                source_id=self.source().id,
                external_id=f"doc-{self._next()}",
                kind="report",
                title=title,
                published_date=published,
                report_number=report_number,
                report_type=report_type,
                review_status=review,
            )
        )
        for facility in facilities:
            self._add(DocumentFacility(document_id=doc.id, facility_id=facility.id))
        return doc

    def recommendation(
        self,
        doc: Document,
        number: int = 1,
        text: str = "Improve records.",
        facility: Facility | None = None,
    ) -> Recommendation:
        return self._add(
            Recommendation(
                document_id=doc.id,
                number=number,
                text=text,
                facility_id=facility.id if facility else None,
            )
        )

    def status(self, rec: Recommendation, observed: date, **axes: Any) -> RecommendationStatusEvent:
        return self._add(
            RecommendationStatusEvent(recommendation_id=rec.id, observed_date=observed, **axes)
        )

    def inspection(self, facility: Facility, end: date, **fields: Any) -> Inspection:
        fields.setdefault("inspector", "ODO")
        return self._add(Inspection(facility_id=facility.id, end_date=end, **fields))

    def finding(
        self,
        facility: Facility,
        category: str,
        found: date,
        *,
        doc: Document | None = None,
        inspection: Inspection | None = None,
        **fields: Any,
    ) -> Finding:
        doc = doc or self.document(found)
        fields.setdefault("result", "deficient")
        return self._add(
            Finding(
                document_id=doc.id,
                facility_id=facility.id,
                category=category,
                raw_label=fields.pop("raw_label", category.lower()),
                found_date=found,
                inspection_id=inspection.id if inspection else None,
                **fields,
            )
        )

    def staffing(
        self, facility: Facility, as_of: date, pct: float | None, role: str = "all", **fields: Any
    ) -> StaffingObservation:
        doc = fields.pop("doc", None) or self.document(as_of)
        if pct is None:  # as ingest does: the one computation from whatever was reported
            figures = (
                "required",
                "filled",
                "vacancies",
                "pct_filled_reported",
                "pct_vacant_reported",
            )
            pct = check_staffing(**{k: v for k, v in fields.items() if k in figures}).pct_filled
        return self._add(
            StaffingObservation(
                facility_id=facility.id,
                document_id=doc.id,
                as_of_date=as_of,
                role_group=role,
                pct_filled=pct,
                **fields,
            )
        )

    def release(self, label: str, released: date) -> StatRelease:
        return self._add(
            StatRelease(
                label=label, release_date=released, file_name=f"{label}.xlsx", sha256=f"sha-{label}"
            )
        )

    def snapshot(
        self, facility: Facility, release: StatRelease, **fields: Any
    ) -> FacilityStatSnapshot:
        return self._add(
            FacilityStatSnapshot(
                facility_id=facility.id,
                release_id=release.id,
                raw_name=facility.name.upper(),
                **fields,
            )
        )

    def death(
        self, facility: Facility, name: str, died: date, report: date | None = None
    ) -> DeathRecord:
        return self._add(
            DeathRecord(
                facility_id=facility.id,
                person_name=name,
                date_of_death=died,
                death_report_date=report,
            )
        )


@pytest.fixture
def db(db_app: Flask) -> Iterator[Session]:
    """A session on each backend, committed by the test when it wants to."""
    with db_app.app_context(), Session(get_engine(db_app), expire_on_commit=False) as session:
        yield session


@pytest.fixture
def build(db: Session) -> Builder:
    return Builder(db)
