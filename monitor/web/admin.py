"""Admin pages: accounts and roles, source settings."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from sqlmodel import Session

from monitor.accounts import audit, require_role, signed_in_user
from monitor.accounts.tokens import make_reset_token
from monitor.accounts.users import (
    AccountError,
    create_user,
    list_users,
    set_active,
    set_role,
    unlock,
)
from monitor.capture.source_settings import SourceSettingsError, list_sources, update_source
from monitor.db import get_settings, session_scope
from monitor.models import UserAccount
from monitor.roles import ROLES

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@require_role("admin")
def index() -> str:
    """The administration overview."""
    return render_template("admin/index.html")


@bp.get("/users")
@require_role("admin")
def users(error: str | None = None, invite_link: str | None = None) -> Any:
    """Accounts with their roles and states."""
    with session_scope() as db:
        accounts = list_users(session=db)
    page = render_template(
        "admin/users.html", users=accounts, roles=ROLES, error=error, invite_link=invite_link
    )
    return page, 400 if error else 200


def _invite_link(user: UserAccount) -> str:
    token = make_reset_token(user, secret=get_settings().secret_key)
    return get_settings().base_url.rstrip("/") + url_for("account.reset_with_token", token=token)


@bp.post("/users")
@require_role("admin")
def create() -> Any:
    """Create an account and show its one-time invitation link."""
    admin = signed_in_user()
    try:
        with session_scope() as db:
            # A random password nobody knows: the new user sets their own through the link.
            user = create_user(
                session=db,
                email=request.form.get("email", ""),
                password=secrets.token_urlsafe(32),
                role=request.form.get("role", "advocate"),
            )
            audit.record(
                session=db,
                action="user_created",
                actor=admin,
                target_type="user_account",
                target_id=user.id,
                details={"role": user.role},
            )
            link = _invite_link(user)
    except AccountError as exc:
        return users(error=str(exc))
    return users(invite_link=link)


def _account(db: Session, user_id: int) -> UserAccount:
    user = db.get(UserAccount, user_id)
    if user is None:
        abort(404)
    return user


@bp.post("/users/<int:user_id>")
@require_role("admin")
def change(user_id: int) -> Any:
    """Change a role, disable, enable or unlock an account."""
    admin = signed_in_user()
    action = request.form.get("action", "")
    try:
        with session_scope() as db:
            user = _account(db, user_id)
            details = _apply(db, user, action)
            audit.record(
                session=db,
                action=details.pop("audit_action"),
                actor=admin,
                target_type="user_account",
                target_id=user.id,
                details=details,
            )
    except AccountError as exc:
        return users(error=str(exc))
    flash(f"{user.email}: {action.replace('_', ' ')} done.")
    return redirect(url_for("admin.users"))


def _apply(db: Session, user: UserAccount, action: str) -> dict[str, Any]:
    """Carry out one account action; returns the audit details."""
    if action == "set_role":
        role = request.form.get("role", "")
        old = set_role(session=db, user=user, role=role)
        return {"audit_action": "role_changed", "from": old, "to": role}
    if action in ("disable", "enable"):
        set_active(session=db, user=user, active=action == "enable")
        return {"audit_action": f"user_{action}d"}
    if action == "unlock":
        unlock(session=db, user=user)
        return {"audit_action": "user_unlocked"}
    abort(400, description="unknown account action")


@bp.get("/sources")
@require_role("admin")
def sources(error: str | None = None) -> Any:
    """Every source with its editable settings."""
    with session_scope() as db:
        rows = list_sources(session=db)
    return render_template("admin/sources.html", sources=rows, error=error), 400 if error else 200


@bp.post("/sources/<int:source_id>")
@require_role("admin")
def update(source_id: int) -> Any:
    """Save one source's settings."""
    admin = signed_in_user()
    form = request.form
    try:
        with session_scope() as db:
            source, changes = update_source(
                session=db,
                source_id=source_id,
                enabled=form.get("enabled") == "on",
                schedule=form.get("schedule", ""),
                cadence_days=form.get("cadence_days", ""),
            )
            if changes:
                audit.record(
                    session=db,
                    action="source_settings_changed",
                    actor=admin,
                    target_type="source",
                    target_id=source.id,
                    details=changes,
                )
    except SourceSettingsError as exc:
        return sources(error=str(exc))
    flash(f"{source.name}: settings saved." if changes else f"{source.name}: nothing changed.")
    return redirect(url_for("admin.sources"))
