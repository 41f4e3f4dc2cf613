"""A facility at a glance: what is wrong there now, in the few facts a reader needs first.

Open recommendations (how many, the oldest, how many ICE rejected), the latest inspection by
each inspector, the latest staffing figure with the date it describes, deaths, and the
active alerts. Read-only query functions; the facility page shows them above the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import String, and_, cast, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from monitor.alerts.facts_facility import FAILING
from monitor.alerts.service import AlertRow, active_alerts
from monitor.models import DeathRecord, Document, Inspection, Recommendation, StaffingObservation
from monitor.queries.common import StatusNow, today_utc
from monitor.queries.recommendations import RecommendationRow, load_recommendations
from monitor.queries.status_sql import current_statuses

DEATH_REPORT_DAYS = 90  # ICE publishes a Detainee Death Report within 90 days of a death


@dataclass
class OpenRecommendations:
    count: int = 0
    non_concur: int = 0
    oldest: RecommendationRow | None = None


@dataclass(frozen=True)
class LatestInspection:
    inspector: str
    end_date: date | None
    rating: str | None
    standard: str | None
    deficiency_count: int | None
    document_id: int | None
    page: int | None

    @property
    def failed(self) -> bool:
        """Whether the rating itself says the facility failed (counts are shown apart)."""
        text = (self.rating or "").lower()
        return any(word in text for word in FAILING)


@dataclass(frozen=True)
class Death:
    name: str
    died: date | None
    report_date: date | None
    document_id: int | None

    def report_status(self, today: date) -> tuple[str, int | None]:
        """('published'|'late'|'due'|'unknown', days) for the 90-day death report."""
        if self.report_date and self.died:
            return "published", (self.report_date - self.died).days
        if self.died is None:
            return "unknown", None
        waited = (today - self.died).days
        return ("late" if waited > DEATH_REPORT_DAYS else "due"), waited


@dataclass
class Glance:
    recommendations: OpenRecommendations
    inspections: list[LatestInspection] = field(default_factory=list)
    staffing: StaffingObservation | None = None
    deaths: list[Death] = field(default_factory=list)
    alerts: list[AlertRow] = field(default_factory=list)
    today: date = field(default_factory=today_utc)


def open_recommendations(rows: list[RecommendationRow]) -> OpenRecommendations:
    """Count the open ones, the ICE non-concurrences among them, and find the oldest."""
    still_open = [r for r in rows if r.status.is_open]
    oldest = max(still_open, key=lambda r: r.days_open or 0, default=None)
    non_concur = sum(1 for r in still_open if r.status.concurrence == "non_concur")
    return OpenRecommendations(len(still_open), non_concur, oldest)


def _public() -> Any:
    """Published documents only (join the document first)."""
    return and_(col(Document.is_public).is_(True), col(Document.review_status) == "accepted")


def facility_open_recommendations(
    *, session: Session, facility_id: int, today: date
) -> OpenRecommendations:
    """Open public recommendations of one facility, from plain tuples and the cached statuses.

    A busy facility has about a thousand recommendations: only the oldest open one is loaded
    in full, for its link and title.
    """
    # The start date as ISO text: a busy facility has ~1,000 rows and parsing every date
    # costs more than the query; ISO text sorts like the date, and only the oldest is loaded.
    start = cast(func.coalesce(Recommendation.issued_date, Document.published_date), String)
    rows: list[Any] = list(
        session.connection().execute(
            sa_select(col(Recommendation.id), start)
            .join(Document, col(Document.id) == Recommendation.document_id)
            .where(col(Recommendation.facility_id) == facility_id, _public())
        )
    )
    statuses = current_statuses(session=session)
    counted = OpenRecommendations()
    oldest: tuple[str, int] | None = None
    for rec_id, started in rows:
        status = statuses.get(rec_id, StatusNow())
        if not status.is_open:
            continue
        counted.count += 1
        counted.non_concur += status.concurrence == "non_concur"
        if started and (oldest is None or started < oldest[0]):
            oldest = (started, rec_id)
    if oldest is not None:
        # With its (short) history, which costs less than asking for every status again.
        found = load_recommendations(session=session, ids=[oldest[1]], today=today)
        counted.oldest = found[0] if found else None
    return counted


def latest_inspections(*, session: Session, facility_id: int) -> list[LatestInspection]:
    """The newest accepted inspection of each inspector (ODO, contractor, OIG), newest first."""
    ins = Inspection
    columns = (ins.inspector, ins.end_date, ins.start_date, ins.rating, ins.standard,
               ins.deficiency_count, ins.document_id, ins.page)  # fmt: skip
    rows: list[Any] = list(
        session.connection().execute(
            sa_select(*(col(c) for c in columns))
            .outerjoin(Document, col(Document.id) == ins.document_id)
            .where(col(ins.facility_id) == facility_id, col(ins.review_status) == "accepted")
            .where(or_(col(ins.document_id).is_(None), _public()))
        )
    )
    newest: dict[str, LatestInspection] = {}
    for inspector, end, start, rating, standard, count, doc_id, page in rows:
        when = end or start
        seen = newest.get(inspector)
        if seen is None or (when or date.min) > (seen.end_date or date.min):
            newest[inspector] = LatestInspection(
                inspector, when, rating, standard, count, doc_id, page
            )
    return sorted(newest.values(), key=lambda x: x.end_date or date.min, reverse=True)


def latest_staffing(*, session: Session, facility_id: int) -> StaffingObservation | None:
    """The staffing figure describing the latest date (all staff before one role group)."""
    S = StaffingObservation
    return session.exec(
        select(S)
        .join(Document, col(Document.id) == S.document_id)
        .where(S.facility_id == facility_id, S.review_status == "accepted")
        .where(col(S.pct_filled).is_not(None), _public())
        .order_by(col(S.as_of_date).is_(None), col(S.as_of_date).desc(), col(S.role_group) != "all")
        .limit(1)
    ).first()


def deaths(*, session: Session, facility_id: int) -> list[Death]:
    rows = session.exec(
        select(DeathRecord)
        .where(DeathRecord.facility_id == facility_id)
        .order_by(col(DeathRecord.date_of_death).desc())
    ).all()
    return [Death(d.person_name, d.date_of_death, d.death_report_date, d.document_id) for d in rows]


def facility_glance(*, session: Session, facility_id: int, slug: str) -> Glance:
    """Everything the facility page shows above its timeline."""
    today = today_utc()
    return Glance(
        recommendations=facility_open_recommendations(
            session=session, facility_id=facility_id, today=today
        ),
        inspections=latest_inspections(session=session, facility_id=facility_id),
        staffing=latest_staffing(session=session, facility_id=facility_id),
        deaths=deaths(session=session, facility_id=facility_id),
        alerts=active_alerts(session=session, facility_slug=slug),
        today=today,
    )
