"""A subscriber's own data rights, reached from the manage-preferences link's token.

`/subscribe/manage/<token>/accesses` lists every logged access that touched the address;
`/subscribe/manage/<token>/delete` deletes everything held about it (keeping a keyed hash).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request

from monitor.accounts import audit
from monitor.accounts.privacy import accesses_for_subscriber, delete_subscriber_data
from monitor.db import get_settings, session_scope
from monitor.mail.tokens import TokenInvalid
from monitor.models import Subscriber

bp = Blueprint("privacy", __name__, url_prefix="/subscribe/manage")

# Plain words for the actions a subscriber can meet in their access list.
ACTION_WORDS = {
    "subscriber_data_viewed": "An administrator looked up your address",
    "subscriber_data_exported": "An administrator exported the subscriber list",
    "subscriber_accesses_viewed": "Someone listed the accesses to your address",
    "subscriber_data_deleted": "Your data was deleted",
    "subscriber_purged": "Your address was deleted after the retention period",
}


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _subscriber(db: Any, token: str) -> Subscriber | None:
    from monitor.subscribers import subscriptions

    return subscriptions.subscriber_for(session=db, settings=get_settings(), token=token)


def _invalid() -> tuple[str, int]:
    return render_template("privacy/gone.html"), 404


@bp.get("/<token>/accesses")
def accesses(token: str) -> Any:
    """List every logged access that touched the subscriber's address."""
    try:
        with session_scope() as db:
            subscriber = _subscriber(db, token)
            if subscriber is None:
                return _invalid()
            entries = accesses_for_subscriber(session=db, email=subscriber.email)
            audit.record(
                session=db,
                action="subscriber_accesses_viewed",
                actor="subscriber",
                target_type="subscriber",
                subject_email=subscriber.email,
            )
    except TokenInvalid:
        return _invalid()
    return render_template(
        "privacy/accesses.html", entries=entries, words=ACTION_WORDS, token=token
    )


@bp.route("/<token>/delete", methods=["GET", "POST"])
def delete(token: str) -> Any:
    """Confirm, then delete everything held about the subscriber."""
    try:
        with session_scope() as db:
            subscriber = _subscriber(db, token)
            if subscriber is None:
                return _invalid()
            if request.method == "GET":
                return render_template("privacy/delete.html", token=token)
            delete_subscriber_data(session=db, email=subscriber.email)
    except TokenInvalid:
        return _invalid()
    return render_template("privacy/deleted.html")
