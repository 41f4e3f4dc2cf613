"""The document page: metadata, provenance, versions, extracted facts with page citations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from monitor.models import (
    DeathRecord,
    Document,
    DocumentFacility,
    DocumentPage,
    DocumentVersion,
    Facility,
    Finding,
    Inspection,
    Recommendation,
    Source,
    StaffingObservation,
)
from monitor.queries.common import label
from scrapers._taxonomy import CATEGORIES


@dataclass
class Fact:
    """One extracted statement, cited to a page of the document."""

    kind: str
    text: str
    page: int | None
    quote: str | None = None
    link: str | None = None  # e.g. a recommendation id for its own page
    table: str | None = None  # where the fact is stored, for the reviewers' "correct this"
    row_id: int | None = None


@dataclass
class NamedFacility:
    slug: str
    name: str
    raw_name: str | None
    role: str


@dataclass
class DocumentView:
    document: Document
    source: Source
    versions: list[DocumentVersion] = field(default_factory=list)
    facilities: list[NamedFacility] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    page_numbers: list[int] = field(default_factory=list)

    @property
    def current(self) -> DocumentVersion | None:
        """The current version (or the newest one when none is marked)."""
        for version in self.versions:
            if version.id == self.document.current_version_id:
                return version
        return self.versions[0] if self.versions else None


def public_document(*, session: Session, document_id: int) -> Document | None:
    """The document if it exists and is public and accepted."""
    doc = session.get(Document, document_id)
    if doc is None or not doc.is_public or doc.review_status != "accepted":
        return None
    return doc


def _n(value: object) -> str:
    return "?" if value is None else str(value)


def _inspection_fact(i: Inspection) -> Fact:
    text = (
        f"{i.inspector} inspection {i.start_date or ''}–{i.end_date or ''}; deficiencies "
        f"{_n(i.deficiency_count)}; rating {i.rating_raw or i.rating or 'none'}"
    )
    return Fact("inspection", text, i.page, i.quote, table="inspection", row_id=i.id)


def _staffing_fact(s: StaffingObservation) -> Fact:
    pct = f", {s.pct_filled:g}% filled" if s.pct_filled is not None else ""
    text = f"Staffing ({label(s.role_group)}): {_n(s.filled)} filled of {_n(s.required)} required"
    return Fact("staffing", text + pct, s.page, s.quote, None, "staffing_observation", s.id)


def _accepted(session: Session, model: Any, document_id: int) -> list[Any]:
    """Rows of `model` extracted from the document (accepted ones, where reviewed)."""
    query = select(model).where(model.document_id == document_id)
    if hasattr(model, "review_status"):
        query = query.where(model.review_status == "accepted")
    return list(session.exec(query))


def _facts(session: Session, document_id: int) -> list[Fact]:
    """Every fact extracted from the document, in page order."""
    recs = sorted(_accepted(session, Recommendation, document_id), key=lambda r: r.number)
    facts = [
        Fact(
            "recommendation",
            f"Recommendation {r.number}: {r.text}",
            r.page,
            r.quote,
            str(r.id),
            "recommendation",
            r.id,
        )  # fmt: skip
        for r in recs
    ]
    facts += [_inspection_fact(i) for i in _accepted(session, Inspection, document_id)]
    facts += [
        Fact(
            "finding",
            f"{label(f.result).capitalize()} ({CATEGORIES.get(f.category, f.category)}): "
            f"{f.raw_label}",
            f.page,
            f.quote,
            table="finding",
            row_id=f.id,
        )
        for f in _accepted(session, Finding, document_id)
    ]
    facts += [_staffing_fact(s) for s in _accepted(session, StaffingObservation, document_id)]
    facts += [
        Fact(
            "death",
            f"Death in custody: {d.person_name} ({d.date_of_death or 'date unknown'})",
            d.page,
            d.quote,
            table="death_record",
            row_id=d.id,
        )
        for d in _accepted(session, DeathRecord, document_id)
    ]
    return sorted(facts, key=lambda f: (f.page is None, f.page or 0))


def document_view(*, session: Session, document_id: int) -> DocumentView | None:
    """Everything the document page shows, or None for unknown or non-public documents."""
    doc = public_document(session=session, document_id=document_id)
    if doc is None:
        return None
    view = DocumentView(
        doc, session.get(Source, doc.source_id) or Source(key="?", name="?", url="")
    )
    view.versions = list(
        session.exec(
            select(DocumentVersion)
            .where(DocumentVersion.document_id == document_id)
            .where(DocumentVersion.review_status == "accepted")
            .order_by(col(DocumentVersion.fetched_at).desc())
        )
    )
    view.facilities = [
        NamedFacility(f.slug, f.name, df.raw_name, df.role)
        for df, f in session.exec(
            select(DocumentFacility, Facility)
            .join(Facility, col(Facility.id) == DocumentFacility.facility_id)
            .where(DocumentFacility.document_id == document_id)
            .order_by(Facility.name)
        )
    ]
    view.facts = _facts(session, document_id)
    if view.current is not None:
        view.page_numbers = list(
            session.exec(
                select(DocumentPage.page_number)
                .where(DocumentPage.version_id == view.current.id)
                .order_by(col(DocumentPage.page_number))
            )
        )
    return view


def page_text(
    *, session: Session, document_id: int, page_number: int
) -> tuple[Document, DocumentPage, DocumentVersion] | None:
    """One stored page of a public document's current version, with that version."""
    doc = public_document(session=session, document_id=document_id)
    version = session.get(DocumentVersion, doc.current_version_id) if doc else None
    if doc is None or version is None:
        return None
    page = session.exec(
        select(DocumentPage).where(
            DocumentPage.version_id == version.id, DocumentPage.page_number == page_number
        )
    ).first()
    return (doc, page, version) if page is not None else None


def public_version(
    *, session: Session, document_id: int, version_id: int
) -> DocumentVersion | None:
    """A stored version of a public document, for downloading the archived original."""
    if public_document(session=session, document_id=document_id) is None:
        return None
    version = session.get(DocumentVersion, version_id)
    if version is None or version.document_id != document_id:
        return None
    return version if version.review_status == "accepted" else None
