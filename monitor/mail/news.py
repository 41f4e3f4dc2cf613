"""News for subscribers: new documents about a facility (with their findings) and changes
in the status of an OIG recommendation, told as stories like alerts are.

Found by time window and made idempotent by deterministic Message-IDs, so running twice over
overlapping windows queues nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from monitor.i18n import N_
from monitor.mail.outbox import AlertLike
from monitor.mail.stories import Story, Storyteller, clip
from monitor.models import (
    Document,
    DocumentFacility,
    Facility,
    Finding,
    Recommendation,
    RecommendationStatusEvent,
    ReviewItem,
    utcnow,
)

NEWS_WINDOW = timedelta(days=2)
RESULT_ORDER = {"deficient": 0, "area_of_concern": 1, "allegation": 2}


@dataclass(frozen=True)
class NewsItem:
    """Shaped like an alert, so the recipient index can match it to subscriptions."""

    key: str  # stable: "doc.<id>.<facility>" or "status.<event id>"
    kind: str  # "document" or "status"
    record_id: int
    facility_id: int | None
    recommendation_id: int | None = None
    rule: str = "NEWS"
    id: int | None = None


def new_documents(session: Session, start: datetime, end: datetime) -> Iterator[NewsItem]:
    """Public, accepted documents that arrived in [start, end), once per facility they name."""
    rows = session.exec(
        select(col(Document.id), col(DocumentFacility.facility_id))
        .join(DocumentFacility, col(DocumentFacility.document_id) == col(Document.id))
        .where(col(Document.created_at) >= start, col(Document.created_at) < end)
        .where(col(Document.is_public).is_(True), col(Document.review_status) == "accepted")
        .order_by(col(Document.id))
    ).all()
    for doc_id, facility_id in rows:
        yield NewsItem(f"doc.{doc_id}.{facility_id}", "document", int(doc_id or 0), facility_id)


def accepted_findings(session: Session, start: datetime, end: datetime) -> Iterator[NewsItem]:
    """Findings a reviewer accepted in [start, end) (an NGO's allegations are held first).

    Told as news about their document, under the same key as a new document, so a document
    that arrives and is accepted within one window is still mailed once.
    """
    rows = session.exec(
        select(col(Finding.document_id), col(Finding.facility_id))
        .join(ReviewItem, col(ReviewItem.subject_id) == col(Finding.id))
        .join(Document, col(Document.id) == col(Finding.document_id))
        .where(col(ReviewItem.subject_table) == "finding", col(ReviewItem.status) == "accepted")
        .where(col(ReviewItem.decided_at) >= start, col(ReviewItem.decided_at) < end)
        .where(col(Document.is_public).is_(True), col(Document.review_status) == "accepted")
        .distinct()
    ).all()
    for doc_id, facility_id in rows:
        if facility_id is not None:
            yield NewsItem(f"doc.{doc_id}.{facility_id}", "document", int(doc_id), facility_id)


def status_changes(session: Session, start: datetime, end: datetime) -> Iterator[NewsItem]:
    """Status observations of recommendations recorded in [start, end)."""
    rows = session.exec(
        select(RecommendationStatusEvent, Recommendation)
        .join(
            Recommendation,
            col(Recommendation.id) == col(RecommendationStatusEvent.recommendation_id),
        )
        .where(col(RecommendationStatusEvent.recorded_at) >= start)
        .where(col(RecommendationStatusEvent.recorded_at) < end)
        .order_by(col(RecommendationStatusEvent.id))
    ).all()
    for event, rec in rows:
        yield NewsItem(f"status.{event.id}", "status", int(event.id or 0), rec.facility_id, rec.id)


def news_between(session: Session, start: datetime, end: datetime) -> list[NewsItem]:
    """Everything worth telling subscribers that happened in [start, end), each once."""
    found = [
        *new_documents(session, start, end),
        *accepted_findings(session, start, end),
        *status_changes(session, start, end),
    ]
    return list({item.key: item for item in found}.values())


def recent_news(session: Session, now: datetime | None = None) -> list[NewsItem]:
    """News of the last two days (overlapping runs are harmless: Message-IDs repeat)."""
    now = now or utcnow()
    return news_between(session, now - NEWS_WINDOW, now)


def story(teller: Storyteller, item: NewsItem | AlertLike) -> Story:
    """The story of a news item or an alert, in the teller's language."""
    if not isinstance(item, NewsItem):
        return teller.alert(item)
    if item.kind == "document":
        return _document_story(teller, item)
    return _status_story(teller, item)


STATUS_WORDS = {
    ("resolved", "closed"): N_("resolved and closed"),
    ("resolved", "open"): N_("resolved and open"),
    ("unresolved", "open"): N_("unresolved and open"),
    ("unresolved", "closed"): N_("closed without agreement"),
    (None, "closed"): N_("closed"),
    (None, "open"): N_("open"),
    ("resolved", None): N_("resolved"),
    ("unresolved", None): N_("unresolved"),
}
CONCURRENCE_WORDS = {
    "concur": N_("ICE concurred with it."),
    "non_concur": N_("ICE did not concur with it."),
    "partial": N_("ICE concurred with part of it."),
}


def _document_facts(
    teller: Storyteller, doc: Document, facility_id: int | None
) -> tuple[int, int, Finding | None]:
    """How many findings (about this facility) and recommendations; the finding to quote."""
    findings = teller.session.exec(
        select(Finding).where(
            col(Finding.document_id) == doc.id,
            col(Finding.facility_id) == facility_id,
            col(Finding.review_status) == "accepted",  # held allegations stay unmentioned
        )
    ).all()
    recs = teller.session.exec(
        select(func.count())
        .select_from(Recommendation)
        .where(col(Recommendation.document_id) == doc.id)
    ).one()
    quoted = sorted(
        (f for f in findings if f.quote),
        key=lambda f: (RESULT_ORDER.get(f.result, 9), f.page or 0),
    )
    return len(findings), int(recs), (quoted[0] if quoted else None)


def _document_story(teller: Storyteller, item: NewsItem) -> Story:
    say = teller.say
    doc = teller.session.get(Document, item.record_id)
    if doc is None:  # deleted since it was listed
        return Story(headline=say(N_("A document was withdrawn")), summary=("", ""))
    facility = teller.session.get(Facility, item.facility_id) if item.facility_id else None
    findings, recs, first = _document_facts(teller, doc, item.facility_id)
    title = clip(teller.document_label(doc), 150)
    place = teller.place(facility)
    return Story(
        headline=say(N_("%(place)s: new document, %(title)s"), place=place, title=title),
        summary=(
            say(
                N_("Published %(date)s by %(publisher)s."),
                date=teller.day(doc.published_date),
                publisher=doc.publisher or say(N_("an unnamed publisher")),
            ),
            say(
                N_("It records %(findings)s findings and %(recommendations)s recommendations."),
                findings=teller.number(findings),
                recommendations=teller.number(recs),
            ),
        ),
        quote=clip(first.quote, 500) if first else None,
        page=first.page if first else None,
        document_label=teller.document_label(doc),
        document_url=teller.document_url(doc.id, first.page if first else None),
        facility_name=facility.name if facility else None,
        facility_url=teller.facility_url(facility),
    )


def _status_story(teller: Storyteller, item: NewsItem) -> Story:
    session, say = teller.session, teller.say
    event = session.get(RecommendationStatusEvent, item.record_id)
    rec = session.get(Recommendation, item.recommendation_id) if item.recommendation_id else None
    if event is None or rec is None:
        return Story(headline=say(N_("A status record was withdrawn")), summary=("", ""))
    facility = session.get(Facility, rec.facility_id) if rec.facility_id else None
    doc = session.get(Document, event.document_id or rec.document_id)
    words = STATUS_WORDS.get((event.resolution, event.implementation))
    status = say(words) if words else say(N_("updated"))
    concurrence = CONCURRENCE_WORDS.get(event.concurrence or "")
    return Story(
        headline=say(
            N_("%(place)s: OIG recommendation %(number)s is now %(status)s"),
            place=teller.place(facility),
            number=rec.number,
            status=status,
        ),
        summary=(
            say(N_("Status as of %(date)s."), date=teller.day(event.observed_date))
            + (" " + say(concurrence) if concurrence else ""),
            say(
                N_("Recommendation %(number)s: %(text)s"),
                number=rec.number,
                text=clip(rec.text, 200),
            ),
        ),
        quote=clip(event.quote, 500) if event.quote else None,
        page=event.page,
        document_label=teller.document_label(doc),
        document_url=teller.document_url(doc.id if doc else None, event.page),
        facility_name=facility.name if facility else None,
        facility_url=teller.facility_url(facility),
    )
