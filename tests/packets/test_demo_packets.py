"""Every packet the demo can produce is signed and verifies, with packet-verify and with pyHanko."""

from __future__ import annotations

import io
import zipfile

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from sqlmodel import select

from monitor.cli import cli
from monitor.db import get_settings, session_scope
from monitor.models import Facility
from monitor.packets import EmptySelection, PacketRequest, plan_packet, write_packet
from monitor.packets.keys import KeyPaths
from monitor.packets.verify import verify_packet
from monitor.packets.verify_signatures import load_certificates

from .conftest import GENERATED_AT


def _demo_packets(app, out_dir) -> list:
    with session_scope(app) as session:
        slugs = list(session.exec(select(Facility.slug).order_by(Facility.slug)).all())
    written = []
    for slug in slugs:
        with app.app_context(), session_scope(app) as session:
            try:
                plan = plan_packet(
                    session=session,
                    request=PacketRequest(facility=slug, generated_at=GENERATED_AT),
                )
            except EmptySelection:
                continue
            written.append(write_packet(plan, out_path=out_dir / f"{slug}.zip"))
    return written


def test_every_demo_packet_is_signed_and_verifies(app, runner, out_dir) -> None:
    loaded = runner.invoke(cli, ["demo"])
    assert loaded.exit_code == 0 and "demo signing key created" in loaded.output
    cert = KeyPaths.of(get_settings(app)).cert.read_bytes()
    trusted = ValidationContext(trust_roots=load_certificates(cert))
    packets = _demo_packets(app, out_dir)
    assert len(packets) >= 3
    for result in packets:
        assert result.signed
        report = verify_packet(result.path, cert=cert)
        assert report.ok, (result.path.name, report.problems)
        with zipfile.ZipFile(result.path) as archive:
            pdf = archive.read(next(n for n in archive.namelist() if n.endswith("data/packet.pdf")))
        (sig,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
        assert validate_pdf_signature(sig, trusted).bottom_line, result.path.name
