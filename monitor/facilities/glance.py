"""A facility at a glance: what is wrong there now, in the few facts a reader needs first.

Open recommendations (how many, the oldest, how many ICE rejected), the latest inspection by
each inspector, the latest staffing figure with the date it describes, deaths, and the
active alerts. Read-only query functions; the facility page shows them above the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Date, and_, text
from sqlmodel import Session, col, select

from monitor.alerts.facts_facility import FAILING
from monitor.alerts.service import AlertRow, active_alerts
from monitor.models import DeathRecord, Document, StaffingObservation
from monitor.queries.common import today_utc
from monitor.queries.recommendations import RecommendationRow, load_recommendations
from monitor.queries.status_sql import latest_axis_sql

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
    id: int | None = None

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
    id: int | None = None

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


def _public() -> Any:
    """Published documents only (join the document first)."""
    return and_(col(Document.is_public).is_(True), col(Document.review_status) == "accepted")


# Open public recommendations of one facility: the oldest row carries the open count and the
# ICE non-concurrences. Statuses by `latest_axis_sql` (index seeks), never every status.
OPEN_SQL = (
    "SELECT o.rid, COUNT(*) OVER () AS open_count, SUM(CASE WHEN o.concurrence = 'non_concur' "
    "THEN 1 ELSE 0 END) OVER () AS non_concur FROM (SELECT r.id AS rid, "
    "CAST(COALESCE(r.issued_date, d.published_date) AS TEXT) AS start, "
    f"{latest_axis_sql('concurrence')} AS concurrence, "
    f"{latest_axis_sql('implementation')} AS implementation "
    "FROM recommendation r JOIN document d ON d.id = r.document_id WHERE r.facility_id = :fid "
    "AND d.is_public = :true AND d.review_status = 'accepted') o "
    "WHERE COALESCE(o.implementation, 'open') <> 'closed' "
    "ORDER BY CASE WHEN o.start IS NULL THEN 1 ELSE 0 END, o.start, o.rid LIMIT 1"
)


def facility_open_recommendations(
    *, session: Session, facility_id: int, today: date
) -> OpenRecommendations:
    """How many of the facility's recommendations are open, how many ICE rejected, the oldest."""
    conn = session.connection()
    found = conn.execute(text(OPEN_SQL), {"fid": facility_id, "true": True}).first()
    if found is None:
        return OpenRecommendations()
    oldest_id, count, non_concur = found
    rows = load_recommendations(session=session, ids=[oldest_id], today=today)
    return OpenRecommendations(int(count), int(non_concur or 0), rows[0] if rows else None)


# The newest accepted inspection per inspector (a busy facility has hundreds of inspections).
LATEST_INSPECTIONS_SQL = (
    "SELECT inspector, day, rating, standard, deficiency_count, document_id, page, id FROM ("
    "SELECT i.inspector, COALESCE(i.end_date, i.start_date) AS day, i.rating, i.standard, "
    "i.deficiency_count, i.document_id, i.page, i.id, ROW_NUMBER() OVER (PARTITION BY i.inspector "
    "ORDER BY CASE WHEN COALESCE(i.end_date, i.start_date) IS NULL THEN 1 ELSE 0 END, "
    "COALESCE(i.end_date, i.start_date) DESC, i.id DESC) AS n FROM inspection i "
    "LEFT JOIN document d ON d.id = i.document_id WHERE i.facility_id = :fid "
    "AND i.review_status = 'accepted' AND (i.document_id IS NULL OR (d.is_public = :true "
    "AND d.review_status = 'accepted'))) x WHERE n = 1"
)


def latest_inspections(*, session: Session, facility_id: int) -> list[LatestInspection]:
    """The newest accepted inspection of each inspector (ODO, contractor, OIG), newest first."""
    stmt = text(LATEST_INSPECTIONS_SQL).columns(day=Date)
    rows = session.connection().execute(stmt, {"fid": facility_id, "true": True})
    found = [LatestInspection(*row) for row in rows]
    return sorted(found, key=lambda x: x.end_date or date.min, reverse=True)


def latest_staffing(*, session: Session, facility_id: int) -> StaffingObservation | None:
    """The staffing figure describing the latest date (all staff before one role group)."""
    S = StaffingObservation
    shown = (
        select(S)
        .join(Document, col(Document.id) == S.document_id)
        .where(S.facility_id == facility_id, S.review_status == "accepted")
        .where(col(S.pct_filled).is_not(None), _public())
    )
    # The newest date first, read backwards along ix_staffing_facility_asof (a busy facility
    # has hundreds of figures), then the figures of that date, or of no date when none has one.
    newest = session.exec(
        shown.where(col(S.as_of_date).is_not(None)).order_by(col(S.as_of_date).desc()).limit(1)
    ).first()
    day = col(S.as_of_date) == newest.as_of_date if newest else col(S.as_of_date).is_(None)
    return session.exec(shown.where(day).order_by(col(S.role_group) != "all").limit(1)).first()


def deaths(*, session: Session, facility_id: int) -> list[Death]:
    rows = session.exec(
        select(DeathRecord)
        .where(DeathRecord.facility_id == facility_id)
        .order_by(col(DeathRecord.date_of_death).desc())
    ).all()
    return [
        Death(d.person_name, d.date_of_death, d.death_report_date, d.document_id, d.id)
        for d in rows
    ]


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
