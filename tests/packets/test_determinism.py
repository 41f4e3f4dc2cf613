"""Same selection, same data, same --generated-at: the same bytes, down to the ZIP."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from pypdf import PdfReader


def test_two_runs_give_byte_identical_zips(make_packet) -> None:
    first = make_packet("one.zip")
    second = make_packet("two.zip")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.sha256 == second.sha256


def test_pdf_ids_and_dates_come_from_the_content_not_the_clock(make_packet) -> None:
    first = make_packet("one.zip")
    later = make_packet("later.zip", generated_at=datetime(2026, 2, 1, 9, 30))
    assert first.sha256 != later.sha256
    with zipfile.ZipFile(first.path) as a, zipfile.ZipFile(later.path) as b:
        pdf_a = a.read(next(n for n in a.namelist() if n.endswith("data/packet.pdf")))
        pdf_b = b.read(next(n for n in b.namelist() if n.endswith("data/packet.pdf")))
    reader_a, reader_b = PdfReader(io.BytesIO(pdf_a)), PdfReader(io.BytesIO(pdf_b))
    assert reader_a.metadata["/CreationDate"] == "D:20260131120000Z"
    assert reader_b.metadata["/CreationDate"] == "D:20260201093000Z"
    assert reader_a.trailer["/ID"][0] != reader_b.trailer["/ID"][0]
    assert reader_a.trailer["/ID"][0] == reader_a.trailer["/ID"][1]


def test_a_different_selection_changes_the_packet(make_packet) -> None:
    everything = make_packet("all.zip")
    staffing = make_packet("staffing.zip", categories=("STAFFING",))
    assert everything.sha256 != staffing.sha256
    assert staffing.facts == 2


def test_one_plan_written_twice_is_identical(packet_data, out_dir) -> None:
    from monitor.db import session_scope
    from monitor.packets import PacketRequest, plan_packet, write_packet

    from .conftest import GENERATED_AT

    app = packet_data.app
    with app.app_context(), session_scope(app) as session:
        plan = plan_packet(
            session=session,
            request=PacketRequest(facility="torrance-county", generated_at=GENERATED_AT),
        )
    first = write_packet(plan, out_path=out_dir / "a.zip")
    second = write_packet(plan, out_path=out_dir / "b.zip")
    assert first.sha256 == second.sha256
    assert first.last_bates == second.last_bates == "DCM-000006"
