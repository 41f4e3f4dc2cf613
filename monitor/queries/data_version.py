"""The version of the published data: a number every write to it moves on (see migration 0012)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from monitor.models import DataVersion


def data_version(*, session: Session) -> int | None:
    """The current data version, or None when the database keeps none (then nothing is cached).

    Read it before the data it stamps: on PostgreSQL a write committed in between then leaves
    newer data under an older stamp, which is only re-rendered, never served stale.
    """
    query = select(col(DataVersion.version)).where(col(DataVersion.id) == 1)
    return session.connection().execute(query).scalar()
