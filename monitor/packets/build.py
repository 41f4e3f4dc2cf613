"""Build a packet: plan the selection, stamp, render, then write the bag ZIP atomically."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pypdf import PdfReader
from sqlmodel import Session, select

from monitor.models import CaptureArchive, Facility, Source
from monitor.packets import loadfiles
from monitor.packets.bag import BagZip
from monitor.packets.chart import population_svg, staffing_svg
from monitor.packets.errors import EmptySelection, InvalidSelection, PacketError, UnwritablePath
from monitor.packets.exhibits import Exhibit, plan_exhibits
from monitor.packets.facts import Fact, find_facility, gather_facts
from monitor.packets.produce import assemble, exhibit_pdf, produce_exhibits, write_slip_sheets
from monitor.packets.render import html_to_pdf, render_text
from monitor.packets.selection import PacketRequest
from monitor.packets.signing import PacketSigning, sign_pdf
from monitor.packets.signing_bag import CERT_NAME, default_signing, tag_signer
from monitor.packets.stamp import bates_label
from monitor.queries.archive import archive_copies
from monitor.version import __version__


@dataclass
class PacketPlan:
    """Everything a packet will contain, decided before any file is written."""

    request: PacketRequest
    facility: Facility
    facts: list[Fact]
    exhibits: list[Exhibit]
    population_chart: Markup | None = None
    archives: dict[int, CaptureArchive] = field(default_factory=dict)
    signing: PacketSigning = field(default_factory=PacketSigning)

    @property
    def steps(self) -> int:
        """Units of progress reported while writing (for progress bars)."""
        return 2 * len(self.exhibits) + 2

    @property
    def root(self) -> str:
        """The bag's top-level folder name inside the ZIP."""
        stamp = self.request.generated_at.strftime("%Y%m%dT%H%M%SZ")
        return f"{self.request.bates_prefix}-{self.facility.slug}-{stamp}"


@dataclass(frozen=True)
class PacketResult:
    path: Path
    sha256: str
    size: int
    pdf_pages: int
    exhibits: int
    facts: int
    first_bates: str
    last_bates: str
    signed: bool = False
    timestamped: bool = False


def plan_packet(*, session: Session, request: PacketRequest) -> PacketPlan:
    """Resolve the facility, facts and exhibits; raise EmptySelection when nothing matches."""
    facility = find_facility(session=session, ident=request.facility)
    _check_sources(session, request.sources)
    facts = gather_facts(session=session, facility=facility, request=request)
    exhibits, facts = plan_exhibits(session=session, facts=facts, sources=request.sources)
    if not facts:
        raise EmptySelection(
            f"No facts about {facility.name} match this selection; widen the dates, "
            "categories or sources."
        )
    population = population_svg(session=session, facility_id=facility.id or 0)
    copies = archive_copies(
        session=session, version_ids=[e.version.id or 0 for e in exhibits if e.version]
    )
    archived = {k: v for k, v in copies.items() if v.status == "archived"}
    return PacketPlan(request, facility, facts, exhibits, population, archived)


