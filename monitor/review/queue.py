"""The review queue: facts that must not go public unseen wait here for a reviewer.

Sources (or anyone) call `submit` to hold a fact: its row gets `review_status="pending"`
and public queries, which filter on `review_status == "accepted"`, leave it out. A reviewer
then accepts, edits (corrections recorded, then accepted) or rejects it. Registry items about
unmatched facility names carry no fact row: accepting one teaches the registry the alias.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, SQLModel, col, func, select

from monitor.accounts import audit
from monitor.ingest.search_entries import refresh_entries
from monitor.models import (
    Document,
    DocumentVersion,
    Finding,
    Inspection,
    ReviewItem,
    StaffingObservation,
    UserAccount,
    utcnow,
)
from monitor.review.corrections import correct
from monitor.review.errors import ReviewError
from monitor.review.unmatched import attach_facility

# Tables whose rows carry `review_status` and so can be held back from the public.
HELD_TABLES: dict[str, type[SQLModel]] = {
    "finding": Finding,
    "inspection": Inspection,
    "staffing_observation": StaffingObservation,
    "document": Document,
}


def submit(
    *,
    session: Session,
    kind: str,
    reason: str,
    subject_table: str | None = None,
    subject_id: int | None = None,
    candidate_facility_id: int | None = None,
    confidence: float | None = None,
    payload: dict[str, Any] | None = None,
) -> ReviewItem:
    """Hold a fact for review: queue it and mark its row pending."""
    if subject_table is not None:
        row = _subject_row(session, subject_table, subject_id)
        row.review_status = "pending"  # type: ignore[attr-defined]
        session.add(row)
    item = ReviewItem(
        kind=kind,
        reason=reason,
        subject_table=subject_table,
        subject_id=subject_id,
        candidate_facility_id=candidate_facility_id,
        confidence=confidence,
        payload=payload,
    )
    session.add(item)
    session.flush()
    return item


def _subject_row(session: Session, table: str, row_id: int | None) -> SQLModel:
    model = HELD_TABLES.get(table)
    if model is None:
        raise ReviewError(f"rows of {table!r} cannot be held for review")
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise ReviewError(f"no {table} with id {row_id}")
    return row


def pending_items(
    *, session: Session, kind: str | None = None, limit: int = 200
) -> list[ReviewItem]:
    """Pending items, oldest first, optionally of one kind."""
    stmt = select(ReviewItem).where(ReviewItem.status == "pending")
    if kind:
        stmt = stmt.where(ReviewItem.kind == kind)
    return list(
        session.exec(stmt.order_by(col(ReviewItem.created_at), col(ReviewItem.id)).limit(limit))
    )


def pending_counts(*, session: Session) -> dict[str, int]:
    """How many items of each kind wait."""
    stmt = (
        select(ReviewItem.kind, func.count())
        .where(ReviewItem.status == "pending")
        .group_by(col(ReviewItem.kind))
    )
    return {kind: int(n) for kind, n in session.exec(stmt)}


def decided_items(*, session: Session, limit: int = 50) -> list[ReviewItem]:
    """The latest decisions, newest first."""
    stmt = (
        select(ReviewItem)
        .where(ReviewItem.status != "pending")
        .order_by(col(ReviewItem.decided_at).desc())
        .limit(limit)
    )
    return list(session.exec(stmt))


def get_item(*, session: Session, item_id: int) -> ReviewItem | None:
    """One review item by id, if it exists."""
    return session.get(ReviewItem, item_id)


def subject_of(*, session: Session, item: ReviewItem) -> SQLModel | None:
    """The held fact row, if the item has one."""
    if not item.subject_table or item.subject_table not in HELD_TABLES:
        return None
    return session.get(HELD_TABLES[item.subject_table], item.subject_id)


def _decide(
    session: Session,
    item: ReviewItem,
    user: UserAccount,
    status: str,
    note: str | None,
    details: dict[str, Any] | None = None,
) -> ReviewItem:
    if item.status != "pending":
        raise ReviewError(f"item {item.id} was already {item.status}")
    row = subject_of(session=session, item=item)
    if row is not None:
        row.review_status = status  # type: ignore[attr-defined]
        session.add(row)
    _decide_held_document(session, item, status)
    item.status, item.decided_by_id, item.decided_at = status, user.id, utcnow()
    item.decision_note = (note or "").strip() or None
    session.add(item)
    session.flush()
    document_id = getattr(row, "document_id", None)
    if isinstance(document_id, int):  # an accepted fact becomes searchable, a rejected one not
        refresh_entries(session.connection(), document_id)
    audit.record(
        session=session,
        action=f"review_{status}",
        actor=user,
        target_type="review_item",
        target_id=item.id,
        details={
            "kind": item.kind,
            "subject": item.subject_table,
            "subject_id": item.subject_id,
            **(details or {}),
        },
    )
    return item


def _decide_held_document(session: Session, item: ReviewItem, status: str) -> None:
    """A document held along with its finding (NGO form) follows the finding's decision."""
    document_id = (item.payload or {}).get("document_id")
    if item.kind != "ngo_allegation" or not isinstance(document_id, int):
        return
    doc = session.get(Document, document_id)
    if doc is not None and doc.review_status == "pending":
        doc.review_status = status
        session.add(doc)
    held = (item.payload or {}).get("held_version_id")
    version = session.get(DocumentVersion, held) if isinstance(held, int) else None
    if doc is None or version is None:
        return
    version.review_status = status
    session.add(version)
    if status == "accepted":
        doc.current_version_id = version.id  # the new file becomes public only now
        session.add(doc)


