"""Admin pages over sensitive data: the audit log, and subscriber data (purpose required)."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for

from monitor.accounts import audit, require_role, signed_in_user
from monitor.accounts.audit_queries import AuditFilter, known_actions, search_audit
from monitor.accounts.privacy import export_rows, lookup_subscriber, subscriber_count
from monitor.db import session_scope
from monitor.models import ExportLog, utcnow
from monitor.web.export import safe_cell

bp = Blueprint("admin_data", __name__, url_prefix="/admin")
PAGE_SIZE = 100


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, "").strip())
    except ValueError:
        return None


def _filter() -> AuditFilter:
    args = request.args
    return AuditFilter(
        action=args.get("action", "").strip(),
        actor=args.get("actor", "").strip(),
        target_type=args.get("target_type", "").strip(),
        target_id=args.get("target_id", "").strip(),
        subject_email=args.get("subject_email", "").strip(),
        since=_date_arg("since"),
        until=_date_arg("until"),
    )


@bp.get("/audit")
@require_role("admin")
def audit_log() -> str:
    """The audit log, filtered and paged, newest first."""
    flt = _filter()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    with session_scope() as db:
        rows, total = search_audit(
            session=db, flt=flt, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
        actions = known_actions(session=db)
        if flt.subject_email:
            # Looking up which accesses touched an address is itself an access to that address.
            audit.record(
                session=db,
                action="subscriber_accesses_viewed",
                actor=signed_in_user(),
                target_type="audit_log",
                subject_email=flt.subject_email,
            )
    pages = max(1, -(-total // PAGE_SIZE))
    return render_template(
        "admin/audit.html",
        rows=rows,
        total=total,
        flt=flt,
        page=page,
        pages=pages,
        actions=actions,
        prev_url=_page_url(page - 1, pages),
        next_url=_page_url(page + 1, pages),
    )


def _page_url(page: int, pages: int) -> str | None:
    if not 1 <= page <= pages:
        return None
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page" and v}
    return url_for("admin_data.audit_log", page=page, **args)


@bp.get("/audit/verify")
@require_role("admin")
def audit_verify() -> tuple[str, int]:
    """Check the hash chain and show the result (409 when broken)."""
    with session_scope() as db:
        result = audit.verify(session=db)
    return render_template("admin/verify.html", result=result), 200 if result.ok else 409


@bp.get("/subscribers")
@require_role("admin")
def subscribers() -> str:
    """Subscriber counts and the lookup and export forms."""
    with session_scope() as db:
        total, confirmed = subscriber_count(session=db)
    return render_template("admin/subscribers.html", total=total, confirmed=confirmed)


def _purpose_or_none() -> str | None:
    purpose = request.form.get("purpose", "").strip()
    return purpose or None


@bp.post("/subscribers/lookup")
@require_role("admin")
def subscriber_lookup() -> Any:
    """Show one subscriber's data, for a stated and logged purpose."""
    purpose, email = _purpose_or_none(), request.form.get("email", "").strip()
    if purpose is None or not email:
        return _subscribers_error("Give the address and the purpose of this lookup.")
    with session_scope() as db:
        found = lookup_subscriber(session=db, email=email)
        audit.record(
            session=db,
            action="subscriber_data_viewed",
            actor=signed_in_user(),
            target_type="subscriber",
            purpose=purpose,
            subject_email=email,
            details={"found": found is not None},
        )
        total, confirmed = subscriber_count(session=db)
    return render_template(
        "admin/subscribers.html", total=total, confirmed=confirmed, found=found, looked_up=email
    )


def _subscribers_error(message: str) -> tuple[str, int]:
    with session_scope() as db:
        total, confirmed = subscriber_count(session=db)
    return render_template(
        "admin/subscribers.html", total=total, confirmed=confirmed, error=message
    ), 400


@bp.post("/subscribers/export")
@require_role("admin")
def subscriber_export() -> Any:
    """Download every subscriber as CSV, for a stated and logged purpose."""
    purpose = _purpose_or_none()
    if purpose is None:
        return _subscribers_error("State the purpose of the export; it is logged.")
    user = signed_in_user()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["email", "confirmed_on", "scope", "target", "frequency", "confirmed"])
    with session_scope() as db:
        rows = export_rows(session=db)
        # An address like =1+2@example.net is valid mail and a formula in a spreadsheet.
        writer.writerows([safe_cell(value) for value in row] for row in rows)
        body = buffer.getvalue().encode()
        name = f"subscribers-{utcnow():%Y%m%d-%H%M%S}.csv"
        digest = hashlib.sha256(body).hexdigest()
        db.add(
            ExportLog(
                user_id=user.id,
                actor_label=user.email,
                sha256=digest,
                filename=name,
                selection={"kind": "subscribers", "rows": len(rows)},
            )
        )
        audit.record(
            session=db,
            action="subscriber_data_exported",
            actor=user,
            target_type="subscriber",
            purpose=purpose,
            details={"rows": len(rows), "sha256": digest, "filename": name},
        )
    return Response(
        body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
