"""One thing worth telling a subscriber, ready for a mail: headline, two lines, quote, links.

Alerts, new documents and status changes all become a `Story`, so single messages, digests
and the welcome digest render them the same way. Quotes stay in the document's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from sqlmodel import Session, col, select

from monitor import i18n
from monitor.alerts.base import said
from monitor.config import Settings
from monitor.i18n import N_
from monitor.mail import wording
from monitor.mail.outbox import AlertLike
from monitor.mail.render import absolute, translate
from monitor.models import Document, Facility, Finding, Recommendation, RecommendationStatusEvent

SUMMARY_CHARS = 240


@dataclass(frozen=True)
class Story:
    headline: str
    summary: tuple[str, str]
    severity: str | None = None
    quote: str | None = None
    page: int | None = None
    document_label: str | None = None
    document_url: str | None = None
    facility_name: str | None = None
    facility_url: str | None = None


def clip(text: str | None, limit: int = SUMMARY_CHARS) -> str:
    """Text cut at a word boundary with an ellipsis, whitespace collapsed."""
    words = " ".join((text or "").split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0] + "…"


class Storyteller:
    """Builds stories in one language, reading each record once per pass."""

    def __init__(
        self, session: Session, settings: Settings, language: str, today: date | None = None
    ) -> None:
        self.session, self.settings = session, settings
        self.language = i18n.normalize(language)
        self.say = partial(translate, self.language)
        self.today = today or date.today()
        self._alerts: dict[int, Story] = {}

    def day(self, value: date | None) -> str:
        return i18n.day(value, self.language) if value else self.say(N_("an unknown date"))

    def number(self, value: int) -> str:
        return i18n.number(value, self.language)

    def place(self, facility: Facility | None) -> str:
        return wording.short_name(facility.name) if facility else self.say(N_("All facilities"))

    def facility_url(self, facility: Facility | None) -> str | None:
        return absolute(self.settings, f"/facilities/{facility.slug}") if facility else None

    def document_url(self, document_id: int | None, page: int | None) -> str | None:
        if document_id is None:
            return None
        path = f"/documents/{document_id}" + (f"/pages/{page}" if page else "")
        return absolute(self.settings, path)

    def document_label(self, doc: Document | None) -> str | None:
        if doc is None:
            return None
        return f"{doc.report_number}: {doc.title}" if doc.report_number else doc.title

    def alert(self, alert: AlertLike) -> Story:
        """The story of one alert (cached: a digest may list it for many people)."""
        key = alert.id or 0
        if key not in self._alerts:
            self._alerts[key] = self._alert(alert)
        return self._alerts[key]

    def _alert(self, alert: AlertLike) -> Story:
        facility = self.session.get(Facility, alert.facility_id) if alert.facility_id else None
        rec = (
            self.session.get(Recommendation, alert.recommendation_id)
            if alert.recommendation_id
            else None
        )
        doc_id = getattr(alert, "document_id", None) or (rec.document_id if rec else None)
        doc = self.session.get(Document, doc_id) if doc_id else None
        quote, page = self._evidence(rec, doc, facility)
        return Story(
            headline=self._headline(alert, facility, rec, doc)[:250],
            summary=(
                self.say(wording.EXPLANATIONS.get(alert.rule, wording.GENERIC_EXPLANATION)),
                self._second_line(alert, rec, doc),
            ),
            severity=alert.severity,
            quote=quote,
            page=page,
            document_label=self.document_label(doc),
            document_url=self.document_url(doc_id, page),
            facility_name=facility.name if facility else None,
            facility_url=self.facility_url(facility),
        )

    def _headline(
        self,
        alert: AlertLike,
        facility: Facility | None,
        rec: Recommendation | None,
        doc: Document | None,
    ) -> str:
        values: dict[str, object] = {
            "place": self.place(facility),
            "report": (doc.report_number or doc.title) if doc else "",
            # AlertInfo carries no details; a stored Alert's wording follows the mail's language.
            "subject": said(alert.subject, getattr(alert, "details", None)),
        }
        if rec is not None and alert.rule in wording.RECOMMENDATION_HEADLINES:
            issued = rec.issued_date or (doc.published_date if doc else None)
            days = (self.today - issued).days if issued else 0
            values.update(number=rec.number, days=i18n.number(days, self.language))
            return self.say(wording.RECOMMENDATION_HEADLINES[alert.rule], **values)
        message = wording.FACILITY_HEADLINES.get(alert.rule, wording.GENERIC_HEADLINE)
        return self.say(message, **values)

    def _second_line(
        self, alert: AlertLike, rec: Recommendation | None, doc: Document | None
    ) -> str:
        """Where it stands: the recommendation and its date, else since when (no repeats)."""
        if rec is None:
            since = getattr(alert, "since", None)
            return self.say(N_("Active since %(date)s."), date=self.day(since)) if since else ""
        issued = rec.issued_date or (doc.published_date if doc else None)
        return self.say(
            N_("Recommendation %(number)s of %(report)s, issued %(date)s."),
            number=rec.number,
            report=(doc.report_number or doc.title) if doc else "",
            date=self.day(issued),
        )

    def _evidence(
        self, rec: Recommendation | None, doc: Document | None, facility: Facility | None
    ) -> tuple[str | None, int | None]:
        """The passage to quote and its page: the recommendation, its status, or a finding."""
        if rec is not None and rec.quote:
            return clip(rec.quote, 500), rec.page
        if rec is not None:
            event = self.session.exec(
                select(RecommendationStatusEvent)
                .where(col(RecommendationStatusEvent.recommendation_id) == rec.id)
                .where(col(RecommendationStatusEvent.quote).is_not(None))
                .order_by(col(RecommendationStatusEvent.observed_date).desc())
            ).first()
            if event is not None:
                return clip(event.quote, 500), event.page
            return clip(rec.text, 500), rec.page
        if doc is not None:
            found = self.session.exec(
                select(Finding)
                .where(col(Finding.document_id) == doc.id, col(Finding.quote).is_not(None))
                .where(col(Finding.facility_id) == (facility.id if facility else None))
                .order_by(col(Finding.page))
            ).first()
            if found is not None:
                return clip(found.quote, 500), found.page
        return None, None


class Tellers:
    """One storyteller per language for a pass (each keeps its own cache)."""

    def __init__(self, session: Session, settings: Settings, today: date | None = None) -> None:
        self.session, self.settings, self.today = session, settings, today
        self._by_language: dict[str, Storyteller] = {}

    def __call__(self, language: str) -> Storyteller:
        lang = i18n.normalize(language)
        if lang not in self._by_language:
            self._by_language[lang] = Storyteller(self.session, self.settings, lang, self.today)
        return self._by_language[lang]
