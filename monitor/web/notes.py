"""Advocates' private notes and uploads on facilities, and the NGO-finding form.

Only the author sees their material; anyone else gets the same 404 as for an id that does
not exist. An admin may open another user's material after stating a purpose. Every view,
download and change is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlmodel import Session
from werkzeug.utils import secure_filename

from monitor.accounts import audit, require_role, signed_in_user
from monitor.accounts.private_notes import (
    NotVisible,
    PrivateInputError,
    PurposeRequired,
    add_note,
    delete_note,
    facility_or_none,
    notes_for,
    open_note,
    open_upload,
    store_upload,
    uploads_for,
)
from monitor.accounts.private_store import UploadUnreadable, read_private
from monitor.db import get_settings, session_scope
from monitor.models import UserAccount

bp = Blueprint("notes", __name__, url_prefix="/private")


@bp.after_request
def _private_headers(response: Response) -> Response:
    """Private material must not be cached, indexed or framed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _log(
    db: Session,
    action: str,
    user: UserAccount,
    target_type: str,
    target_id: int | None,
    purpose: str | None = None,
    **details: Any,
) -> None:
    audit.record(
        session=db,
        action=action,
        actor=user,
        target_type=target_type,
        target_id=target_id,
        purpose=purpose,
        details=details or None,
    )


@bp.get("/")
@require_role("advocate")
def overview() -> str:
    """Every note and file of the signed-in user."""
    user = signed_in_user()
    with session_scope() as db:
        notes = notes_for(session=db, settings=get_settings(), user=user)
        uploads = uploads_for(session=db, user=user)
        _log(
            db,
            "private_material_listed",
            user,
            "user_account",
            user.id,
            notes=len(notes),
            uploads=len(uploads),
        )
    return render_template("notes/overview.html", notes=notes, uploads=uploads)


@bp.get("/facilities/<int:facility_id>")
@require_role("advocate")
def facility(facility_id: int, error: str | None = None) -> Any:
    """The user's notes and files on one facility, with the forms to add more."""
    user = signed_in_user()
    with session_scope() as db:
        place = facility_or_none(session=db, facility_id=facility_id)
        if place is None:
            abort(404)
        notes = notes_for(session=db, settings=get_settings(), user=user, facility_id=facility_id)
        uploads = uploads_for(session=db, user=user, facility_id=facility_id)
        _log(
            db,
            "private_material_listed",
            user,
            "facility",
            facility_id,
            notes=len(notes),
            uploads=len(uploads),
        )
    return render_template(
        "notes/facility.html", facility=place, notes=notes, uploads=uploads, error=error
    )


@bp.post("/facilities/<int:facility_id>/notes")
@require_role("advocate")
def create_note(facility_id: int) -> Any:
    """Save a private note on a facility."""
    user = signed_in_user()
    try:
        with session_scope() as db:
            if facility_or_none(session=db, facility_id=facility_id) is None:
                abort(404)
            note = add_note(
                session=db,
                settings=get_settings(),
                user=user,
                facility_id=facility_id,
                body=request.form.get("body", ""),
            )
            _log(db, "private_note_created", user, "private_note", note.id)
    except PrivateInputError as exc:
        return facility(facility_id, error=str(exc)), 400
    flash("Note saved. Only you can see it.")
    return redirect(url_for("notes.facility", facility_id=facility_id))


@bp.post("/facilities/<int:facility_id>/uploads")
@require_role("advocate")
def create_upload(facility_id: int) -> Any:
    """Store a private file on a facility."""
    user = signed_in_user()
    sent = request.files.get("file")
    try:
        with session_scope() as db:
            if facility_or_none(session=db, facility_id=facility_id) is None:
                abort(404)
            if sent is None:
                raise PrivateInputError("Choose a file to upload.")
            upload = store_upload(
                session=db,
                settings=get_settings(),
                user=user,
                facility_id=facility_id,
                filename=sent.filename or "",
                content_type=sent.mimetype,
                content=sent.read(),
            )
            _log(
                db,
                "private_upload_created",
                user,
                "private_upload",
                upload.id,
                size=upload.size,
                sha256=upload.sha256,
            )
    except PrivateInputError as exc:
        return facility(facility_id, error=str(exc)), 400
    flash("File stored privately. Only you can see it.")
    return redirect(url_for("notes.facility", facility_id=facility_id))


def _purpose_page(kind: str, object_id: int) -> tuple[str, int]:
    return render_template("notes/purpose.html", kind=kind, object_id=object_id), 403


@bp.route("/notes/<int:note_id>", methods=["GET", "POST"])
@require_role("advocate")
def view_note(note_id: int) -> Any:
    """Show one note to its author, or to an admin who states a purpose."""
    user = signed_in_user()
    purpose = request.form.get("purpose") if request.method == "POST" else None
    try:
        with session_scope() as db:
            note, foreign = open_note(
                session=db, settings=get_settings(), note_id=note_id, user=user, purpose=purpose
            )
            _log(
                db,
                "private_note_viewed",
                user,
                "private_note",
                note.id,
                purpose=purpose if foreign else None,
                owner_user_id=note.user_id,
            )
            place = facility_or_none(session=db, facility_id=note.facility_id)
    except NotVisible:
        abort(404)
    except PurposeRequired:
        return _purpose_page("note", note_id)
    return render_template("notes/note.html", note=note, facility=place, foreign=foreign)


@bp.route("/uploads/<int:upload_id>", methods=["GET", "POST"])
@require_role("advocate")
def download(upload_id: int) -> Any:
    """Download one file, for its author or an admin who states a purpose."""
    user = signed_in_user()
    purpose = request.form.get("purpose") if request.method == "POST" else None
    try:
        with session_scope() as db:
            upload, foreign = open_upload(
                session=db, upload_id=upload_id, user=user, purpose=purpose
            )
            _log(
                db,
                "private_upload_downloaded",
                user,
                "private_upload",
                upload.id,
                purpose=purpose if foreign else None,
                owner_user_id=upload.user_id,
            )
    except NotVisible:
        abort(404)
    except PurposeRequired:
        return _purpose_page("upload", upload_id)
    try:
        content = read_private(get_settings(), upload.sha256)
    except UploadUnreadable:
        abort(404, description="The stored file is missing or damaged; tell an administrator.")
    # Always a download, never rendered in the browser: uploads may hold active content.
    name = secure_filename(upload.filename) or "upload.bin"
    response = Response(content, mimetype="application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.post("/notes/<int:note_id>/delete")
@require_role("advocate")
def remove_note(note_id: int) -> Any:
    """Delete one of the user's own notes."""
    user = signed_in_user()
    try:
        with session_scope() as db:
            delete_note(session=db, note_id=note_id, user=user)
            _log(db, "private_note_deleted", user, "private_note", note_id)
    except NotVisible:
        abort(404)
    flash("Note deleted.")
    return redirect(url_for("notes.overview"))
