"""Sign in, sign out, password reset by emailed link, and password change."""

from __future__ import annotations

import functools
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from monitor.accounts import (
    audit,
    current_user,
    has_role,
    login_user,
    logout_user,
    require_login,
    safe_next,
)
from monitor.accounts.audit_queries import account_activity
from monitor.accounts.login import LoginRefused, TooManyAttempts, authenticate
from monitor.accounts.passwords import WeakPassword, verify_password
from monitor.accounts.reset_mail import send_reset_link
from monitor.accounts.sessions import signed_in_user
from monitor.accounts.tokens import (
    InvalidToken,
    check_reset_token,
    spend_reset_token,
)
from monitor.accounts.users import end_all_sessions, set_password
from monitor.db import get_settings, session_scope
from monitor.models import UserAccount

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.after_request
def _no_store(response: Response) -> Response:
    """Account pages must never be cached by a browser or proxy."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Show the sign-in form; on POST check credentials and start a new session."""
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("account/login.html", next_url=next_url, email="")
    email = request.form.get("email", "")
    with session_scope() as db:
        try:
            user = authenticate(
                session=db,
                email=email,
                password=request.form.get("password", ""),
                client_ip=request.remote_addr,
            )
        except LoginRefused as refused:
            # Returning inside the scope commits the failure counter and the audit entry.
            status = 429 if isinstance(refused, TooManyAttempts) else 401
            return render_template(
                "account/login.html", next_url=next_url, email=email, error=_(refused.message)
            ), status
    login_user(user)
    return redirect(next_url)


@bp.post("/logout")
def logout() -> Any:
    """End the session in this browser."""
    user = current_user()
    if user is not None:
        with session_scope() as db:
            audit.record(
                session=db,
                action="logout",
                actor=user,
                target_type="user_account",
                target_id=user.id,
            )
    logout_user()
    flash(_("You are signed out."))
    return redirect(url_for("account.login"))


@bp.post("/logout-everywhere")
@require_login
def logout_everywhere() -> Any:
    """End every session of the account, on every device."""
    user = signed_in_user()
    with session_scope() as db:
        account = db.get(UserAccount, user.id)
        if account is not None:
            end_all_sessions(session=db, user=account)
            audit.record(
                session=db,
                action="logout_everywhere",
                actor=user,
                target_type="user_account",
                target_id=user.id,
            )
    logout_user()
    flash(_("You are signed out on every device."))
    return redirect(url_for("account.login"))


@bp.route("/reset", methods=["GET", "POST"])
def reset_request() -> Any:
    """Ask for a reset link; the answer never reveals whether the account exists."""
    if request.method == "GET":
        return render_template("account/reset_request.html")
    settings = get_settings()
    # The same answer, in the same time, whether or not the account exists: the lookup
    # happens after the response has gone (monitor/accounts/reset_mail.py).
    response = make_response(
        render_template(
            "account/message.html",
            title=_("Check your email"),
            message=_(
                "If an account exists for that address, we sent it a link "
                "to choose a new password. The link works once, for one hour."
            ),
        )
    )
    link_base = settings.base_url.rstrip("/") + url_for("account.reset_with_token", token="-")
    response.call_on_close(
        functools.partial(
            send_reset_link,
            current_app._get_current_object(),  # type: ignore[attr-defined]
            request.form.get("email", ""),
            link_base[:-1],
        )
    )
    return response


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_with_token(token: str) -> Any:
    """Choose a new password through a reset link."""
    secret = get_settings().secret_key
    try:
        with session_scope() as db:
            user = check_reset_token(session=db, token=token, secret=secret)
            if request.method == "GET":
                return render_template("account/reset_form.html", token=token)
            _check_confirmation()
            user = spend_reset_token(session=db, token=token, secret=secret)
            set_password(session=db, user=user, password=request.form.get("password", ""))
            audit.record(
                session=db,
                action="password_reset",
                actor=user,
                target_type="user_account",
                target_id=user.id,
            )
    except InvalidToken as exc:
        return render_template(
            "account/message.html", title=_("Link not valid"), message=_(str(exc))
        ), 400
    except WeakPassword as exc:
        return render_template("account/reset_form.html", token=token, error=str(exc)), 400
    logout_user()
    flash(_("Your password was changed. Sign in with the new password."))
    return redirect(url_for("account.login"))


def _check_confirmation() -> None:
    if request.form.get("password", "") != request.form.get("confirm", ""):
        raise WeakPassword("The two passwords differ.")


@bp.route("/password", methods=["GET", "POST"])
@require_login
def change_password() -> Any:
    """Change the password (the current one is required); other devices are signed out."""
    user = signed_in_user()
    if request.method == "GET":
        with session_scope() as db:
            activity = account_activity(session=db, user_id=user.id or 0)
        return render_template("account/change_password.html", activity=activity)
    try:
        with session_scope() as db:
            account = db.get(UserAccount, user.id)
            if account is None or not verify_password(
                account.password_hash, request.form.get("current", "")
            ):
                raise WeakPassword("The current password is not right.")
            _check_confirmation()
            set_password(session=db, user=account, password=request.form.get("password", ""))
            audit.record(
                session=db,
                action="password_changed",
                actor=user,
                target_type="user_account",
                target_id=user.id,
            )
    except WeakPassword as exc:
        return render_template("account/change_password.html", error=str(exc), activity=[]), 400
    # Every other session ended with the password change; keep this browser signed in.
    login_user(account)
    flash(_("Your password was changed. Other devices are signed out."))
    return redirect(url_for("account.change_password"))


def init_app(app: Flask) -> None:
    """Make `current_user()` available to every template."""
    app.jinja_env.globals.update(current_user=current_user, has_role=has_role)
