"""Rules over inspections, findings and ratings at one facility (domain.md sections 6 and 8)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta

from monitor.alerts.base import Candidate, RuleContext, worded
from monitor.alerts.facts import cached, group_by
from monitor.alerts.facts_facility import (
    AlertDocument,
    Deficiency,
    Visit,
    deficiencies_of,
    is_passing,
    latest_snapshots,
    management_alerts,
    visits,
)
from monitor.alerts.rules_recommendations import _recs
from monitor.i18n import N_, Words
from scrapers._taxonomy import CATEGORIES, CRITICAL_CATEGORIES


def _deficiencies(ctx: RuleContext) -> list[Deficiency]:
    return deficiencies_of(ctx)


def _visits(ctx: RuleContext) -> list[Visit]:
    return cached(ctx, "visits", lambda: visits(ctx))


def _alert_docs(ctx: RuleContext) -> list[AlertDocument]:
    return cached(
        ctx, "management_alerts", lambda: management_alerts(session=ctx.session, as_of=ctx.as_of)
    )


def repeat_category(ctx: RuleContext) -> list[Candidate]:
    """The same category deficient in several inspections of one facility within the window."""
    window = timedelta(days=ctx.thresholds.repeat_window_days)
    needed = ctx.thresholds.repeat_inspections
    out = []
    groups = group_by(_deficiencies(ctx), lambda d: (d.facility_id, d.category))
    for (facility_id, category), items in groups.items():
        first_by_visit: dict[str, date] = {}
        for item in sorted(items, key=lambda d: d.found):
            first_by_visit.setdefault(item.visit, item.found)
        dates = sorted(first_by_visit.values())
        recent = [d for d in dates if d > ctx.as_of - window]
        if len(recent) >= needed:
            subject, wording = worded(
                N_("%(category)s deficient in %(count)s inspections within %(months)s months"),
                category=Words(CATEGORIES[category]),
                count=len(recent),
                months=ctx.thresholds.repeat_window_days // 30,
            )
            out.append(
                Candidate(
                    rule="REPEAT_CATEGORY",
                    key=f"fac:{facility_id}:{category}",
                    subject=subject,
                    since=recent[needed - 1],
                    severity="warning",
                    facility_id=facility_id,
                    details={
                        "category": category,
                        "dates": [d.isoformat() for d in recent],
                        **wording,
                    },
                )
            )
    return out


def critical_category(ctx: RuleContext) -> list[Candidate]:
    """Recent deficiencies in health and safety categories, one alert per document and category."""
    cutoff = ctx.as_of - timedelta(days=ctx.thresholds.critical_new_days)
    out: dict[str, Candidate] = {}
    for item in _deficiencies(ctx):
        if item.category not in CRITICAL_CATEGORIES or item.found <= cutoff:
            continue
        key = f"fac:{item.facility_id}:{item.category}:doc:{item.document_id}"
        if key not in out or item.found < out[key].since:
            subject, wording = worded(
                N_("New deficiency in %(category)s: %(heading)s"),
                category=Words(CATEGORIES[item.category]),
                heading=item.label[:250],
            )
            out[key] = Candidate(
                rule="CRITICAL_CATEGORY",
                key=key,
                subject=subject,
                since=item.found,
                severity="high",
                facility_id=item.facility_id,
                document_id=item.document_id,
                details={"category": item.category, **wording},
            )
    return list(out.values())


def management_alert(ctx: RuleContext) -> list[Candidate]:
    """OIG management alerts naming a facility: recent ones, or while their advice stays open."""
    recent = ctx.as_of - timedelta(days=ctx.thresholds.management_alert_days)
    open_docs = {rec.document_id for rec in _recs(ctx) if rec.is_open}
    out = []
    for doc in _alert_docs(ctx):
        if doc.published <= recent and doc.document_id not in open_docs:
            continue
        subject, wording = worded(
            N_("OIG management alert %(report)s: %(title)s"),
            report=doc.report_number or "",
            title=doc.title[:250],
        )
        out.append(
            Candidate(
                rule="MANAGEMENT_ALERT",
                key=f"doc:{doc.document_id}:fac:{doc.facility_id}",
                subject=subject.replace("  ", " "),
                since=doc.published,
                severity="high",
                facility_id=doc.facility_id,
                document_id=doc.document_id,
                details={"open_recommendations": doc.document_id in open_docs, **wording},
            )
        )
    return out


def rating_contradiction(ctx: RuleContext) -> list[Candidate]:
    """A passing rating close in time to many deficiencies or a management alert."""
    window = timedelta(days=ctx.thresholds.contradiction_window_days)
    evidence = _contradicting_evidence(ctx)
    # Each facility's evidence dates, listed once (sorted: bisect the window).
    dated = {fac: [when for when, _, _ in items] for fac, items in evidence.items()}
    out = []
    for visit in _visits(ctx):
        items = evidence.get(visit.facility_id)
        if not items or not is_passing(visit.rating):
            continue
        dates = dated[visit.facility_id]
        near = items[
            bisect_left(dates, visit.when - window) : bisect_right(dates, visit.when + window)
        ]
        if near:
            out.append(_contradiction(visit, sorted(near, key=lambda e: (not e[2], e[0]))))
    return out


def _contradiction(visit: Visit, near: list[tuple[date, Words, bool]]) -> Candidate:
    """The alert for one passing rating; a management alert, when there is one, says the most."""
    subject, wording = worded(
        N_("Rated %(rating)s on %(day)s despite %(evidence)s"),
        rating=visit.rating,
        day=visit.when,
        evidence=near[0][1],
    )
    evidence = [worded(what.message, **what.values)[0] for _, what, _ in near]
    return Candidate(
        rule="RATING_CONTRADICTION",
        key=f"fac:{visit.facility_id}:{visit.when.isoformat()}",
        subject=subject,
        since=min(max(when, visit.when) for when, _, _ in near),
        severity="high" if any(grave for _, _, grave in near) else "warning",
        facility_id=visit.facility_id,
        document_id=visit.document_id,
        details={"rating": visit.rating, "evidence": evidence, **wording},
    )


def _contradicting_evidence(ctx: RuleContext) -> dict[int, list[tuple[date, Words, bool]]]:
    """Per facility: dated inspections with many deficiencies, and management alerts."""
    many = ctx.thresholds.many_deficiencies
    out: dict[int, list[tuple[date, Words, bool]]] = {}
    for visit in _visits(ctx):
        if visit.deficiencies is not None and visit.deficiencies >= many:
            text = Words(
                N_("%(count)s deficiencies found on %(day)s"),
                count=visit.deficiencies,
                day=visit.when,
            )
            out.setdefault(visit.facility_id, []).append((visit.when, text, False))
    for doc in _alert_docs(ctx):
        text = Words(
            N_("management alert %(report)s of %(day)s"),
            report=doc.report_number or doc.title,
            day=doc.published,
        )
        out.setdefault(doc.facility_id, []).append((doc.published, text, True))
    for items in out.values():
        # By date; on the same day a management alert comes after the inspection's count.
        # (Words are not ordered: their text depends on the reader's language.)
        items.sort(key=lambda item: (item[0], item[2]))
    return out


def inspection_gap(ctx: RuleContext) -> list[Candidate]:
    """Facilities holding people with no inspection within the gap window."""
    t = ctx.thresholds
    rows = latest_snapshots(ctx)
    if not rows:
        return []
    last_seen: dict[int, date] = {}
    for visit in _visits(ctx):
        if visit.when > last_seen.get(visit.facility_id, date.min):
            last_seen[visit.facility_id] = visit.when
    out = []
    for snap in rows:
        if (snap.adp_total or 0) < t.inspection_gap_min_adp:
            continue
        last = last_seen.get(snap.facility_id)
        if last is not None and (ctx.as_of - last).days <= t.inspection_gap_days:
            continue
        since = last + timedelta(days=t.inspection_gap_days + 1) if last else snap.released
        seen = (
            Words(N_("last inspection %(day)s"), day=last)
            if last
            else Words(N_("no inspection on record"))
        )
        subject, wording = worded(
            N_("No inspection for over %(days)s days (%(seen)s)"),
            days=t.inspection_gap_days,
            seen=seen,
        )
        out.append(
            Candidate(
                rule="INSPECTION_GAP",
                key=f"fac:{snap.facility_id}",
                subject=subject,
                since=since,
                severity="warning",
                facility_id=snap.facility_id,
                details={"average_daily_population": snap.adp_total, **wording},
            )
        )
    return out


RULES = {
    "REPEAT_CATEGORY": repeat_category,
    "CRITICAL_CATEGORY": critical_category,
    "MANAGEMENT_ALERT": management_alert,
    "RATING_CONTRADICTION": rating_contradiction,
    "INSPECTION_GAP": inspection_gap,
}
