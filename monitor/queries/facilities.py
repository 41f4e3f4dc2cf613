"""Facility list (search, filter, sort) and the facility page header."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from monitor.charts import PopulationPoint
from monitor.models import (
    Alert,
    Document,
    Facility,
    FacilityAlias,
    FacilityOperator,
    Inspection,
    Recommendation,
    StaffingObservation,
)
from monitor.queries.common import Paged, StatusNow, days_overdue, paginate, today_utc
from monitor.queries.shapes import FacilityRowJSON
from monitor.queries.status_sql import current_statuses
from monitor.queries.timeline_stats import population_series

FACILITY_SORTS = ("name", "open_recommendations", "days_overdue", "last_inspection", "staffing")


@dataclass
class FacilityRow:
    """One line of the facility list."""

    id: int
    slug: str
    name: str
    city: str | None
    state: str | None
    aor: str | None
    type_detailed: str | None
    operator: str | None = None
    open_recommendations: int = 0
    days_overdue: int = 0
    last_inspection: date | None = None
    staffing_pct: float | None = None
    active_alerts: int = 0

    def as_dict(self) -> FacilityRowJSON:
        """JSON/CSV shape."""
        return FacilityRowJSON(
            slug=self.slug, name=self.name, city=self.city, state=self.state, aor=self.aor,
            type_detailed=self.type_detailed, operator=self.operator,
            open_recommendations=self.open_recommendations, days_overdue=self.days_overdue,
            last_inspection=self.last_inspection.isoformat() if self.last_inspection else None,
            staffing_pct=self.staffing_pct, active_alerts=self.active_alerts,
        )  # fmt: skip


@dataclass(frozen=True)
class FacilityFilter:
    q: str | None = None
    state: str | None = None
    aor: str | None = None
    type_detailed: str | None = None
    operator: str | None = None
    sort: str = "name"
    descending: bool = False


def _base_query(f: FacilityFilter) -> Any:
    query = select(Facility)
    if f.q:
        like = f"%{f.q.strip().lower()}%"
        aliases = select(FacilityAlias.facility_id).where(
            func.lower(FacilityAlias.alias).like(like)
        )
        query = query.where(
            or_(
                func.lower(Facility.name).like(like),
                func.lower(Facility.city).like(like),
                col(Facility.id).in_(aliases),
            )
        )
    for column, value in (
        (Facility.state, f.state),
        (Facility.aor, f.aor),
        (Facility.type_detailed, f.type_detailed),
    ):
        if value:
            query = query.where(func.upper(column) == value.upper())
    if f.operator:
        ops = select(FacilityOperator.facility_id).where(
            func.lower(FacilityOperator.operator).like(f"%{f.operator.lower()}%")
        )
        query = query.where(col(Facility.id).in_(ops))
    return query


def _latest_by_facility(session: Session, model: Any, date_col: Any, value_col: Any) -> dict:
    """{facility_id: value of the row with the latest date} (None dates sort first).

    Facts still waiting for review (or rejected) never show publicly.
    """
    query = select(model.facility_id, value_col).where(model.facility_id.is_not(None))
    if hasattr(model, "review_status"):
        query = query.where(model.review_status == "accepted")
    rows = session.exec(
        query.order_by(model.facility_id, date_col.is_not(None), date_col, model.id)
    )
    return {fid: value for fid, value in rows}


def _latest_staffing(session: Session) -> dict[int, float]:
    """{facility_id: percent filled of its latest own figure}, by the date the figure
    describes; figures without a percentage, and figures repeating another, are skipped."""
    obs = StaffingObservation
    query = select(obs.facility_id, obs.pct_filled).where(
        col(obs.facility_id).is_not(None),
        col(obs.pct_filled).is_not(None),
        col(obs.repeats_id).is_(None),
        obs.review_status == "accepted",
    )
    described = func.coalesce(col(obs.observed_on), col(obs.as_of_date))
    rows = session.exec(
        query.order_by(col(obs.facility_id), described.is_not(None), described, col(obs.id))
    )
    return {fid: pct for fid, pct in rows if fid is not None and pct is not None}


def _annotate(session: Session, rows: dict[int, FacilityRow]) -> None:
    """Fill operator, recommendations, inspection, staffing and alert columns."""
    for fid, op in _latest_by_facility(
        session, FacilityOperator, col(FacilityOperator.start_date), FacilityOperator.operator
    ).items():
        if fid in rows:
            rows[fid].operator = op
    insp = session.exec(
        select(
            Inspection.facility_id,
            func.max(func.coalesce(Inspection.end_date, Inspection.start_date)),
        )
        .where(Inspection.review_status == "accepted")
        .group_by(col(Inspection.facility_id))
    )
    staffing = _latest_staffing(session)
    alerts = session.exec(
        select(Alert.facility_id, func.count())
        .where(Alert.status == "active")
        .group_by(col(Alert.facility_id))
    )
    for fid, value in insp:
        if fid in rows:
            rows[fid].last_inspection = value
    for fid, pct in staffing.items():
        if fid in rows:
            rows[fid].staffing_pct = pct
    for fid, count in alerts:
        if fid in rows:
            rows[fid].active_alerts = count
    _count_open(session, rows)


def _count_open(session: Session, rows: dict[int, FacilityRow]) -> None:
    """Open recommendations and the worst days past target, per facility."""
    statuses = current_statuses(session=session)
    today = today_utc()
    public = session.connection().execute(
        sa_select(col(Recommendation.id), col(Recommendation.facility_id))
        .join(Document, col(Document.id) == Recommendation.document_id)
        .where(
            col(Recommendation.facility_id).is_not(None),
            col(Document.is_public).is_(True),
            col(Document.review_status) == "accepted",
        )
    )
    for rec_id, fid in public:
        status = statuses.get(rec_id or 0, StatusNow())
        if fid in rows and status.is_open:
            rows[fid].open_recommendations += 1
            rows[fid].days_overdue = max(rows[fid].days_overdue, days_overdue(status, today))


_SORT_KEYS: dict[str, Any] = {
    "name": lambda r: r.name.lower(),
    "open_recommendations": lambda r: r.open_recommendations,
    "days_overdue": lambda r: r.days_overdue,
    "last_inspection": lambda r: (r.last_inspection is not None, r.last_inspection or date.min),
    "staffing": lambda r: (r.staffing_pct is not None, r.staffing_pct or 0.0),
}


def search_facilities(*, session: Session, filters: FacilityFilter) -> list[FacilityRow]:
    """Facilities matching `filters`, annotated and sorted."""
    facilities = session.exec(_base_query(filters)).all()
    rows = {
        f.id: FacilityRow(f.id, f.slug, f.name, f.city, f.state, f.aor, f.type_detailed)
        for f in facilities
        if f.id is not None
    }
    _annotate(session, rows)
    out = sorted(rows.values(), key=lambda r: r.name.lower())
    if filters.sort != "name" or filters.descending:
        out.sort(key=_SORT_KEYS[filters.sort], reverse=filters.descending)
    return out


def facility_page(
    *, session: Session, filters: FacilityFilter, page: int, per_page: int = 50
) -> Paged[FacilityRow]:
    return paginate(search_facilities(session=session, filters=filters), page, per_page)


def filter_options(*, session: Session) -> dict[str, list[str]]:
    """Distinct states, field offices, types and operators for the filter form."""

    def distinct(column: Any) -> list[str]:
        return sorted({v for v in session.exec(select(column).distinct()) if v})

    return {
        "state": distinct(Facility.state),
        "aor": distinct(Facility.aor),
        "type_detailed": distinct(Facility.type_detailed),
        "operator": distinct(FacilityOperator.operator),
    }


@dataclass
class OperatorPeriod:
    operator: str
    start_date: date | None
    end_date: date | None
    document_id: int | None
    page: int | None


@dataclass
class FacilityHeader:
    """Facts shown at the top of a facility page."""

    facility: Facility
    aliases: list[str] = field(default_factory=list)
    operators: list[OperatorPeriod] = field(default_factory=list)
    population: list[PopulationPoint] = field(default_factory=list)

    @property
    def latest(self) -> PopulationPoint | None:
        """The newest statistics release listing the facility."""
        return self.population[-1] if self.population else None

    @property
    def guaranteed_minimum(self) -> int | None:
        return self.latest.guaranteed_minimum if self.latest else None

    @property
    def adp(self) -> float | None:
        return self.latest.adp if self.latest else None

    @property
    def release_label(self) -> str | None:
        return self.latest.label if self.latest else None


def facility_header(*, session: Session, slug: str) -> FacilityHeader | None:
    """The facility with `slug` and its header facts, or None when unknown."""
    facility = session.exec(select(Facility).where(Facility.slug == slug)).first()
    if facility is None:
        return None
    header = FacilityHeader(facility)
    names = session.exec(
        select(FacilityAlias.alias).where(
            FacilityAlias.facility_id == facility.id,
            col(FacilityAlias.kind).in_(("name", "abbreviation")),  # not address keys or codes
        )
    )
    header.aliases = sorted({a for a in names if a.lower() != facility.name.lower()})
    ops = session.exec(
        select(FacilityOperator)
        .where(FacilityOperator.facility_id == facility.id)
        .order_by(col(FacilityOperator.start_date).is_not(None), col(FacilityOperator.start_date))
    )
    header.operators = [
        OperatorPeriod(o.operator, o.start_date, o.end_date, o.document_id, o.page) for o in ops
    ]
    header.population = population_series(session=session, facility_id=facility.id or 0)
    return header
