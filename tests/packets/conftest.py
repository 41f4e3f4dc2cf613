"""Fixtures for packet tests: a Torrance-like facility whose facts cite captured documents.

Documents are written here (fpdf2 PDFs and a small HTML page modelled on the public record) and
archived through the real capture layer, so packets read exactly what ingest would have stored.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from flask import Flask
from fpdf import FPDF
from pypdf import PdfReader
from sqlmodel import Session

from monitor.capture.store import capture_bytes
from monitor.db import get_settings, session_scope
from monitor.models import (
    Document,
    Facility,
    Finding,
    Inspection,
    Recommendation,
    RecommendationStatusEvent,
    StaffingObservation,
)

GENERATED_AT = datetime(2026, 1, 31, 12, 0, 0)
ODO_HTML = b"""<!doctype html><html><head><title>ODO Compliance Inspection</title>
<link rel="stylesheet" href="https://www.ice.gov/sites/default/files/theme.css">
<script>document.write('tracking')</script></head><body>
<h1>Torrance County Detention Facility, Estancia, NM - November 2021</h1>
<p>The Office of Detention Oversight conducted a compliance inspection from November 16 to 18,
2021. The facility complied with 18 of the 26 standards reviewed; ODO found 21 deficiencies.</p>
<img src="https://www.ice.gov/logo.png" alt="logo"></body></html>"""


def make_pdf(pages: list[str], *, landscape_every: int = 0) -> bytes:
    """A text PDF with one page per string (fpdf2), like a short OIG or contractor report."""
    pdf = FPDF()
    pdf.set_creation_date(datetime(2022, 3, 16))
    for index, text in enumerate(pages):
        landscape = landscape_every and index % landscape_every == landscape_every - 1
        pdf.add_page(orientation="L" if landscape else "P")
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


@dataclass
class PacketData:
    """Handles on the rows a test may want to cite or check."""

    app: Flask
    facility: Facility
    documents: dict[str, Document] = field(default_factory=dict)

    def capture(self, key: str, content: bytes, **kw: object) -> Document:
        """Archive bytes through the capture layer and remember the document under `key`."""
        with self.app.app_context(), session_scope(self.app) as session:
            result = capture_bytes(
                session=session,
                settings=get_settings(self.app),
                source_key=str(kw.pop("source_key", "oig_reports")),
                content=content,
                url=str(kw.pop("url", f"https://www.oig.dhs.gov/reports/{key}.pdf")),
                external_id=key,
                kind=str(kw.pop("kind", "report")),
                title=str(kw.pop("title", f"Report {key}")),
                publisher=str(kw.pop("publisher", "DHS Office of Inspector General")),
                content_type=str(kw.pop("content_type", "application/pdf")),
                fetched_at=datetime(2025, 6, 1, 8, 30),
                headers={"ETag": f'"{key}"'},
            )
            document = result.document
            document.published_date = kw.pop("published", None)  # type: ignore[assignment]
            document.report_number = kw.pop("report_number", None)  # type: ignore[assignment]
            session.add(document)
        self.documents[key] = document
        return document

    def finding(self, doc: str, **kw: object) -> None:
        """Add an accepted finding about the facility citing document `doc`."""
        values = {
            "category": "ENV_HEALTH_SAFETY",
            "result": "deficient",
            "raw_label": "Plumbing",
            "page": 1,
            "quote": "plumbing failures in 83 of 157 cells",
        } | kw
        self._add(
            Finding(document_id=self.documents[doc].id, facility_id=self.facility.id, **values)
        )

    def _add(self, *rows: object) -> None:
        with self.app.app_context(), session_scope(self.app) as session:
            for row in rows:
                session.add(row)


def _torrance(session: Session) -> Facility:
    facility = Facility(
        slug="torrance-county",
        name="Torrance County Detention Facility",
        detloc="TOORANM",
        address="209 County Road 49",
        city="Estancia",
        state="NM",
        zip="87016",
        aor="ELP",
        type_detailed="IGSA",
    )
    session.add(facility)
    session.flush()
    return facility


@pytest.fixture
def packet_data(app: Flask) -> PacketData:
    """Torrance with an OIG alert (PDF), a contractor letter (PDF) and an ODO page (HTML)."""
    with app.app_context(), session_scope(app) as session:
        facility = _torrance(session)
    data = PacketData(app, facility)
    alert = data.capture(
        "oig-22-31",
        make_pdf(
            [
                "OFFICE OF INSPECTOR GENERAL. Management alert: immediate removal of all detainees "
                "from the Torrance County Detention Facility. OIG-22-31. March 16, 2022.",
                "The facility had 54 percent of required staffing: 133 of 245 positions filled, 112 "
                "vacancies. We observed plumbing failures in 83 of 157 cells.",
                "Recommendation 1: We recommend the Acting Director of ICE relocate all detainees. "
                "ICE Response: Non-concur.",
            ]
        ),
        title="Management Alert - Immediate Removal of All Detainees from Torrance",
        published=date(2022, 3, 16),
        report_number="OIG-22-31",
    )
    letter = data.capture(
        "nakamoto-2021-07",
        make_pdf(
            [
                "Cover letter. Annual inspection, July 2021.",
                "Staffing stands at fifty percent of authorized security positions.",
            ],
            landscape_every=2,
        ),
        source_key="ice_contract_inspections",
        publisher="The Nakamoto Group, Inc.",
        title="Nakamoto annual inspection cover letter, July 2021",
        published=date(2021, 7, 30),
        url="https://www.ice.gov/doclib/foia/nakamoto-torrance-2021.pdf",
    )
    odo = data.capture(
        "odo-2021-11",
        ODO_HTML,
        source_key="ice_odo",
        kind="page",
        publisher="ICE Office of Detention Oversight",
        content_type="text/html; charset=utf-8",
        title="ODO compliance inspection, Torrance, November 2021",
        published=date(2021, 11, 18),
        url="https://www.ice.gov/foia/odo-compliance-inspection-reports",
    )
    data.finding("oig-22-31", page=2, found_date=date(2022, 2, 3))
    rec = Recommendation(
        document_id=alert.id,
        facility_id=facility.id,
        number=1,
        text="Relocate all detainees until staffing and conditions are adequate.",
        addressee_raw="Acting Director of ICE",
        issued_date=date(2022, 3, 16),
        page=3,
        quote="We recommend the Acting Director of ICE relocate all detainees.",
    )
    data._add(rec)
    data._add(
        RecommendationStatusEvent(
            recommendation_id=rec.id or 0,
            document_id=alert.id,
            observed_date=date(2022, 3, 16),
            concurrence="non_concur",
            resolution="unresolved",
            implementation="open",
            page=3,
            quote="ICE Response: Non-concur.",
        ),
        StaffingObservation(
            facility_id=facility.id,
            document_id=alert.id or 0,
            as_of_date=date(2022, 2, 1),
            required=245,
            filled=133,
            vacancies=112,
            pct_filled_reported=54,
            pct_filled=54.3,  # what ingest computes (scrapers/_staffing_math.py)
            page=2,
            quote="54 percent of required staffing: 133 of 245 positions filled",
        ),
        StaffingObservation(
            facility_id=facility.id,
            document_id=letter.id or 0,
            as_of_date=date(2021, 7, 30),
            role_group="security",
            pct_filled_reported=50,
            pct_filled=50.0,
            page=2,
            quote="fifty percent of authorized security positions",
        ),
        Inspection(
            facility_id=facility.id,
            document_id=odo.id,
            inspector="ODO",
            standard="PBNDS 2011",
            start_date=date(2021, 11, 16),
            end_date=date(2021, 11, 18),
            standards_reviewed=26,
            standards_compliant=18,
            deficiency_count=21,
            rating_raw="Superior",
            page=1,
            quote="complied with 18 of the 26 standards",
        ),
    )
    return data


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


@pytest.fixture
def make_packet(packet_data: PacketData, out_dir: Path):
    """Build a packet for the fixture facility; returns (result, export log id)."""
    from monitor.packets import PacketRequest, plan_packet, record_export, write_packet

    def build(name: str = "packet.zip", **kw: object):
        values: dict[str, object] = {
            "facility": "torrance-county",
            "bates_prefix": "TCDF",
            "generated_at": GENERATED_AT,
        } | kw
        request = PacketRequest(**values)  # type: ignore[arg-type]
        app = packet_data.app
        with app.app_context(), session_scope(app) as session:
            plan = plan_packet(session=session, request=request)
            result = write_packet(plan, out_path=out_dir / name)
            record_export(session=session, plan=plan, result=result, actor_label="test")
        return result

    return build


BATES_LINE = re.compile(r"^TCDF-\d{6}$")


@dataclass
class Unpacked:
    """An extracted packet: the bag folder and readers for what a user would open."""

    zip_path: Path
    root: Path

    def data(self, rel: str) -> Path:
        return self.root / "data" / rel

    def page_lines(self, rel: str = "packet.pdf") -> list[list[str]]:
        """The text lines of each page, as a PDF reader extracts them."""
        reader = PdfReader(self.data(rel))
        return [
            [ln.strip() for ln in (p.extract_text() or "").splitlines() if ln.strip()]
            for p in reader.pages
        ]

    def stamps(self, rel: str = "packet.pdf") -> list[str | None]:
        """For each page, the Bates label stamped on it (the last text drawn), or None."""
        return [
            lines[-1] if lines and BATES_LINE.match(lines[-1]) else None
            for lines in self.page_lines(rel)
        ]


@pytest.fixture
def unpack(tmp_path: Path):
    """Extract a packet ZIP into a fresh folder and return an Unpacked."""
    counter = iter(range(1000))

    def _unpack(zip_path: Path) -> Unpacked:
        dest = tmp_path / f"unzipped-{next(counter)}"
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(dest)
        (root,) = list(dest.iterdir())
        return Unpacked(zip_path, root)

    return _unpack


@pytest.fixture(scope="session")
def key_files(tmp_path_factory: pytest.TempPathFactory):
    """One real signing key pair for the session (made by `create_keys`)."""
    from .signing_support import make_key_files

    return make_key_files(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="session")
def authority():
    """A local RFC 3161 timestamp authority (root certificate and stamper)."""
    from .signing_support import make_authority

    return make_authority()


@pytest.fixture
def signed_app(packet_data: PacketData, key_files):
    """The packet app with the signing key installed and no timestamp authority."""
    from .signing_support import install_keys

    install_keys(packet_data.app, key_files)
    return packet_data.app


@pytest.fixture
def tsa_url(signed_app: Flask, authority, httpserver) -> str:
    """Point the app at the local timestamp authority served over HTTP; returns its URL."""
    httpserver.expect_request("/tsa", method="POST").respond_with_handler(authority.handle)
    url = httpserver.url_for("/tsa")
    get_settings(signed_app).tsa_url = url
    return url
