"""Leader election for the scheduler: only the holder of the lock runs jobs.

PostgreSQL: a session-level advisory lock held on one dedicated connection (released by the
server the moment that connection dies). Other databases (SQLite): a lease row in
`scheduler_lease`, renewed periodically; a crashed holder's lease simply expires.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import uuid
from datetime import timedelta
from typing import Protocol, cast

from sqlalchemy import Table, delete, insert, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from monitor.models import SchedulerLease, utcnow

log = logging.getLogger(__name__)
LOCK_NAME = "scheduler"
ADVISORY_KEY = 0x6D6F6E69746F72  # "monitor": one fixed key for the whole database


class LeaderLock(Protocol):
    holder: str

    def acquire(self) -> bool: ...
    def renew(self) -> bool: ...
    def release(self) -> None: ...


def holder_id() -> str:
    """Who holds the lock, readable in the database: host, pid and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class AdvisoryLock:
    """pg_try_advisory_lock on a connection kept open for as long as we lead."""

    def __init__(self, engine: Engine, key: int = ADVISORY_KEY) -> None:
        self.engine, self.key, self.holder = engine, key, holder_id()
        self._conn: Connection | None = None

    def acquire(self) -> bool:
        """Take the lock if no other scheduler holds it."""
        if self._conn is not None:
            return self.renew()
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        if conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar():
            self._conn = conn
            return True
        conn.close()
        return False

    def renew(self) -> bool:
        """Still leader while our connection (which owns the lock) is alive."""
        if self._conn is None:
            return False
        try:
            self._conn.execute(text("SELECT 1"))
        except DBAPIError:
            log.warning("lost the database connection holding the scheduler lock")
            self._conn = None
            return False
        return True

    def release(self) -> None:
        """Let go of the lock (a standby may take over)."""
        if self._conn is not None:
            with contextlib.suppress(DBAPIError):  # a dead connection took the lock with it
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            self._conn.close()
            self._conn = None


def _lease_table() -> Table:
    return cast(Table, SchedulerLease.__table__)  # type: ignore[attr-defined]


class LeaseLock:
    """A row in scheduler_lease that its holder renews before it expires."""

    def __init__(self, engine: Engine, ttl_seconds: float = 30.0, name: str = LOCK_NAME) -> None:
        self.engine, self.name, self.holder = engine, name, holder_id()
        self.ttl = timedelta(seconds=ttl_seconds)

    def acquire(self) -> bool:
        """Take the lease if it is free, expired, or already ours."""
        now = utcnow()
        table = _lease_table()
        with self.engine.begin() as conn:
            took = conn.execute(
                update(table)
                .where(table.c.name == self.name)
                .where((table.c.holder == self.holder) | (table.c.expires_at < now))
                .values(holder=self.holder, expires_at=now + self.ttl)
            ).rowcount
            if took:
                return True
            if conn.execute(select(table.c.name).where(table.c.name == self.name)).first():
                return False
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(table).values(
                        name=self.name, holder=self.holder, expires_at=now + self.ttl
                    )
                )
        except IntegrityError:
            return False  # another scheduler inserted the row first
        return True

    def renew(self) -> bool:
        """Extend our lease; False when another scheduler has taken it or we cannot tell.

        A failed renewal counts as lost: stepping down early is safe, while carrying on
        after the lease may have expired could let two schedulers run jobs at once.
        """
        table = _lease_table()
        try:
            with self.engine.begin() as conn:
                return bool(
                    conn.execute(
                        update(table)
                        .where(table.c.name == self.name, table.c.holder == self.holder)
                        .values(expires_at=utcnow() + self.ttl)
                    ).rowcount
                )
        except DBAPIError as exc:
            log.warning("could not renew the scheduler lease, stepping down: %s", exc)
            return False

    def release(self) -> None:
        """Drop our lease so a standby takes over at once."""
        table = _lease_table()
        with self.engine.begin() as conn:
            conn.execute(
                delete(table).where(table.c.name == self.name, table.c.holder == self.holder)
            )


def make_lock(engine: Engine, ttl_seconds: float = 30.0) -> LeaderLock:
    """The right lock for the database behind `engine`."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine)
    return LeaseLock(engine, ttl_seconds)
