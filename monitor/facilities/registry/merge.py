"""Merge two facility records a person has decided are one facility.

Every row pointing at the duplicate moves to the kept facility; rows the kept facility
already has (an alias, a document link) are dropped rather than duplicated. Two snapshots in
one statistics release prove two facilities, so such a merge is refused.
"""

from __future__ import annotations

from sqlalchemy import Column, Table, delete, func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from monitor.models import Facility, FacilityStatSnapshot, ReviewItem, utcnow


class MergeRefused(ValueError):
    """The two facilities cannot be one (or one of them does not exist)."""


# Tables whose rows are unique per facility on these other columns.
_UNIQUE_WITH_FACILITY = {
    "facility_alias": ("kind", "normalized"),
    "document_facility": ("document_id",),
}


def merge_facilities(*, session: Session, duplicate_id: int, keep_id: int) -> Facility:
    """Fold the duplicate facility into the kept one and delete the duplicate."""
    duplicate, keep = session.get(Facility, duplicate_id), session.get(Facility, keep_id)
    if duplicate is None or keep is None or duplicate_id == keep_id:
        raise MergeRefused("choose two different existing facilities")
    shared = _shared_releases(session, duplicate_id, keep_id)
    if shared:
        raise MergeRefused(
            f"{duplicate.name} and {keep.name} both appear in release(s) {shared}: "
            "one statistics release never lists a facility twice"
        )
    detloc = duplicate.detloc
    session.flush()
    for column in _facility_columns():
        _move(session, column, duplicate_id, keep_id)
    session.expire_all()  # the bulk updates bypassed the objects already loaded
    _close_reviews(session, duplicate_id, keep)
    session.delete(duplicate)
    session.flush()
    if detloc and not keep.detloc:
        keep.detloc = detloc
        session.add(keep)
    session.flush()
    return keep


def _shared_releases(session: Session, a: int, b: int) -> list[int]:
    rows = session.exec(
        select(FacilityStatSnapshot.release_id)
        .where(col(FacilityStatSnapshot.facility_id).in_((a, b)))
        .group_by(col(FacilityStatSnapshot.release_id))
        .having(func.count() > 1)
    ).all()
    return sorted(rows)


def _facility_columns() -> list[Column]:
    """Every column of every table that references facility.id."""
    out = []
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "facility" and fk.column.name == "id":
                out.append(fk.parent)
    return out


def _move(session: Session, column: Column, duplicate_id: int, keep_id: int) -> None:
    """Repoint `column` from the duplicate to the kept facility, dropping would-be duplicates."""
    table: Table = column.table
    unique_with = _UNIQUE_WITH_FACILITY.get(table.name)
    if unique_with:
        keys = [table.c[n] for n in unique_with]
        kept = {tuple(r) for r in session.execute(sa_select(*keys).where(column == keep_id))}
        moving = session.execute(sa_select(table.c.id, *keys).where(column == duplicate_id))
        clashes = [r[0] for r in moving if tuple(r[1:]) in kept]
        if clashes:
            session.execute(delete(table).where(table.c.id.in_(clashes)))
    session.execute(update(table).where(column == duplicate_id).values({column.name: keep_id}))


def _close_reviews(session: Session, duplicate_id: int, keep: Facility) -> None:
    """Pending 'is this the same facility?' questions about the duplicate are now answered."""
    items = session.exec(
        select(ReviewItem).where(
            ReviewItem.status == "pending",
            ReviewItem.subject_table == "facility",
            ReviewItem.subject_id == duplicate_id,
        )
    ).all()
    for item in items:
        item.status = "accepted"
        item.subject_id = keep.id
        item.decided_at = utcnow()
        item.decision_note = f"merged into {keep.slug}"
        session.add(item)
