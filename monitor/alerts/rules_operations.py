"""Rules about the monitor's own inputs: silent sources and facility identity problems."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select

from monitor.alerts.base import Candidate, RuleContext, pk, worded
from monitor.i18n import N_, Words
from monitor.models import Document, FacilityAlias, ReviewItem, Source

UNMATCHED_KINDS = ("unmatched", "facility_match", "match")
COLLISION_KINDS = ("alias_collision", "collision")


def source_silent(ctx: RuleContext) -> list[Candidate]:
    """Sources past their expected cadence with nothing new, or failing run after run."""
    t = ctx.thresholds
    newest = dict(
        ctx.session.exec(
            select(col(Document.source_id), func.max(col(Document.created_at))).group_by(
                col(Document.source_id)
            )
        ).all()
    )
    out = []
    for source in ctx.session.exec(select(Source).where(col(Source.enabled) == True)).all():  # noqa: E712
        candidate = _silence(ctx, source, newest.get(pk(source)))
        if candidate is None and source.consecutive_failures >= t.source_failures:
            last_ok = source.last_success_at or source.last_run_at
            subject, wording = worded(
                N_("%(source)s: failed %(count)s times running") if not source.last_error
                else N_("%(source)s: failed %(count)s times running (%(error)s)"),
                source=source.name,
                count=source.consecutive_failures,
                error=(source.last_error or "")[:200],
            )  # fmt: skip
            candidate = Candidate(
                rule="SOURCE_SILENT",
                key=f"source:{source.key}",
                subject=subject,
                since=last_ok.date() if last_ok else ctx.as_of,
                severity="high",
                source_id=source.id,
                details=wording,
            )
        if candidate is not None:
            out.append(candidate)
    return out


def _silence(ctx: RuleContext, source: Source, newest: datetime | None) -> Candidate | None:
    """A candidate when a source has produced nothing new for too long."""
    if not source.expected_cadence_days or (source.last_run_at is None and newest is None):
        return None  # never run: not silent, just not set up yet
    stamps = [s for s in (source.last_new_document_at, newest) if s is not None]
    last_new = max(stamps).date() if stamps else None
    allowed = timedelta(days=source.expected_cadence_days * ctx.thresholds.source_silent_factor)
    if last_new is not None and ctx.as_of - last_new <= allowed:
        return None
    since = last_new + allowed if last_new else ctx.as_of
    quiet = (
        Words(N_("nothing new since %(day)s"), day=last_new)
        if last_new
        else Words(N_("nothing captured yet"))
    )
    subject, wording = worded(
        N_("%(source)s: %(quiet)s (expected every %(days)s days)"),
        source=source.name,
        quiet=quiet,
        days=source.expected_cadence_days,
    )
    return Candidate(
        rule="SOURCE_SILENT",
        key=f"source:{source.key}",
        subject=subject,
        since=since,
        severity="warning",
        source_id=source.id,
        details=wording,
    )


def unmatched_facility(ctx: RuleContext) -> list[Candidate]:
    """Rows waiting in review because no facility matched them confidently."""
    items = [i for i in _pending_reviews(ctx) if any(k in i.kind.lower() for k in UNMATCHED_KINDS)]
    if not items:
        return []
    subject, wording = worded(
        N_("%(count)s rows could not be matched to a facility and await review"), count=len(items)
    )
    return [
        Candidate(
            rule="UNMATCHED_FACILITY",
            key="review",
            subject=subject,
            since=min(i.created_at for i in items).date(),
            severity="info",
            details={"count": len(items), **wording},
        )
    ]


def alias_collision(ctx: RuleContext) -> list[Candidate]:
    """One alias pointing at two or more facilities."""
    rows = ctx.session.exec(
        select(
            col(FacilityAlias.kind),
            col(FacilityAlias.normalized),
            func.count(func.distinct(col(FacilityAlias.facility_id))),
            func.min(col(FacilityAlias.created_at)),
        )
        .group_by(col(FacilityAlias.kind), col(FacilityAlias.normalized))
        .having(func.count(func.distinct(col(FacilityAlias.facility_id))) > 1)
    ).all()
    out = [
        Candidate(
            rule="ALIAS_COLLISION",
            key=f"alias:{kind}:{normalized}",
            subject=f"The {kind} alias {normalized!r} points to {count} facilities",
            since=_day(first, ctx.as_of),
            severity="warning",
            details={"facilities": count},
        )
        for kind, normalized, count, first in rows
    ]
    for item in _pending_reviews(ctx):
        if any(k in item.kind.lower() for k in COLLISION_KINDS):
            out.append(
                Candidate(
                    rule="ALIAS_COLLISION",
                    key=f"review:{item.id}",
                    subject=item.reason[:300],
                    since=item.created_at.date(),
                    severity="warning",
                    facility_id=item.candidate_facility_id,
                )
            )
    return out


def _pending_reviews(ctx: RuleContext) -> list[ReviewItem]:
    return list(
        ctx.session.exec(select(ReviewItem).where(col(ReviewItem.status) == "pending")).all()
    )


def _day(value: datetime | None, default: date) -> date:
    return value.date() if isinstance(value, datetime) else default


RULES = {
    "SOURCE_SILENT": source_silent,
    "UNMATCHED_FACILITY": unmatched_facility,
    "ALIAS_COLLISION": alias_collision,
}
