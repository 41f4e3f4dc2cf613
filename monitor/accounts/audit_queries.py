"""Reading the audit log for admins: filter by action, actor, target, subject and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from monitor.accounts import audit
from monitor.models import AuditLog

T = TypeVar("T")


@dataclass(frozen=True)
class AuditFilter:
    """What an admin asked to see; empty fields do not filter."""

    action: str = ""
    actor: str = ""
    target_type: str = ""
    target_id: str = ""
    subject_email: str = ""
    since: date | None = None
    until: date | None = None

    def is_empty(self) -> bool:
        """True when no filter field is set."""
        return not any(
            (
                self.action,
                self.actor,
                self.target_type,
                self.target_id,
                self.subject_email,
                self.since,
                self.until,
            )
        )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _filtered(stmt: SelectOfScalar[T], flt: AuditFilter) -> SelectOfScalar[T]:
    if flt.action:
        stmt = stmt.where(col(AuditLog.action) == flt.action)
    if flt.actor:
        stmt = stmt.where(col(AuditLog.actor_label).contains(flt.actor.strip().lower()))
    if flt.target_type:
        stmt = stmt.where(col(AuditLog.target_type) == flt.target_type)
    if flt.target_id:
        stmt = stmt.where(col(AuditLog.target_id) == flt.target_id.strip())
    if flt.subject_email:
        stmt = stmt.where(col(AuditLog.subject_hash) == audit.subject_hash(flt.subject_email))
    if flt.since:
        stmt = stmt.where(col(AuditLog.at) >= _day_start(flt.since))
    if flt.until:
        stmt = stmt.where(col(AuditLog.at) < _day_start(flt.until + timedelta(days=1)))
    return stmt


def search_audit(
    *, session: Session, flt: AuditFilter, limit: int = 100, offset: int = 0
) -> tuple[list[AuditLog], int]:
    """Matching entries newest first, and how many match in all."""
    rows = session.exec(
        _filtered(select(AuditLog), flt)
        .order_by(col(AuditLog.id).desc())
        .limit(limit)
        .offset(offset)
    )
    total = session.exec(_filtered(select(func.count()).select_from(AuditLog), flt)).one()
    return list(rows), int(total)


def known_actions(*, session: Session) -> list[str]:
    """Every action name present in the log, for the filter's list."""
    stmt = select(AuditLog.action).distinct().order_by(col(AuditLog.action))
    return list(session.exec(stmt))


def account_activity(*, session: Session, user_id: int, limit: int = 15) -> list[AuditLog]:
    """Recent entries about one account (sign-ins, failures, password and role changes)."""
    stmt = (
        select(AuditLog)
        .where(col(AuditLog.target_type) == "user_account")
        .where(col(AuditLog.target_id) == str(user_id))
        .order_by(col(AuditLog.id).desc())
        .limit(limit)
    )
    return list(session.exec(stmt))


def recent_actions(*, session: Session, action: str, target_id: str, since: datetime) -> int:
    """How many entries of `action` about one target were written since `since`."""
    stmt = (
        select(func.count())
        .select_from(AuditLog)
        .where(col(AuditLog.action) == action, col(AuditLog.target_id) == target_id)
        .where(col(AuditLog.at) >= since)
    )
    return int(session.exec(stmt).one())