def _check_sources(session: Session, keys: tuple[str, ...]) -> None:
    """Refuse source keys that do not exist (a typo would otherwise look like 'no facts')."""
    if not keys:
        return
    known = set(session.exec(select(Source.key)).all())
    unknown = sorted(set(keys) - known)
    if unknown:
        raise InvalidSelection(
            f"unknown sources: {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )


def write_packet(
    plan: PacketPlan,
    *,
    out_path: Path,
    on_step: Callable[[], None] | None = None,
    signing: PacketSigning | None = None,
) -> PacketResult:
    """Write the packet ZIP to `out_path` via a temporary file; nothing partial is left behind.

    Without `signing`, the deployment's key (if `monitor keys create` made one) signs it.
    """
    step = on_step or (lambda: None)
    plan.signing = signing if signing is not None else default_signing()
    tmp = _reserve_temp(out_path)
    try:
        with tempfile.TemporaryDirectory(prefix="packet-") as work_dir:
            pages = _write_bag(plan, Path(work_dir), tmp, step)
        os.replace(tmp, out_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    first, last = _bates_range(plan)
    return PacketResult(
        out_path,
        _sha256(out_path),
        out_path.stat().st_size,
        pages,
        len(plan.exhibits),
        len(plan.facts),
        first,
        last,
        plan.signing.signed,
        plan.signing.timestamped,
    )


def _reserve_temp(out_path: Path) -> Path:
    """Create the temporary file beside the target, so the final rename is atomic."""
    parent = out_path.parent
    if out_path.is_dir():
        raise UnwritablePath(f"{out_path} is a directory; give a file name ending in .zip")
    if not parent.is_dir():
        raise UnwritablePath(f"the folder {parent} does not exist")
    try:
        fd, name = tempfile.mkstemp(dir=parent, prefix=f".{out_path.name}.", suffix=".part")
    except OSError as exc:
        raise UnwritablePath(f"cannot write to {parent}: {exc.strerror or exc}") from exc
    os.close(fd)
    # mkstemp makes the file private (0600); give the final file the user's usual permissions.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    return Path(name)


def _write_bag(plan: PacketPlan, work: Path, tmp: Path, step: Callable[[], None]) -> int:
    request = plan.request
    prefix, created = request.bates_prefix, request.generated_at
    produce_exhibits(plan.exhibits, work=work, prefix=prefix, created=created, on_step=step)
    context = _context(plan)
    separators = PdfReader(
        io.BytesIO(
            html_to_pdf(render_text("separators.html", **context), seed=f"separators:{_seed(plan)}")
        )
    )
    if len(separators.pages) != len(plan.exhibits):
        raise PacketError("a separator sheet overflowed one page; this is a bug, please report it")
    write_slip_sheets(separators, plan.exhibits, work=work, prefix=prefix, created=created)
    front = html_to_pdf(render_text("packet.html", **context), seed=f"front:{_seed(plan)}")
    step()
    pages = assemble(
        front,
        separators,
        plan.exhibits,
        work=work,
        out=work / "packet.pdf",
        title=f"Evidence packet: {plan.facility.name}",
        created=created,
        seed=_seed(plan),
    )
    if plan.signing.signed:
        sign_pdf(
            plan.signing, work / "packet.pdf", work / "signed.pdf", when=created, seed=_seed(plan)
        )
        (work / "signed.pdf").replace(work / "packet.pdf")
    step()
    with tmp.open("wb") as handle:
        bag = BagZip(handle, root=plan.root, when=created)
        _add_payload(bag, plan, work, step)
        if plan.signing.signed:
            extra = {CERT_NAME: plan.signing.cert_pem}
            bag.finish(_bag_info(plan), extra_tags=extra, sign=tag_signer(plan.signing, created))
        else:
            bag.finish(_bag_info(plan))
    return pages


def _add_payload(bag: BagZip, plan: PacketPlan, work: Path, step: Callable[[], None]) -> None:
    prefix = plan.request.bates_prefix
    bag.add_file("packet.pdf", work / "packet.pdf")
    for exhibit in plan.exhibits:
        bag.add_file(exhibit.stamped_name(prefix), exhibit_pdf(work, exhibit))
        if exhibit.original_name and exhibit.original_path and exhibit.version:
            digest = bag.add_file(exhibit.original_name, exhibit.original_path)
            if digest != exhibit.version.sha256:
                raise PacketError(
                    f"the archived file {exhibit.original_path} no longer matches the SHA-256 "
                    f"recorded at capture ({exhibit.version.sha256}); refusing to certify it"
                )
        step()
    rows = loadfiles.fact_rows(plan.facts, plan.exhibits, prefix)
    selection = plan.request.to_dict()
    bag.add_bytes("capture-log.csv", loadfiles.capture_log_csv(plan.exhibits, plan.archives))
    bag.add_bytes("facts.csv", loadfiles.facts_csv(rows))
    bag.add_bytes("facts.json", loadfiles.facts_json(rows, selection))
    bag.add_bytes("packet.dat", loadfiles.concordance_dat(plan.exhibits, prefix))
    bag.add_bytes("packet.opt", loadfiles.opticon_opt(plan.exhibits, prefix))
    bag.add_bytes("certification.txt", render_text("certification.txt", **_context(plan)).encode())


def _context(plan: PacketPlan) -> dict[str, object]:
    request = plan.request
    first, last = _bates_range(plan)
    footer = f"{plan.facility.name} · evidence packet · {request.generated_at:%Y-%m-%d %H:%M} UTC"
    exhibit_docs = {e.document.id: e for e in plan.exhibits}
    timeline = [
        {
            "when": f.when,
            "heading": f.heading,
            "summary": f.summary,
            "cite": exhibit_docs[f.document_id].cite(f.page, request.bates_prefix)
            if f.document_id in exhibit_docs
            else "",
        }
        for f in plan.facts
    ]
    return {
        "facility": plan.facility,
        "exhibits": plan.exhibits,
        "facts": plan.facts,
        "uncited": [f for f in plan.facts if f.document_id not in exhibit_docs],
        "timeline": timeline,
        "prefix": request.bates_prefix,
        "selection_lines": request.describe(),
        "generated_at": f"{request.generated_at:%Y-%m-%d %H:%M:%S}",
        "version": __version__,
        "first_bates": first,
        "last_bates": last,
        "footer": footer.replace('"', "'").replace("\\", "/"),
        "staffing_chart": staffing_svg(plan.facts),
        "population_chart": plan.population_chart,
        "signing": plan.signing.describe(),
        "archives": plan.archives,
    }


def _bates_range(plan: PacketPlan) -> tuple[str, str]:
    prefix = plan.request.bates_prefix
    if not plan.exhibits:
        return "none", "none"
    return bates_label(prefix, 1), bates_label(prefix, plan.exhibits[-1].bates_end)


def _seed(plan: PacketPlan) -> str:
    """Content identity of a packet: the selection and the hashes of its originals."""
    hashes = ",".join(e.version.sha256 if e.version else "-" for e in plan.exhibits)
    payload = json.dumps(plan.request.to_dict(), sort_keys=True) + "|" + hashes + "|" + __version__
    return hashlib.sha256(payload.encode()).hexdigest()


def _bag_info(plan: PacketPlan) -> dict[str, str]:
    first, last = _bates_range(plan)
    return {
        "Source-Organization": "Detention Conditions Monitor",
        "Bagging-Date": plan.request.generated_at.date().isoformat(),
        "External-Identifier": plan.root,
        "External-Description": f"Evidence packet for {plan.facility.name}: {len(plan.facts)} "
        f"facts, {len(plan.exhibits)} exhibits, Bates {first} to {last}",
        "Bag-Software-Agent": f"Detention Conditions Monitor {__version__}",
        "Packet-Selection": json.dumps(plan.request.to_dict(), sort_keys=True),
    }


def _sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            hasher.update(chunk)
    return hasher.hexdigest()
