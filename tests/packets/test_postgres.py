"""Planning and logging a packet on each database backend (PostgreSQL when configured)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import select

from monitor.capture.store import capture_bytes
from monitor.db import get_settings, session_scope
from monitor.models import ExportLog, Facility, Finding
from monitor.packets import PacketRequest, plan_packet, record_export, write_packet

from .conftest import GENERATED_AT, make_pdf


def test_packet_builds_and_logs_on_every_backend(db_app, tmp_path: Path) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        facility = Facility(slug="otero", name="Otero County Processing Center", state="NM")
        session.add(facility)
        session.flush()
        doc = capture_bytes(
            session=session,
            settings=get_settings(db_app),
            source_key="oig_reports",
            content=make_pdf(["Otero inspection", "Medical findings"]),
            url="https://www.oig.dhs.gov/otero.pdf",
            external_id="otero-2021",
            kind="report",
            title="Otero inspection",
            publisher="DHS OIG",
            content_type="application/pdf",
        ).document
        session.add(
            Finding(
                document_id=doc.id or 0,
                facility_id=facility.id,
                category="MEDICAL_CARE",
                result="deficient",
                raw_label="Medical",
                page=2,
                quote="Medical findings",
                found_date=date(2021, 1, 29),
            )
        )
    with db_app.app_context(), session_scope(db_app) as session:
        request = PacketRequest(facility="otero", bates_prefix="OTERO", generated_at=GENERATED_AT)
        plan = plan_packet(session=session, request=request)
        result = write_packet(plan, out_path=tmp_path / "otero.zip")
        record_export(session=session, plan=plan, result=result, actor_label="test")
    assert (result.first_bates, result.last_bates) == ("OTERO-000001", "OTERO-000002")
    with db_app.app_context(), session_scope(db_app) as session:
        log = session.exec(select(ExportLog)).one()
    assert log.sha256 == result.sha256 and log.selection is not None
    assert log.selection["facility"] == "otero"
