"""Rules over OIG recommendations and their status history (domain.md sections 2 and 8)."""

from __future__ import annotations

from datetime import date, timedelta

from monitor.alerts.base import Candidate, RuleContext, worded
from monitor.alerts.facts import RecState, cached, doc_facilities, recommendation_states
from monitor.i18n import N_, Words
from monitor.queries.common import days_since
from scrapers._taxonomy import CRITICAL_CATEGORIES, categorize

# Staffing shortfalls put health and safety at risk as directly as the critical categories.
HEALTH_SAFETY = CRITICAL_CATEGORIES | {"STAFFING"}


def _recs(ctx: RuleContext) -> list[RecState]:
    return cached(
        ctx,
        "recommendations",
        lambda: recommendation_states(
            session=ctx.session, as_of=ctx.as_of, doc_facility=doc_facilities(ctx)
        ),
    )


# A regression's wording from `_regression`, marked so the catalog translates it.
REGRESSIONS = (N_("went from closed back to open"), N_("went from resolved back to unresolved"))


def _named(rec: RecState) -> Words:
    """'OIG-22-31 recommendation 1', in the reader's language."""
    report = rec.report_number or Words(N_("document %(id)s"), id=str(rec.document_id))
    return Words(N_("%(report)s recommendation %(number)s"), report=report, number=str(rec.number))


def _candidate(
    rule: str, rec: RecState, problem: Words, since: date, severity: str, **details: object
) -> Candidate:
    subject, wording = worded(
        N_("%(recommendation)s: %(problem)s"), recommendation=_named(rec), problem=problem
    )
    return Candidate(
        rule=rule,
        key=f"rec:{rec.id}",
        subject=subject,
        since=since,
        severity=severity,
        facility_id=rec.facility_id,
        recommendation_id=rec.id,
        document_id=rec.document_id,
        details={"recommendation": rec.text[:300], **wording, **details},
    )


def no_response_90d(ctx: RuleContext) -> list[Candidate]:
    """Open recommendations with no response or target date by the response deadline."""
    days = ctx.thresholds.response_due_days
    out = []
    for rec in _recs(ctx):
        if rec.issued is None or not rec.is_open:
            continue
        due = rec.issued + timedelta(days=days)
        if ctx.as_of > due and not any(s.concurrence or s.target_date for s in rec.steps):
            out.append(
                _candidate(
                    "NO_RESPONSE_90D",
                    rec,
                    Words(N_("no response or target date %(days)s days after issue"), days=days),
                    due,
                    "warning",
                    due=due.isoformat(),
                )
            )
    return out


def unresolved_6mo(ctx: RuleContext) -> list[Candidate]:
    """Recommendations still unresolved past the OMB A-50 resolution deadline."""
    days = ctx.thresholds.resolution_due_days
    out = []
    for rec in _recs(ctx):
        if rec.issued is None or rec.is_resolved:
            continue
        due = rec.issued + timedelta(days=days)
        if ctx.as_of > due:
            out.append(
                _candidate(
                    "UNRESOLVED_6MO",
                    rec,
                    Words(N_("unresolved more than %(days)s days after issue"), days=days),
                    due,
                    "warning",
                    due=due.isoformat(),
                )
            )
    return out


def non_concur_open(ctx: RuleContext) -> list[Candidate]:
    """Open recommendations the component did not concur with."""
    out = []
    for rec in _recs(ctx):
        if not rec.is_open or rec.latest("concurrence") != "non_concur":
            continue
        since = next(s.observed for s in rec.steps if s.concurrence == "non_concur")
        grave = rec.management_alert or categorize(rec.text) in HEALTH_SAFETY
        out.append(
            _candidate(
                "NON_CONCUR_OPEN",
                rec,
                Words(N_("ICE did not concur and it remains open")),
                since,
                "high" if grave else "warning",
            )
        )
    return out


