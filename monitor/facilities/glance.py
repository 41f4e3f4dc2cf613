"""A facility at a glance: what is wrong there now, in the few facts a reader needs first.

Open recommendations (how many, the oldest, how many ICE rejected), the latest inspection by
each inspector, the latest staffing figure with the date it describes, deaths, and the
active alerts. Read-only query functions; the facility page shows them above the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from monitor.alerts.facts_facility import FAILING
from monitor.alerts.service import AlertRow, active_alerts
from monitor.models import DeathRecord, Document, Inspection, StaffingObservation
from monitor.queries.common import today_utc
from monitor.queries.recommendations import RecommendationRow, load_recommendations

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


def _public(document_id: Any) -> Any:
    public = select(Document.id).where(
        col(Document.is_public).is_(True), Document.review_status == "accepted"
    )
    return or_(col(document_id).is_(None), col(document_id).in_(public))


def latest_inspections(*, session: Session, facility_id: int) -> list[LatestInspection]:
    """The newest accepted inspection of each inspector (ODO, contractor, OIG), newest first."""
    rows = session.exec(
        select(Inspection)
        .where(Inspection.facility_id == facility_id, Inspection.review_status == "accepted")
        .where(_public(Inspection.document_id))
    ).all()
    newest: dict[str, LatestInspection] = {}
    for i in rows:
        when = i.end_date or i.start_date
        seen = newest.get(i.inspector)
        if seen is None or (when or date.min) > (seen.end_date or date.min):
            newest[i.inspector] = LatestInspection(
                i.inspector, when, i.rating, i.standard, i.deficiency_count, i.document_id, i.page
            )
    return sorted(newest.values(), key=lambda x: x.end_date or date.min, reverse=True)


def latest_staffing(*, session: Session, facility_id: int) -> StaffingObservation | None:
    """The staffing figure describing the latest date (all staff before one role group)."""
    rows = session.exec(
        select(StaffingObservation)
        .where(
            StaffingObservation.facility_id == facility_id,
            StaffingObservation.review_status == "accepted",
            col(StaffingObservation.pct_filled).is_not(None),
        )
        .where(_public(StaffingObservation.document_id))
    ).all()
    return max(rows, key=lambda s: (s.as_of_date or date.min, s.role_group == "all"), default=None)


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
    recs = load_recommendations(
        session=session, facility_id=facility_id, today=today, with_history=False
    )
    return Glance(
        recommendations=open_recommendations(recs),
        inspections=latest_inspections(session=session, facility_id=facility_id),
        staffing=latest_staffing(session=session, facility_id=facility_id),
        deaths=deaths(session=session, facility_id=facility_id),
        alerts=active_alerts(session=session, facility_slug=slug),
        today=today,
    )
