"""Demo dataset: facts written by the project in its own words, each with a public source URL.

Each part module exposes `load(session, settings) -> None` and is idempotent (re-running
`monitor demo` changes nothing). Parts run in this order.
"""

from __future__ import annotations

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from monitor.demo import alerts, facilities, ice, oig
from monitor.ingest.search_entries import refresh_entries
from monitor.models import Document, DocumentVersion

DEMO_PARTS = (
    facilities,
    oig,
    ice,
    alerts,  # keep last: evaluates the facts the parts above load
)


def load_demo(session, settings) -> list[str]:  # noqa: ANN001
    """Load every demo part, marking what it wrote as demo data; returns the parts loaded."""
    doc_floor = session.exec(select(func.max(Document.id))).one() or 0
    version_floor = session.exec(select(func.max(DocumentVersion.id))).one() or 0
    loaded = []
    for part in DEMO_PARTS:
        part.load(session, settings)
        loaded.append(part.__name__)
    mark_demo(session, doc_floor, version_floor)
    refresh_entries(session.connection())
    return loaded


def mark_demo(session: Session, doc_floor: int, version_floor: int) -> None:
    """Mark documents the demo created, or gave a new version, as demo data."""
    session.flush()
    session.exec(
        update(Document)  # type: ignore[call-overload]
        .where(or_(col(Document.id) > doc_floor, col(Document.current_version_id) > version_floor))
        .values(is_demo=True)
    )
