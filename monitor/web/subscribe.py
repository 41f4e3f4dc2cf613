"""Subscribe, confirm (GET shows a button, POST confirms), manage, one-click unsubscribe."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from werkzeug.wrappers import Response

from monitor.db import get_settings, session_scope
from monitor.mail.tokens import TokenExpired, TokenInvalid, read_confirm_token
from monitor.subscribers import subscriptions as subs
from monitor.web import ratelimit
from monitor.web.csrf import csrf_exempt

bp = Blueprint("subscribe", __name__, url_prefix="/subscribe")


def _choices() -> dict[str, object]:
    with session_scope() as session:
        return {
            "facilities": subs.facility_choices(session=session),
            "states": subs.state_choices(session=session),
            "aors": subs.AOR_CODES,
            "frequencies": subs.FREQUENCIES,
        }


@bp.get("")
def form() -> str:
    """The subscribe form, optionally pre-filled from the query string."""
    values = {k: request.args.get(k, "") for k in ("scope", "target", "frequency")}
    return render_template("subscribe/form.html", values=values, error=None, **_choices())


def _target_from_form() -> str:
    scope = request.form.get("scope", "")
    return request.form.get(f"target_{scope}", "") or request.form.get("target", "")


def _client_allowed() -> bool:
    """Per client address, across every web worker (counted in the database)."""
    settings = get_settings()
    limit = settings.mail.subscribe_per_client_per_hour
    key = ratelimit.client_key(settings.secret_key, request.remote_addr or "unknown")
    with session_scope() as session:
        return ratelimit.allow(session=session, bucket="subscribe", key=key, limit=limit)


@bp.post("")
def submit() -> tuple[str, int] | str:
    """Record a subscription request and mail a link; the answer never reveals the address's state."""
    if not _client_allowed():
        return render_template("subscribe/rate_limited.html"), 429
    values = {
        "scope": request.form.get("scope", ""),
        "target": _target_from_form(),
        "frequency": request.form.get("frequency", "immediate"),
        "email": request.form.get("email", ""),
    }
    try:
        with session_scope() as session:
            req = subs.validate(
                session=session,
                email=values["email"],
                scope=values["scope"],
                target=values["target"],
                frequency=values["frequency"],
            )
            subs.request_subscription(session=session, settings=get_settings(), req=req)
    except subs.SubscriptionInvalid as exc:
        return render_template(
            "subscribe/form.html", values=values, error=str(exc), **_choices()
        ), 400
    # The same page whether the address is new, pending, confirmed or over its own limit.
    return render_template("subscribe/check_inbox.html")


def _invalid(exc: TokenInvalid) -> tuple[str, int]:
    expired = isinstance(exc, TokenExpired)
    return render_template("subscribe/invalid.html", expired=expired, message=str(exc)), 400


@bp.get("/confirm/<token>")
def confirm_page(token: str) -> tuple[str, int] | str:
    """Show a button only: link scanners that fetch the URL confirm nothing."""
    try:
        read_confirm_token(get_settings(), token)
    except TokenInvalid as exc:
        return _invalid(exc)
    return render_template("subscribe/confirm.html", token=token)


@bp.post("/confirm/<token>")
def confirm(token: str) -> tuple[str, int] | str:
    """Confirm the subscription (the button's POST)."""
    try:
        with session_scope() as session:
            what = subs.confirm(session=session, settings=get_settings(), token=token)
    except TokenInvalid as exc:
        return _invalid(exc)
    return render_template("subscribe/confirmed.html", what=what)


@bp.get("/unsubscribe/<token>")
def unsubscribe_page(token: str) -> tuple[str, int] | str:
    """A page with an unsubscribe button (a GET changes nothing)."""
    try:
        with session_scope() as session:
            subscriber = subs.subscriber_for(session=session, settings=get_settings(), token=token)
    except TokenInvalid as exc:
        return _invalid(exc)
    return render_template("subscribe/unsubscribe.html", token=token, known=subscriber is not None)


@bp.post("/unsubscribe/<token>")
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no cookie or token
def unsubscribe(token: str) -> tuple[str, int] | str:
    """Unsubscribe at once: the RFC 8058 one-click target and the page's button."""
    try:
        with session_scope() as session:
            subs.unsubscribe(session=session, settings=get_settings(), token=token)
    except TokenInvalid as exc:
        return _invalid(exc)
    return render_template("subscribe/unsubscribed.html")


@bp.route("/manage/<token>", methods=["GET", "POST"])
def manage(token: str) -> tuple[str, int] | str | Response:
    """List a subscriber's subscriptions and save changes to them."""
    try:
        with session_scope() as session:
            subscriber = subs.subscriber_for(session=session, settings=get_settings(), token=token)
            if subscriber is None:
                return render_template("subscribe/unsubscribed.html")
            saved = request.method == "POST"
            if saved:
                subs.update_preferences(session=session, subscriber=subscriber, changes=_changes())
                session.flush()
            rows = subs.subscriptions_of(session=session, subscriber=subscriber)
            return render_template(
                "subscribe/manage.html",
                token=token,
                rows=rows,
                saved=saved,
                frequencies=subs.FREQUENCIES,
            )
    except TokenInvalid as exc:
        return _invalid(exc)


def _changes() -> dict[int, str | None]:
    """Frequency per subscription id from the manage form; None removes it."""
    out: dict[int, str | None] = {}
    for key, value in request.form.items():
        if key.startswith("frequency_") and key[10:].isdigit():
            out[int(key[10:])] = value
    for key in request.form.getlist("remove"):
        if key.isdigit():
            out[int(key)] = None
    return out
