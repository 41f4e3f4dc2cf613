"""Accepting an unmatched facility name: the registry learns it, held facts are attached.

Ingest holds a fact (`review_status="pending"`, no facility) when the registry could not match
the facility name it carries, and queues an `unmatched_facility` item naming the document and
the kind of fact. When a reviewer says which facility the name means, the name becomes an
alias (so the next run matches it), the document is linked to the facility, and the document's
held facts of that kind are attached and published, unless another unmatched name of the same
document and kind is still pending: then nobody can tell which row is which, and they wait
for a re-run of the document, which the new alias now resolves.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, col, select

from monitor.models import (
    Document,
    DocumentFacility,
    Facility,
    Finding,
    Inspection,
    ReviewItem,
    StaffingObservation,
)
from monitor.review.errors import ReviewError

# The `subject` that ingest writes in the payload, and the table it names.
SUBJECT_TABLES: dict[str, type[SQLModel]] = {
    "inspection": Inspection,
    "finding": Finding,
    "staffing": StaffingObservation,
}


def attach_facility(
    *, session: Session, item: ReviewItem, facility_id: int | None
) -> dict[str, Any]:
    """Apply a reviewer's facility choice; returns what was done, for the audit entry."""
    chosen = facility_id or item.candidate_facility_id
    if chosen is None or session.get(Facility, chosen) is None:
        raise ReviewError("choose the facility this name refers to")
    payload = item.payload or {}
    raw = str(payload.get("raw_name") or "").strip()
    _learn_alias(session, chosen, raw, payload.get("source"))
    document_id = payload.get("document_id")
    attached = 0
    if isinstance(document_id, int) and session.get(Document, document_id) is not None:
        _link_document(session, document_id, chosen, raw)
        if not _ambiguous(session, item, document_id):
            attached = _attach_held_rows(session, payload.get("subject"), document_id, chosen)
    return {"facility_id": chosen, "attached_rows": attached}


def _learn_alias(session: Session, facility_id: int, raw: str, source: Any) -> None:
    from monitor.facilities.registry import add_alias
    from monitor.ingest.writers import split_place

    name = split_place(raw)[0] if raw else ""
    if name:
        add_alias(
            session=session,
            facility_id=facility_id,
            alias=name,
            kind="name",
            source=source if isinstance(source, str) else None,
        )


def _ambiguous(session: Session, item: ReviewItem, document_id: int) -> bool:
    """True when another pending unmatched name shares this item's document and subject."""
    stmt = select(ReviewItem).where(
        ReviewItem.kind == "unmatched_facility",
        ReviewItem.status == "pending",
        ReviewItem.id != item.id,
    )
    subject = (item.payload or {}).get("subject")
    return any(
        (other.payload or {}).get("document_id") == document_id
        and (other.payload or {}).get("subject") == subject
        for other in session.exec(stmt)
    )


def _attach_held_rows(session: Session, subject: Any, document_id: int, facility_id: int) -> int:
    """Give the document's held, facility-less rows of `subject` the facility; publish them.

    Only rows held for review are touched: a published row without a facility may be about
    no facility at all, and a wrong attribution is worse than a missing one.
    """
    model = SUBJECT_TABLES.get(str(subject))
    if model is None:
        return 0
    table: Any = model
    stmt = select(model).where(
        col(table.document_id) == document_id,
        col(table.facility_id).is_(None),
        col(table.review_status) == "pending",
    )
    rows = list(session.exec(stmt))
    for row in rows:
        row.facility_id = facility_id  # type: ignore[attr-defined]
        row.review_status = "accepted"  # type: ignore[attr-defined]
        session.add(row)
    session.flush()
    return len(rows)


def _link_document(session: Session, document_id: int, facility_id: int, raw: str) -> None:
    exists = session.exec(
        select(DocumentFacility).where(
            DocumentFacility.document_id == document_id, DocumentFacility.facility_id == facility_id
        )
    ).first()
    if exists is None:
        session.add(
            DocumentFacility(
                document_id=document_id,
                facility_id=facility_id,
                raw_name=raw or None,
                confidence=1.0,
            )
        )
        session.flush()