def accept(
    *,
    session: Session,
    item: ReviewItem,
    user: UserAccount,
    note: str | None = None,
    facility_id: int | None = None,
) -> ReviewItem:
    """Publish the held fact; for an unmatched name, attach it to a facility."""
    details: dict[str, Any] = {}
    if item.kind == "unmatched_facility":
        details.update(attach_facility(session=session, item=item, facility_id=facility_id))
    elif item.kind == "facility_match":
        return _accept_facility_match(session, item, user, note, facility_id)
    return _decide(session, item, user, "accepted", note, details)


def _accept_facility_match(
    session: Session, item: ReviewItem, user: UserAccount, note: str | None, facility_id: int | None
) -> ReviewItem:
    """Accepting a doubtful statistics row says it is the candidate: fold the two together."""
    from monitor.facilities.registry.merge import MergeRefused, merge_facilities

    duplicate_id, keep_id = item.subject_id, facility_id or item.candidate_facility_id
    if duplicate_id is None or keep_id is None:
        raise ReviewError("choose the facility this row belongs to, or reject to keep it apart")
    details = {"merged_facility_id": duplicate_id, "into_facility_id": keep_id}
    # Decide first: the merge closes every pending question about the duplicate, this one too.
    decided = _decide(session, item, user, "accepted", note, details)
    try:
        merge_facilities(session=session, duplicate_id=duplicate_id, keep_id=keep_id)
    except MergeRefused as exc:
        raise ReviewError(str(exc)) from exc
    return decided


def reject(*, session: Session, item: ReviewItem, user: UserAccount, note: str) -> ReviewItem:
    """Keep the fact out of public view for good; a reason is required."""
    if not note.strip():
        raise ReviewError("say why the item is rejected")
    return _decide(session, item, user, "rejected", note)


def edit_and_accept(
    *,
    session: Session,
    item: ReviewItem,
    user: UserAccount,
    changes: Mapping[str, str],
    reason: str,
) -> ReviewItem:
    """Correct values of the held fact (each change recorded), then publish it."""
    row = subject_of(session=session, item=item)
    if row is None or item.subject_table is None or item.subject_id is None:
        raise ReviewError("this item has no fact to edit; accept or reject it")
    if item.status != "pending":
        raise ReviewError(f"item {item.id} was already {item.status}")
    changed = [
        name
        for name, value in changes.items()
        if str(getattr(row, name, "") or "") != value.strip()
    ]
    for name in changed:
        correct(
            session=session,
            table_name=item.subject_table,
            row_id=item.subject_id,
            field_name=name,
            new_value=changes[name],
            reason=reason,
            user=user,
        )
    return _decide(session, item, user, "accepted", reason, {"edited": changed})


def held_document_version(*, session: Session, item: ReviewItem) -> DocumentVersion | None:
    """The newest captured version of the document an item names, for the reviewer to read."""
    held = (item.payload or {}).get("held_version_id")
    if isinstance(held, int):
        return session.get(DocumentVersion, held)
    document_id = (item.payload or {}).get("document_id")
    if not isinstance(document_id, int):
        return None
    stmt = (
        select(DocumentVersion)
        .where(DocumentVersion.document_id == document_id)
        .order_by(col(DocumentVersion.id).desc())
    )
    return session.exec(stmt).first()
