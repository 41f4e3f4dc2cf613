"""Writers: status is append-only history; other modules can register record kinds."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from monitor.capture.sources import ensure_source
from monitor.capture.store import capture_bytes
from monitor.db import get_settings, session_scope
from monitor.ingest.writers import (
    WRITERS,
    UnknownRecordKind,
    WriteContext,
    register,
    write_records,
)
from monitor.models import Recommendation, RecommendationStatusEvent
from scrapers._base import DocumentRecord, RecommendationRecord, Record, StatusRecord


def _context(session, app, key: str = "dhs_oig", external_id: str = "OIG-22-31") -> WriteContext:
    settings = get_settings(app)
    result = capture_bytes(
        session=session,
        settings=settings,
        source_key=key,
        content=external_id.encode() + key.encode(),
        url=None,
        external_id=external_id,
        kind="report",
        title=external_id,
    )
    return WriteContext(
        session=session,
        settings=settings,
        source=ensure_source(session=session, key=key),
        document=result.document,
        version=result.version,
    )


def _events(session) -> list[RecommendationStatusEvent]:
    return list(
        session.exec(select(RecommendationStatusEvent).order_by(RecommendationStatusEvent.id)).all()
    )


def _report(ctx: WriteContext) -> None:
    write_records(
        ctx,
        [
            DocumentRecord(
                external_id="OIG-22-31",
                title="Alert",
                report_number="OIG-22-31",
                published_date=date(2022, 3, 16),
            ),
            RecommendationRecord(
                report_number="OIG-22-31",
                number=1,
                text="We recommend ...",
                concurrence="non_concur",
                resolution="unresolved",
                implementation="open",
                page=3,
                quote="We recommend ...",
            ),
        ],
    )


def test_same_status_twice_appends_nothing(db_app) -> None:
    with session_scope(db_app) as session:
        ctx = _context(session, db_app)
        _report(ctx)
        _report(ctx)
        events = _events(session)
    assert len(events) == 1
    assert events[0].observed_date == date(2022, 3, 16)


def test_a_later_observation_appends_and_keeps_the_old_one(db_app) -> None:
    with session_scope(db_app) as session:
        _report(_context(session, db_app))
        later = _context(session, db_app, key="oversight_gov", external_id="https://o/x")
        write_records(
            later,
            [
                StatusRecord(
                    report_number="OIG-22-31",
                    number=1,
                    observed_date=date(2024, 1, 5),
                    implementation="open",
                )
            ],
        )
        unchanged = len(_events(session))
        write_records(
            later,
            [
                StatusRecord(
                    report_number="OIG-22-31",
                    number=1,
                    observed_date=date(2024, 7, 5),
                    implementation="closed",
                )
            ],
        )
        events = _events(session)
        recs = session.exec(select(Recommendation)).all()
    assert unchanged == 1  # "open" agrees with the latest: nothing to add
    assert [e.implementation for e in events] == ["open", "closed"]
    assert events[1].concurrence == "non_concur"  # carried over, not forgotten
    assert len(recs) == 1  # oversight.gov's row joined the report's recommendation


def test_unknown_record_kind_is_refused(app, session) -> None:
    @__import__("dataclasses").dataclass
    class Mystery(Record):
        kind: str = "mystery"

    with pytest.raises(UnknownRecordKind, match="mystery"):
        write_records(_context(session, app), [Mystery()])


def test_another_module_can_register_a_kind(app, session) -> None:
    seen = []

    @register("probe")
    def write_probe(ctx, record):  # noqa: ANN001, ANN202
        seen.append(record)
        return record

    try:

        @__import__("dataclasses").dataclass
        class Probe(Record):
            kind: str = "probe"

        counts = write_records(_context(session, app), [Probe(), Probe()])
    finally:
        WRITERS.pop("probe")
    assert counts == {"probe": 2} and len(seen) == 2
