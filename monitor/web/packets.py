"""Evidence-packet export from the facility page: choose timeline items, download the ZIP.

Exporting is for advocate accounts (admins too); every export is written to the export log.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Blueprint, Response, abort, render_template, request, send_file

from monitor.accounts import current_user, require_role
from monitor.config import DEFAULT_BATES_PREFIX
from monitor.db import get_settings, session_scope
from monitor.packets import (
    EmptySelection,
    InvalidSelection,
    PacketRequest,
    UnknownFacility,
)
from monitor.packets.selection import normalise_categories, parse_date
from scrapers._taxonomy import CATEGORIES

if TYPE_CHECKING:
    from monitor.packets import PacketResult

bp = Blueprint("packets", __name__)


@bp.get("/facilities/<slug>/packet")
@require_role("advocate")
def form(slug: str) -> str:
    """The export form: every fact about the facility that can go in a packet."""
    return _render_form(slug, error=None, status=200)[0]


@bp.post("/facilities/<slug>/packet")
@require_role("advocate")
def export(slug: str) -> Response | tuple[str, int]:
    """Build the packet for the chosen items and send it as a download."""
    try:
        packet_request = _request_from_form(slug)
    except InvalidSelection as exc:
        return _render_form(slug, error=str(exc), status=400)
    work = Path(tempfile.mkdtemp(prefix="packet-", dir=_tmp_dir()))
    try:
        result = _build(packet_request, work)
        # Open, then delete: the download streams from the open handle; no copy stays on disk.
        handle = result.path.open("rb")
    except UnknownFacility:
        abort(404)
    except (EmptySelection, InvalidSelection) as exc:
        return _render_form(slug, error=str(exc), status=400)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    response = send_file(
        handle,
        mimetype="application/zip",
        as_attachment=True,
        download_name=result.path.name,
        max_age=0,
    )
    response.headers["X-Packet-SHA256"] = result.sha256
    return response


def _build(packet_request: PacketRequest, work: Path) -> PacketResult:
    # Imported here: the PDF stack is loaded only by the worker that builds a packet.
    from monitor.packets import plan_packet, record_export, write_packet

    """Write the packet into `work` and record the export for the signed-in user."""
    with session_scope() as session:
        plan = plan_packet(session=session, request=packet_request)
        result = write_packet(plan, out_path=work / f"{plan.root}.zip")
        record_export(session=session, plan=plan, result=result, user=current_user())
    return result


def _request_from_form(slug: str) -> PacketRequest:
    """A PacketRequest from the posted form (items, dates, categories, prefix)."""
    form_data = request.form
    items = tuple(form_data.getlist("item"))
    if not items:
        raise InvalidSelection("Choose at least one timeline item to include.")
    return PacketRequest(
        facility=slug,
        date_from=parse_date(form_data.get("from"), "From"),
        date_to=parse_date(form_data.get("to"), "To"),
        categories=normalise_categories(form_data.getlist("category")),
        items=items,
        bates_prefix=(form_data.get("bates_prefix") or DEFAULT_BATES_PREFIX).strip().upper(),
    )


def _render_form(slug: str, *, error: str | None, status: int) -> tuple[str, int]:
    from monitor.packets import plan_packet  # the PDF stack, loaded on first use

    with session_scope() as session:
        try:
            plan = plan_packet(session=session, request=PacketRequest(facility=slug))
        except UnknownFacility:
            abort(404)
        except EmptySelection:
            plan = None
    chosen = set(request.form.getlist("item")) if request.method == "POST" else None
    html = render_template(
        "packets/form.html",
        plan=plan,
        slug=slug,
        error=error,
        chosen=chosen,
        categories=CATEGORIES,
        default_prefix=DEFAULT_BATES_PREFIX,
    )
    return html, status


def _tmp_dir() -> Path:
    path = Path(get_settings().instance_path) / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path
