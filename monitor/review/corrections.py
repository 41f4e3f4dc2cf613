"""Corrections to published facts: the old and new value, who, when and why, never lost.

Public pages call `corrections_for` (or `corrections_for_rows` for lists) and render them
with the `corrections` macro in templates/_corrections.html: "corrected on DATE: REASON".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from monitor.accounts import audit
from monitor.models import Correction as CorrectionRow
from monitor.models import (
    DeathRecord,
    Document,
    Facility,
    Finding,
    Inspection,
    Recommendation,
    StaffingObservation,
    UserAccount,
)
from scrapers._taxonomy import CATEGORIES, FINDING_RESULTS

# Which fields a reviewer may correct, per table: identifiers, links and review state are not
# "values" and stay out of reach of the correction form.
CORRECTABLE: dict[str, tuple[type[SQLModel], tuple[str, ...]]] = {
    "finding": (
        Finding,
        (
            "category",
            "result",
            "raw_label",
            "summary",
            "found_date",
            "facility_id",
            "is_repeat",
            "page",
            "quote",
        ),
    ),
    "inspection": (
        Inspection,
        (
            "inspector",
            "inspection_type",
            "standard",
            "start_date",
            "end_date",
            "standards_reviewed",
            "standards_compliant",
            "standards_deficient",
            "deficiency_count",
            "repeat_deficiencies",
            "areas_of_concern",
            "rating",
            "facility_id",
            "page",
            "quote",
        ),
    ),
    "staffing_observation": (
        StaffingObservation,
        (
            "as_of_date",
            "role_group",
            "required",
            "filled",
            "vacancies",
            "pct_filled_reported",
            "pct_vacant_reported",
            "facility_id",
            "page",
            "quote",
        ),
    ),
    "recommendation": (
        Recommendation,
        (
            "text",
            "addressee_raw",
            "addressee_office",
            "significant",
            "issued_date",
            "facility_id",
            "page",
            "quote",
        ),
    ),
    "document": (
        Document,
        ("title", "publisher", "report_number", "report_type", "published_date", "summary"),
    ),
    "death_record": (
        DeathRecord,
        (
            "person_name",
            "date_of_death",
            "press_release_date",
            "death_report_date",
            "opr_review_date",
            "facility_id",
        ),
    ),
    "facility": (
        Facility,
        ("name", "address", "city", "state", "zip", "aor", "type_detailed", "capacity"),
    ),
}
CHOICES: dict[str, tuple[str, ...]] = {"category": tuple(CATEGORIES), "result": FINDING_RESULTS}


class CorrectionError(ValueError):
    """A correction was refused; the message says why in words a reviewer can act on."""


def model_for(table_name: str) -> type[SQLModel]:
    """The table class behind a correctable table name."""
    if table_name not in CORRECTABLE:
        raise CorrectionError(f"{table_name!r} has no correctable values")
    return CORRECTABLE[table_name][0]


def coerce(model: type[SQLModel], field_name: str, raw: str) -> Any:
    """Turn the text a reviewer typed into the column's type (empty means no value)."""
    column = model.__table__.c[field_name]  # type: ignore[attr-defined]
    text = raw.strip()
    if not text:
        if not column.nullable:
            raise CorrectionError(f"{field_name} cannot be empty")
        return None
    if field_name in CHOICES and text not in CHOICES[field_name]:
        raise CorrectionError(f"{field_name} must be one of: {', '.join(CHOICES[field_name])}")
    # TypeDecorators (SQLModel's AutoString) report `object`; their implementation knows.
    kind = getattr(column.type, "impl", column.type).python_type
    try:
        if kind is bool:
            return _to_bool(text)
        if kind is date:
            return date.fromisoformat(text)
        return kind(text)
    except ValueError as exc:
        raise CorrectionError(f"{field_name}: {text!r} is not a valid {kind.__name__}") from exc


def _to_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("yes", "true", "1"):
        return True
    if lowered in ("no", "false", "0"):
        return False
    raise ValueError(text)


def _shown(value: Any) -> str | None:
    """How a value is kept in the correction record."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _target_row(
    session: Session, table_name: str, row_id: int, field_name: str, reason: str
) -> SQLModel:
    """The row to correct, after checking the field is correctable and a reason is given."""
    model = model_for(table_name)
    if field_name not in CORRECTABLE[table_name][1]:
        raise CorrectionError(f"{field_name!r} of {table_name} cannot be corrected")
    if not reason.strip():
        raise CorrectionError("say why the value is being corrected")
    row = session.get(model, row_id)
    if row is None:
        raise CorrectionError(f"no {table_name} with id {row_id}")
    return row


def correct(
    *,
    session: Session,
    table_name: str,
    row_id: int,
    field_name: str,
    new_value: str,
    reason: str,
    user: UserAccount,
) -> CorrectionRow:
    """Change one value of a published fact, recording the old value, who and why."""
    row = _target_row(session, table_name, row_id, field_name, reason)
    old, new = getattr(row, field_name), coerce(type(row), field_name, new_value)
    if old == new:
        raise CorrectionError(f"{field_name} already has that value")
    setattr(row, field_name, new)
    session.add(row)
    entry = CorrectionRow(
        table_name=table_name,
        row_id=row_id,
        field_name=field_name,
        old_value=_shown(old),
        new_value=_shown(new),
        reason=reason.strip(),
        user_id=user.id,
    )
    session.add(entry)
    session.flush()
    details = {
        "field": field_name,
        "old": entry.old_value,
        "new": entry.new_value,
        "reason": entry.reason,
    }
    audit.record(
        session=session,
        action="correction",
        actor=user,
        target_type=table_name,
        target_id=row_id,
        details=details,
    )
    return entry


def corrections_for(*, session: Session, table_name: str, row_id: int) -> list[CorrectionRow]:
    """Every correction of one row, oldest first."""
    stmt = (
        select(CorrectionRow)
        .where(CorrectionRow.table_name == table_name, CorrectionRow.row_id == row_id)
        .order_by(col(CorrectionRow.created_at), col(CorrectionRow.id))
    )
    return list(session.exec(stmt))


def corrections_for_rows(
    *, session: Session, table_name: str, row_ids: list[int]
) -> dict[int, list[CorrectionRow]]:
    """Corrections of many rows of one table at once (for list pages), keyed by row id."""
    found: dict[int, list[CorrectionRow]] = defaultdict(list)
    if not row_ids:
        return found
    stmt = (
        select(CorrectionRow)
        .where(CorrectionRow.table_name == table_name, col(CorrectionRow.row_id).in_(row_ids))
        .order_by(col(CorrectionRow.created_at), col(CorrectionRow.id))
    )
    for entry in session.exec(stmt):
        found[entry.row_id].append(entry)
    return found


def recent_corrections(*, session: Session, limit: int = 50) -> list[CorrectionRow]:
    """The newest corrections, for the reviewer's overview."""
    stmt = select(CorrectionRow).order_by(col(CorrectionRow.id).desc()).limit(limit)
    return list(session.exec(stmt))
