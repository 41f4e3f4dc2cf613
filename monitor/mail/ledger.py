"""Delivery bookkeeping on a worker thread, overlapped with the next SMTP transaction.

Marking message N sent (one commit) runs while message N+1's envelope and body travel;
the transport waits for it (`wait`) before sending N+1's end-of-data line, the only moment
after which the server may accept N+1. So a sender killed at any instant leaves at most one
accepted message unrecorded, as with a fully serial loop, without paying for the commit.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy.engine import Connection

T = TypeVar("T")


class Ledger:
    """Runs writes on one connection, one at a time, on a single worker thread."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mail-ledger")
        self._pending: Future[Any] | None = None

    def submit(self, write: Callable[[Connection], object]) -> None:
        """Start `write(conn)` in the background once the previous write has finished."""
        self.wait()
        self._pending = self._pool.submit(write, self.conn)

    def run(self, work: Callable[[Connection], T]) -> T:
        """Run `work(conn)` here and now, after any pending write, and return its result."""
        self.wait()
        return work(self.conn)

    def wait(self) -> None:
        """Block until the pending write is committed (re-raising its error, if any)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Finish the pending write and stop the worker."""
        try:
            self.wait()
        finally:
            self._pool.shutdown(wait=True)