def open_past_ecd(ctx: RuleContext) -> list[Candidate]:
    """Resolved, open recommendations whose target completion date has passed."""
    t = ctx.thresholds
    out = []
    for rec in _recs(ctx):
        target = rec.latest("target_date")
        if not rec.is_open or rec.latest("resolution") != "resolved" or target is None:
            continue
        overdue = days_since(target, ctx.as_of)
        if overdue <= 0:
            continue
        severity = (
            "critical"
            if overdue >= t.overdue_critical_days
            else "high"
            if overdue >= t.overdue_high_days
            else "warning"
        )
        out.append(
            _candidate(
                "OPEN_PAST_ECD",
                rec,
                Words(N_("target date %(day)s passed"), day=target),
                target + timedelta(days=1),
                severity,
                overdue_days=overdue,
            )
        )
    return out


def ecd_slipped(ctx: RuleContext) -> list[Candidate]:
    """Open recommendations whose target date moved later repeatedly."""
    out = []
    for rec in _recs(ctx):
        if not rec.is_open:
            continue
        slips: list[date] = []
        previous: date | None = None
        for step in rec.steps:
            if step.target_date is None:
                continue
            if previous is not None and step.target_date > previous:
                slips.append(step.observed)
            previous = step.target_date
        if len(slips) >= ctx.thresholds.ecd_slips:
            out.append(
                _candidate(
                    "ECD_SLIPPED",
                    rec,
                    Words(N_("target date moved later %(count)s times"), count=len(slips)),
                    slips[ctx.thresholds.ecd_slips - 1],
                    "warning",
                    slips=len(slips),
                )
            )
    return out


def open_age(ctx: RuleContext) -> list[Candidate]:
    """Recommendations open for more than a year (two years: high), whatever the target."""
    t = ctx.thresholds
    out = []
    for rec in _recs(ctx):
        if rec.issued is None or not rec.is_open:
            continue
        age = days_since(rec.issued, ctx.as_of)
        if age <= t.open_age_warning_days:
            continue
        severity = "high" if age > t.open_age_high_days else "warning"
        out.append(
            _candidate(
                "OPEN_AGE",
                rec,
                Words(N_("open for %(days)s days"), days=age),
                rec.issued + timedelta(days=t.open_age_warning_days + 1),
                severity,
                age_days=age,
            )
        )
    return out


def status_regression(ctx: RuleContext) -> list[Candidate]:
    """Recommendations that went backwards, or whose latest observations contradict each other."""
    out = []
    for rec in _recs(ctx):
        found = _regression(rec)
        if found is not None:
            problem = Words(found[1])  # translated when it is one of REGRESSIONS
            out.append(_candidate("STATUS_REGRESSION", rec, problem, found[0], "warning"))
    return out


def _regression(rec: RecState) -> tuple[date, str] | None:
    """The date and wording of a regression still reflected in the current status."""
    last: dict[str, tuple[date, str]] = {}
    found: tuple[date, str] | None = None
    for step in rec.steps:
        for axis, bad, good in (
            ("implementation", "open", "closed"),
            ("resolution", "unresolved", "resolved"),
        ):
            value = getattr(step, axis)
            if value is None:
                continue
            prev = last.get(axis)
            if prev and prev[1] == good and value == bad:
                found = (step.observed, f"went from {good} back to {bad}")
            elif prev and prev[0] == step.observed and prev[1] != value:
                found = (step.observed, f"sources disagree: {prev[1]} and {value} on the same date")
            last[axis] = (step.observed, value)
    if found is None:
        return None
    still = rec.is_open if "closed back" in found[1] else True
    if "resolved back" in found[1]:
        still = rec.latest("resolution") == "unresolved" and rec.is_open
    if "disagree" in found[1]:
        still = any(v[0] == found[0] for v in last.values())
    return found if still else None


RULES = {
    "NO_RESPONSE_90D": no_response_90d,
    "UNRESOLVED_6MO": unresolved_6mo,
    "NON_CONCUR_OPEN": non_concur_open,
    "OPEN_PAST_ECD": open_past_ecd,
    "ECD_SLIPPED": ecd_slipped,
    "OPEN_AGE": open_age,
    "STATUS_REGRESSION": status_regression,
}
