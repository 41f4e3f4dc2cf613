"""Evidence packet of 50 documents totalling 1,000 pages: wall time and peak memory.

The packet is built in a child process (spawned by a small wrapper process), so
`getrusage(RUSAGE_CHILDREN).ru_maxrss` in the wrapper is the build's own peak, unaffected by
other benchmarks or by the data set-up done here.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bench.context import BenchContext, row

DOCUMENTS = 50
PAGES_PER_DOCUMENT = 20
GENERATED_AT = "2026-01-31T12:00:00"


# Runs the build as its own child, so RUSAGE_CHILDREN is that build's peak and nothing else's.
WRAPPER = (
    "import json, resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "if done.returncode: sys.exit(done.stderr)\n"
    "out = json.loads(done.stdout)\n"
    "out['maxrss_kb'] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(json.dumps(out))\n"
)


def run(ctx: BenchContext) -> list[dict]:
    """Prepare the data, then time and measure one packet build in a separate process."""
    work = ctx.work_dir / "packets"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _prepare(work)
    child = [sys.executable, "-m", "bench.bench_packets", "--child", str(work)]
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *child],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    figures = json.loads(done.stdout)
    seconds, rss_mb = figures["seconds"], figures["maxrss_kb"] / 1024
    return [
        row(
            "packet: 50 documents, 1,000 pages",
            seconds,
            "s",
            goal="<= 20 s",
            ok=seconds <= 20,
            pdf_pages=figures["pdf_pages"],
            zip_mb=round(figures["zip_bytes"] / 1e6, 1),
        ),
        row(
            "packet: peak resident memory",
            round(rss_mb, 1),
            "MB",
            goal="<= 400 MB",
            ok=rss_mb <= 400,
        ),
    ]


def _app(work: Path):
    from monitor import create_app
    from monitor.db import upgrade

    url = f"sqlite:///{work / 'bench.sqlite3'}"
    if not (work / "bench.sqlite3").exists():
        upgrade(url)
    return create_app(
        {
            "instance_path": work / "instance",
            "database_url": url,
            "data_dir": work / "captures",
            "secret_key": "bench-secret",
        }
    )


def _prepare(work: Path) -> None:
    """50 captured PDFs of 20 text pages each, every one cited by two facts."""
    from monitor.db import session_scope
    from monitor.models import Facility

    app = _app(work)
    with app.app_context(), session_scope(app) as session:
        facility = Facility(slug="bench-facility", name="Benchmark County Detention Facility")
        session.add(facility)
        session.flush()
        for n in range(DOCUMENTS):
            _add_document(app, session, facility.id or 0, n)
    app.extensions["monitor.engine"].dispose()


def _report_pdf(n: int) -> bytes:
    """A distinct text PDF of PAGES_PER_DOCUMENT pages."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    for page in range(PAGES_PER_DOCUMENT):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"Report {n}, page {page + 1}. " + "Conditions observed. " * 40)
    return bytes(pdf.output())


def _add_document(app: Any, session: Any, facility_id: int, n: int) -> None:
    """Capture report `n` through the real capture layer and cite it from two facts."""
    from monitor.capture.store import capture_bytes
    from monitor.db import get_settings
    from monitor.models import Finding, StaffingObservation

    doc = capture_bytes(
        session=session,
        settings=get_settings(app),
        source_key="oig_reports",
        content=_report_pdf(n),
        url=f"https://example.org/r{n}.pdf",
        external_id=f"r{n}",
        kind="report",
        title=f"Inspection report {n}",
        publisher="DHS Office of Inspector General",
        content_type="application/pdf",
        fetched_at=datetime(2025, 1, 1),
    ).document
    doc.published_date = date(2015 + n % 10, 1 + n % 12, 1)
    session.add(
        Finding(
            document_id=doc.id or 0,
            facility_id=facility_id,
            category="MEDICAL_CARE",
            result="deficient",
            raw_label="Medical",
            page=1 + n % PAGES_PER_DOCUMENT,
            quote=f"finding {n}",
            found_date=doc.published_date,
        )
    )
    session.add(
        StaffingObservation(
            facility_id=facility_id,
            document_id=doc.id or 0,
            as_of_date=doc.published_date,
            pct_filled_reported=50 + n % 40,
            page=2,
        )
    )


def _child(work: Path) -> None:
    """Build the packet exactly as `monitor packet` does and print the timing as JSON."""
    from monitor.db import session_scope
    from monitor.packets import PacketRequest, plan_packet, record_export, write_packet
    from monitor.packets.selection import parse_generated_at

    app = _app(work)
    started = time.perf_counter()
    with app.app_context(), session_scope(app) as session:
        request = PacketRequest(
            facility="bench-facility",
            bates_prefix="BENCH",
            generated_at=parse_generated_at(GENERATED_AT),
        )
        plan = plan_packet(session=session, request=request)
        result = write_packet(plan, out_path=work / "packet.zip")
        record_export(session=session, plan=plan, result=result, actor_label="bench")
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "pdf_pages": result.pdf_pages,
                "zip_bytes": result.size,
                "self_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(Path(sys.argv[2]).resolve())
    else:
        sys.exit("usage: python -m bench.bench_packets --child WORK_DIR")
