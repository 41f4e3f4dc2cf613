"""Delivery bookkeeping deferred into the next SMTP round trip, on the same thread.

Marking message N sent (one commit) is held back until message N+1's MAIL FROM command has
gone out: the transport calls `wait` while the server is still answering it, so the commit
costs no extra time. N+1 cannot be accepted before its end-of-data line, long after that
commit, so a sender killed at any instant leaves at most one accepted message unrecorded,
exactly as a fully serial loop would. (A worker thread was tried first: contention for the
interpreter lock slowed every SMTP reply more than the overlap saved.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    from monitor.mail.transport import Transport

T = TypeVar("T")


class Ledger:
    """Writes on one connection; at most one write is held back, then run in order."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._pending: Callable[[Connection], object] | None = None

    def submit(self, write: Callable[[Connection], object]) -> None:
        """Hold `write` until the next `wait` (running any write already held first)."""
        self.wait()
        self._pending = write

    def run(self, work: Callable[[Connection], T]) -> T:
        """Run `work(conn)` now, after any held write, and return its result."""
        self.wait()
        return work(self.conn)

    def wait(self) -> None:
        """Run the held write, if any (the transport calls this mid-transaction)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending(self.conn)

    def close(self) -> None:
        """Run the held write: nothing accepted may stay unrecorded after a pass."""
        self.wait()


@contextmanager
def delivering(engine: Engine, transport: Transport) -> Iterator[Ledger]:
    """A ledger on one connection (a commit per message stays cheap) for one delivery pass.

    On the way out the held write runs first, then the transport closes, even when the pass
    or that write fails: nothing accepted stays unrecorded and no SMTP connection leaks.
    """
    with engine.connect() as conn:
        ledger = Ledger(conn)
        try:
            yield ledger
        finally:
            try:
                ledger.close()
            finally:
                transport.close()
