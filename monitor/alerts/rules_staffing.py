"""Rules over staffing, contract levers and deaths in custody (domain.md sections 4, 7, 8)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import or_
from sqlmodel import Session, col, select

from monitor.alerts.base import Candidate, RuleContext, worded
from monitor.alerts.facts import (
    ACCEPTED,
    cached,
    columns,
    doc_facilities,
    group_by,
    rows_of,
    single_subject_facilities,
)
from monitor.alerts.facts_facility import deficiencies_of, snapshots
from monitor.i18n import N_, Words
from monitor.models import DeathRecord, Document, StaffingObservation
from monitor.queries.described import observed

# Staff groups as a subject line starts ("Security staffing at 50% ...").
ROLE_WORDS = {
    "all": N_("All"),
    "security": N_("Security"),
    "medical": N_("Medical"),
    "mental_health": N_("Mental health"),
}


class Staffing(NamedTuple):
    facility_id: int
    role: str
    when: date
    pct: float
    document_id: int


def staffing(
    *, session: Session, as_of: date, doc_facility: dict[int, int] | None = None
) -> list[Staffing]:
    """Accepted staffing observations with a percentage, oldest first."""
    if doc_facility is None:
        doc_facility = single_subject_facilities(session=session)
    obs = StaffingObservation
    rows = rows_of(
        session,
        columns(
            obs.facility_id,
            obs.document_id,
            obs.observed_on,
            obs.observed_until,
            obs.as_of_date,
            obs.repeats_id,
            obs.role_group,
            obs.pct_filled,
            Document.published_date,
        )
        .join(Document, col(Document.id) == col(obs.document_id))
        .where(col(obs.review_status) == ACCEPTED, col(Document.review_status) == ACCEPTED),
    )
    out = []
    for facility_id, doc_id, on, until, as_of_date, repeats, role, pct, published in rows:
        facility = facility_id or doc_facility.get(doc_id)
        # Rules compare values over time: only figures whose described date is stated,
        # and not a figure another document merely repeats.
        when = observed(on, until, None, published, as_of_date).when if repeats is None else None
        if facility is not None and when is not None and when <= as_of and pct is not None:
            out.append(Staffing(facility, role, when, pct, doc_id))
    return sorted(out, key=lambda s: (s.when, s.document_id))


def _staffing(ctx: RuleContext) -> list[Staffing]:
    return cached(
        ctx,
        "staffing",
        lambda: staffing(session=ctx.session, as_of=ctx.as_of, doc_facility=doc_facilities(ctx)),
    )


def _severity(ctx: RuleContext, role: str, pct: float) -> str | None:
    t = ctx.thresholds
    if role in ("medical", "mental_health"):
        return (
            "critical"
            if pct < t.staffing_critical_pct
            else "warning"
            if pct < t.staffing_medical_pct
            else None
        )
    return (
        "critical"
        if pct < t.staffing_critical_pct
        else "warning"
        if pct < t.staffing_warning_pct
        else None
    )


def staffing_below_threshold(ctx: RuleContext) -> list[Candidate]:
    """The latest staffing figure per facility and role group is below its threshold."""
    out = []
    for (facility_id, role), items in group_by(
        _staffing(ctx), lambda s: (s.facility_id, s.role)
    ).items():
        latest = items[-1]
        severity = _severity(ctx, role, latest.pct)
        if severity is None:
            continue
        run_start = latest.when
        for item in reversed(items):  # since: start of the current run of low figures
            if _severity(ctx, role, item.pct) is None:
                break
            run_start = item.when
        subject, wording = worded(
            N_("%(group)s staffing at %(pct)s%% of required positions (%(day)s)"),
            group=Words(ROLE_WORDS.get(role, role.replace("_", " ").capitalize())),
            pct=round(latest.pct),
            day=latest.when,
        )
        out.append(
            Candidate(
                rule="STAFFING_BELOW_THRESHOLD",
                key=f"fac:{facility_id}:{role}",
                subject=subject,
                since=run_start,
                severity=severity,
                facility_id=facility_id,
                document_id=latest.document_id,
                details={"percent_filled": round(latest.pct, 1), **wording},
            )
        )
    return out


def staffing_persistent(ctx: RuleContext) -> list[Candidate]:
    """Staffing flagged in several documents far apart, and not recovered since."""
    gap = ctx.thresholds.staffing_persistent_days
    flags: dict[int, dict[int, date]] = {}
    recovered: dict[int, date] = {}
    for item in _staffing(ctx):
        if _severity(ctx, item.role, item.pct) is None:
            recovered[item.facility_id] = item.when
        else:
            flags.setdefault(item.facility_id, {}).setdefault(item.document_id, item.when)
    found = deficiencies_of(ctx)
    for finding in found:
        if finding.category == "STAFFING":
            flags.setdefault(finding.facility_id, {}).setdefault(finding.document_id, finding.found)
    out = []
    for facility_id, by_doc in flags.items():
        dates = sorted(by_doc.values())
        later = [d for d in dates if (d - dates[0]).days > gap]
        if not later or recovered.get(facility_id, date.min) > dates[-1]:
            continue
        subject, wording = worded(
            N_("Staffing flagged in %(count)s documents from %(first)s to %(last)s"),
            count=len(dates),
            first=dates[0],
            last=dates[-1],
        )
        out.append(
            Candidate(
                rule="STAFFING_PERSISTENT",
                key=f"fac:{facility_id}",
                subject=subject,
                since=later[0],
                severity="high",
                facility_id=facility_id,
                details={"dates": [d.isoformat() for d in dates], **wording},
            )
        )
    return out


def guaranteed_min_cut(ctx: RuleContext) -> list[Candidate]:
    """A guaranteed minimum that fell sharply between releases and has not come back."""
    limit = ctx.thresholds.guaranteed_min_cut_pct
    by_facility = group_by(snapshots(ctx), lambda snap: snap.facility_id)
    out = []
    for facility_id, snaps in by_facility.items():
        series = [(s.guaranteed_minimum, s) for s in snaps if s.guaranteed_minimum is not None]
        if len(series) < 2:
            continue
        for (before, _), (after, release) in zip(series, series[1:], strict=False):
            drop = 100 * (before - after) / before if before else 0.0
            current = series[-1][0]
            if drop > limit and 100 * (before - current) / before > limit:
                subject, wording = worded(
                    N_("Guaranteed minimum cut from %(before)s to %(after)s beds (%(drop)s%%)"),
                    before=before,
                    after=after,
                    drop=round(drop),
                )
                out.append(
                    Candidate(
                        rule="GUARANTEED_MIN_CUT",
                        key=f"fac:{facility_id}:release:{release.release_id}",
                        subject=subject,
                        since=release.released,
                        severity="warning",
                        facility_id=facility_id,
                        details={
                            "before": before,
                            "after": after,
                            "release": release.release_label,
                            **wording,
                        },
                    )
                )
    return out


def death_report_late(ctx: RuleContext) -> list[Candidate]:
    """Known deaths with no public Detainee Death Report after the deadline."""
    days = ctx.thresholds.death_report_days
    out = []
    unreviewed = select(col(Document.id)).where(col(Document.review_status) != ACCEPTED)
    deaths = ctx.session.exec(
        select(DeathRecord).where(
            col(DeathRecord.date_of_death).is_not(None),
            or_(
                col(DeathRecord.document_id).is_(None),
                col(DeathRecord.document_id).not_in(unreviewed),
            ),
        )
    ).all()
    for death in deaths:
        if death.date_of_death is None:
            continue
        due = death.date_of_death + timedelta(days=days)
        reported = death.death_report_date is not None and death.death_report_date <= ctx.as_of
        if ctx.as_of > due and not reported:
            subject, wording = worded(
                N_("No Detainee Death Report for %(name)s %(days)s days after the death"),
                name=death.person_name,
                days=(ctx.as_of - death.date_of_death).days,
            )
            out.append(
                Candidate(
                    rule="DEATH_REPORT_LATE",
                    key=f"death:{death.id}",
                    subject=subject,
                    since=due,
                    severity="high",
                    facility_id=death.facility_id,
                    document_id=death.document_id,
                    details=wording,
                )
            )
    return out


RULES = {
    "STAFFING_BELOW_THRESHOLD": staffing_below_threshold,
    "STAFFING_PERSISTENT": staffing_persistent,
    "GUARANTEED_MIN_CUT": guaranteed_min_cut,
    "DEATH_REPORT_LATE": death_report_late,
}
