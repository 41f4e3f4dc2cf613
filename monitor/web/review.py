"""The reviewer's queue: accept, edit or reject held facts; correct published values."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy.exc import IntegrityError

from monitor.accounts import audit, require_role, signed_in_user
from monitor.accounts.sessions import current_user, has_role
from monitor.capture.store import read_version
from monitor.db import session_scope
from monitor.models import Facility, ReviewItem
from monitor.queries.timeline_corrections import KIND_TABLES
from monitor.review.context import preview_changes, review_context, subject_context
from monitor.review.corrections import (
    CHOICES,
    CORRECTABLE,
    CorrectionError,
    correct,
    corrections_for,
    model_for,
    recent_corrections,
)
from monitor.review.queue import (
    ReviewError,
    accept,
    decided_items,
    edit_and_accept,
    get_item,
    held_document_version,
    pending_counts,
    pending_items,
    reject,
    subject_of,
)

bp = Blueprint("review", __name__, url_prefix="/review")


def correct_url(table: str | None, row_id: int | None) -> str | None:
    """The "correct this" link of a published fact, for signed-in reviewers only."""
    user = current_user()
    if user is None or not has_role(user, "reviewer") or table not in CORRECTABLE or not row_id:
        return None
    return url_for("review.correct_value", table=table, row_id=row_id)


def correct_item_url(key: str) -> str | None:
    """The "correct this" link of a timeline item ('finding-12' -> /review/correct/finding/12)."""
    kind, _, raw_id = key.rpartition("-")
    return correct_url(KIND_TABLES.get(kind), int(raw_id)) if raw_id.isdigit() else None


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(correct_url=correct_url, correct_item_url=correct_item_url)


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@require_role("reviewer")
def queue() -> str:
    """Pending items by kind, recent decisions and corrections."""
    kind = request.args.get("kind") or None
    with session_scope() as db:
        items = pending_items(session=db, kind=kind)
        counts = pending_counts(session=db)
        decided = decided_items(session=db, limit=20)
        corrected = recent_corrections(session=db, limit=20)
    return render_template(
        "review/queue.html",
        items=items,
        counts=counts,
        kind=kind,
        decided=decided,
        corrected=corrected,
    )


def _item_or_404(db: Any, item_id: int) -> ReviewItem:
    item = get_item(session=db, item_id=item_id)
    if item is None:
        abort(404)
    return item


def _fields(table: str | None, row: Any) -> list[tuple[str, Any]]:
    if row is None or table not in CORRECTABLE:
        return []
    return [(name, getattr(row, name)) for name in CORRECTABLE[table][1]]


def _edits() -> dict[str, str]:
    return {k[6:]: v for k, v in request.form.items() if k.startswith("field_")}


@bp.get("/<int:item_id>")
@require_role("reviewer")
def item_detail(item_id: int, error: str | None = None, preview: bool = False) -> Any:
    """One item: its facility and document, labelled values, and what a decision changes."""
    with session_scope() as db:
        item = _item_or_404(db, item_id)
        row = subject_of(session=db, item=item)
        ids = [c[0] for c in (item.payload or {}).get("candidates", []) if isinstance(c, list)]
        if item.candidate_facility_id:
            ids.insert(0, item.candidate_facility_id)
        candidates = [f for f in (db.get(Facility, i) for i in dict.fromkeys(ids)) if f]
        has_file = held_document_version(session=db, item=item) is not None
        context = review_context(session=db, item=item, row=row)
        changes = preview_changes(db, context.fields, _edits()) if preview else None
    return render_template(
        "review/item.html",
        has_file=has_file,
        item=item,
        row=row,
        candidates=candidates,
        context=context,
        changes=changes,
        edits=_edits() if preview else {},
        choices=CHOICES,
        error=error,
    )


@bp.get("/<int:item_id>/original")
@require_role("reviewer")
def held_original(item_id: int) -> Response:
    """Download the captured file of a held document, so the reviewer can check it."""
    with session_scope() as db:
        version = held_document_version(session=db, item=_item_or_404(db, item_id))
        if version is None:
            abort(404)
        audit.record(
            session=db,
            action="held_document_viewed",
            actor=signed_in_user(),
            target_type="document",
            target_id=version.document_id,
            details={"review_item": item_id, "sha256": version.sha256},
        )
    try:
        content = read_version(version)
    except OSError:
        abort(404, description="The captured file is not on this server.")
    response = Response(content, mimetype="application/octet-stream")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="held-{version.document_id}-{version.sha256[:12]}.bin"'
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _optional_int(name: str) -> int | None:
    value = request.form.get(name, "").strip()
    return int(value) if value.isdigit() else None


@bp.post("/<int:item_id>/decide")
@require_role("reviewer")
def decide(item_id: int) -> Any:
    """Accept, edit-and-accept or reject one item."""
    user = signed_in_user()
    action = request.form.get("action", "")
    note = request.form.get("note", "")
    if action == "preview":
        return item_detail(item_id, preview=True)
    try:
        with session_scope() as db:
            item = _item_or_404(db, item_id)
            if action == "accept":
                accept(
                    session=db,
                    item=item,
                    user=user,
                    note=note,
                    facility_id=_optional_int("facility_id"),
                )
            elif action == "reject":
                reject(session=db, item=item, user=user, note=note)
            elif action == "edit":
                edit_and_accept(session=db, item=item, user=user, changes=_edits(), reason=note)
            else:
                abort(400, description="unknown review action")
    except (ReviewError, CorrectionError, IntegrityError) as exc:
        return item_detail(item_id, error=_reason(exc)), 400
    flash(f"Item {item_id} {'rejected' if action == 'reject' else 'accepted'}.")
    return redirect(url_for("review.queue"))


def _reason(exc: Exception) -> str:
    if isinstance(exc, IntegrityError):
        return "The database refused the value (it breaks a rule such as a count or a category)."
    return str(exc)


@bp.route("/correct/<table>/<int:row_id>", methods=["GET", "POST"])
@require_role("reviewer")
def correct_value(table: str, row_id: int) -> Any:
    """Show a fact's values and corrections; on POST record a correction."""
    if table not in CORRECTABLE:
        abort(404)
    error = None
    if request.method == "POST":
        error = _apply_correction(table, row_id)
        if error is None:
            flash("Correction recorded; the public page shows it next to the value.")
            return redirect(url_for("review.correct_value", table=table, row_id=row_id))
    with session_scope() as db:
        row = db.get(model_for(table), row_id)
        if row is None:
            abort(404)
        history = corrections_for(session=db, table_name=table, row_id=row_id)
        about = subject_context(session=db, table=table, row=row)
    return render_template(
        "review/correct.html",
        table=table,
        row_id=row_id,
        history=history,
        fields=_fields(table, row),
        about=about,
        error=error,
    ), 400 if error else 200


def _apply_correction(table: str, row_id: int) -> str | None:
    form = request.form
    try:
        with session_scope() as db:
            correct(
                session=db,
                table_name=table,
                row_id=row_id,
                field_name=form.get("field", ""),
                new_value=form.get("value", ""),
                reason=form.get("reason", ""),
                user=signed_in_user(),
            )
    except (CorrectionError, IntegrityError) as exc:
        return _reason(exc)
    return None
