"""Advocates add NGO findings with a citation and an optional file; reviewers then decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from monitor.accounts import audit, require_role, signed_in_user
from monitor.db import get_settings, session_scope
from monitor.review.ngo_findings import (
    FindingInputError,
    NgoFindingInput,
    add_ngo_finding,
    facility_choices,
)
from scrapers._taxonomy import CATEGORIES

bp = Blueprint("ngo_form", __name__, url_prefix="/private/findings")


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _form() -> NgoFindingInput:
    form, sent = request.form, request.files.get("file")
    return NgoFindingInput(
        facility_id=_int(form.get("facility_id")) or 0,
        organisation=form.get("organisation", ""),
        title=form.get("title", ""),
        url=form.get("url", ""),
        published=_date(form.get("published")),
        category=form.get("category", ""),
        summary=form.get("summary", ""),
        quote=form.get("quote", ""),
        page=_int(form.get("page")),
        filename=(sent.filename or "") if sent else "",
        content_type=sent.mimetype if sent else None,
        content=sent.read() if sent else b"",
    )


def _render(error: str | None = None, status: int = 200) -> tuple[str, int]:
    with session_scope() as db:
        facilities = facility_choices(session=db)
    page = render_template(
        "notes/ngo_finding.html",
        facilities=facilities,
        categories=list(CATEGORIES),
        form=request.form,
        error=error,
    )
    return page, status


@bp.route("/new", methods=["GET", "POST"])
@require_role("advocate")
def new_finding() -> Any:
    """Show the NGO-finding form; on POST record the finding and queue it."""
    if request.method == "GET":
        return _render()
    user = signed_in_user()
    try:
        with session_scope() as db:
            finding = add_ngo_finding(session=db, settings=get_settings(), user=user, form=_form())
            audit.record(
                session=db,
                action="ngo_finding_added",
                actor=user,
                target_type="finding",
                target_id=finding.id,
            )
    except FindingInputError as exc:
        return _render(str(exc), 400)
    flash("Finding recorded. It will appear publicly once a reviewer accepts it.")
    return redirect(url_for("ngo_form.new_finding"))
