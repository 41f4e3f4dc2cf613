"""Document pages: metadata, provenance, versions, original download, facts, page text."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, render_template, send_file

from monitor.capture.warc_extract import capture_records
from monitor.db import get_settings, session_scope
from monitor.queries.archive import archive_copies
from monitor.queries.documents import document_view, page_text, public_version
from scrapers._base import BadDocument

bp = Blueprint("documents", __name__)


@bp.get("/documents/<int(max=2147483647):document_id>")
def detail(document_id: int) -> str:
    """The document page."""
    with session_scope() as session:
        view = document_view(session=session, document_id=document_id)
        copies = archive_copies(
            session=session, version_ids=[v.id or 0 for v in view.versions] if view else []
        )
    if view is None:
        abort(404, description=f"No published document with the id {document_id}.")
    return render_template("documents/detail.html", view=view, copies=copies)


@bp.get("/documents/<int(max=2147483647):document_id>/pages/<int(max=2147483647):page_number>")
def page(document_id: int, page_number: int) -> str:
    """The extracted text of one page (escaped: scraped text is never trusted)."""
    with session_scope() as session:
        found = page_text(session=session, document_id=document_id, page_number=page_number)
    if found is None:
        abort(404, description=f"Document {document_id} has no extracted page {page_number}.")
    document, row = found
    return render_template("documents/page.html", document=document, page_number=page_number,
                           text=row.text, ocr=row.ocr, ocr_confidence=row.ocr_confidence)  # fmt: skip


def _stored_file(storage_path: str) -> Path | None:
    """The archived file under the data directory (paths escaping it are refused)."""
    root = get_settings().data_dir.resolve()
    path = (root / storage_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


@bp.get(
    "/documents/<int(max=2147483647):document_id>/versions/<int(max=2147483647):version_id>/original"
)
def original(document_id: int, version_id: int) -> Response:
    """Download the archived bytes of one version exactly as captured."""
    with session_scope() as session:
        version = public_version(session=session, document_id=document_id, version_id=version_id)
    if version is None:
        abort(404, description=f"Document {document_id} has no version {version_id}.")
    path = _stored_file(version.storage_path)
    if path is None:
        abort(404, description="The archived file for this version is not on this server.")
    suffix = Path(version.final_url or version.request_url or "").suffix[:8] or ".bin"
    response = send_file(
        path,
        mimetype=version.content_type or "application/octet-stream",
        as_attachment=True,
        download_name=f"document-{document_id}-{version.sha256[:12]}{suffix}",
    )
    response.headers["X-Content-SHA256"] = version.sha256
    return response


@bp.get(
    "/documents/<int(max=2147483647):document_id>/versions/<int(max=2147483647):version_id>/warc"
)
def warc(document_id: int, version_id: int) -> Response:
    """Download this capture's WARC records as a WARC file of its own, for replay tools."""
    with session_scope() as session:
        version = public_version(session=session, document_id=document_id, version_id=version_id)
    if version is None:
        abort(404, description=f"Document {document_id} has no version {version_id}.")
    path = _stored_file(version.warc_path or "")
    if path is None or not version.warc_record_id:
        abort(404, description="This version has no WARC record on this server.")
    try:
        data = capture_records(path, version.warc_record_id)
    except BadDocument as exc:
        abort(404, description=f"The WARC record cannot be read: {exc}")
    response = Response(data, mimetype="application/warc")
    name = f"document-{document_id}-{version.sha256[:12]}.warc.gz"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
