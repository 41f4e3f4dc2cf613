"""NGO findings added by advocates through the web form: cited, archived, held for review.

With a file, the bytes go through the capture layer (`capture_bytes`) like any scraped
document; without one, the citation URL alone makes the document. Either way the finding is
an allegation held in the review queue until a reviewer accepts it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.ingest.search_entries import refresh_entries
from monitor.models import Document, Facility, Finding, UserAccount
from monitor.review.queue import submit
from monitor.review.upload_type import content_type_of
from scrapers._described_dates import described_period
from scrapers._taxonomy import CATEGORIES

SOURCE_KEY = "ngo_manual"


class FindingInputError(ValueError):
    """The form was incomplete or invalid; the message says what to fix."""


@dataclass(frozen=True)
class NgoFindingInput:
    facility_id: int
    organisation: str
    title: str
    url: str
    published: date | None
    category: str
    summary: str
    quote: str = ""
    page: int | None = None
    filename: str = ""
    content_type: str | None = None  # what the browser said; ignored (see upload_type)
    content: bytes = b""


def validate(form: NgoFindingInput) -> None:
    """Raise FindingInputError unless the citation and the finding are complete."""
    parts = urlsplit(form.url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FindingInputError("Give the citation as an http(s) link to the NGO's publication.")
    if not form.organisation.strip() or not form.title.strip():
        raise FindingInputError("Name the organisation and the publication's title.")
    if form.category not in CATEGORIES:
        raise FindingInputError("Choose a category from the list.")
    if not form.summary.strip():
        raise FindingInputError("Summarise what the NGO found.")


def _captured(
    session: Session, settings: Settings, form: NgoFindingInput, external_id: str
) -> tuple[Document, bool, int | None]:
    """Archive the attached file through the capture layer like any scraped document."""
    from monitor.capture.store import capture_bytes

    published = _published_version(session, external_id)
    captured = capture_bytes(
        session=session,
        settings=settings,
        source_key=SOURCE_KEY,
        content=form.content,
        url=form.url.strip(),
        external_id=external_id,
        kind="ngo",
        title=form.title.strip(),
        publisher=form.organisation.strip(),
        content_type=content_type_of(form.content),
    )
    held = None
    if published is not None and captured.is_new_version:
        # A new file for a publication already public waits for review like the finding:
        # the public keeps the reviewed file until a reviewer accepts this one.
        held = captured.version.id
        captured.version.review_status = "pending"
        session.add(captured.version)
        captured.document.current_version_id = published
    return captured.document, captured.is_new_document, held


def _published_version(session: Session, external_id: str) -> int | None:
    """The current version of an already accepted NGO document with this id, if any."""
    from monitor.capture.sources import ensure_source

    source = ensure_source(session=session, key=SOURCE_KEY)
    doc = session.exec(
        select(Document).where(Document.source_id == source.id, Document.external_id == external_id)
    ).first()
    if doc is None or doc.review_status != "accepted":
        return None
    return doc.current_version_id


def _cited(
    session: Session, form: NgoFindingInput, external_id: str
) -> tuple[Document, bool, None]:
    """The document for a citation given without a file (reused when cited before)."""
    from monitor.capture.sources import ensure_source

    source = ensure_source(session=session, key=SOURCE_KEY)
    stmt = select(Document).where(
        Document.source_id == source.id, Document.external_id == external_id
    )
    found = session.exec(stmt).first()
    if found is not None:
        return found, False, None
    return (
        Document(
            source_id=source.id or 0,
            external_id=external_id,
            kind="ngo",
            title=form.title.strip()[:500],
            url=form.url.strip(),
            publisher=form.organisation.strip(),
        ),
        True,
        None,
    )


def _document(
    session: Session, settings: Settings, form: NgoFindingInput
) -> tuple[Document, int | None]:
    """The cited publication, and the id of a new file held for review (a new document is
    held whole)."""
    external_id = hashlib.sha256(form.url.strip().encode()).hexdigest()[:24]
    if form.content:
        doc, is_new, held = _captured(session, settings, form, external_id)
    else:
        doc, is_new, held = _cited(session, form, external_id)
    doc.published_date = doc.published_date or form.published
    if is_new:
        doc.review_status = "pending"
    session.add(doc)
    session.flush()
    return doc, held


def add_ngo_finding(
    *, session: Session, settings: Settings, user: UserAccount, form: NgoFindingInput
) -> Finding:
    """Record the NGO's finding as an allegation and queue it for review."""
    validate(form)
    if session.get(Facility, form.facility_id) is None:
        raise FindingInputError("Choose the facility the finding is about.")
    doc, held = _document(session, settings, form)
    # What the finding describes, as its own words date it; never the publication date.
    start, end, precision = described_period(
        f"{form.quote} {form.summary}", published=form.published
    )
    finding = Finding(
        document_id=doc.id or 0,
        facility_id=form.facility_id,
        category=form.category,
        result="allegation",
        raw_label=form.title.strip()[:500],
        summary=form.summary.strip(),
        found_date=end,
        observed_on=start,
        observed_until=end,
        observed_precision=precision,
        page=form.page,
        quote=form.quote.strip() or None,
        review_status="pending",
    )
    session.add(finding)
    session.flush()
    refresh_entries(session.connection(), doc.id)
    submit(
        session=session,
        kind="ngo_allegation",
        reason=f"NGO finding added by {user.email}: {form.organisation.strip()}",
        subject_table="finding",
        subject_id=finding.id,
        payload={
            "citation": form.url.strip(),
            "organisation": form.organisation.strip(),
            "document_id": doc.id,
            "held_version_id": held,
            "added_by": user.id,
        },
    )
    return finding


def facility_choices(*, session: Session) -> list[Facility]:
    """Facilities for the form's list, by state then name."""
    stmt = select(Facility).order_by(col(Facility.state), col(Facility.name))
    return list(session.exec(stmt))
