"""The evaluation pass: keyed upsert, auto-resolve with history, thresholds, mail in the same commit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from monitor.alerts import ThresholdError, Thresholds, UnknownRule, evaluate, with_overrides
from monitor.alerts.service import evaluate_and_notify
from monitor.config import Settings
from monitor.db import get_settings
from monitor.models import Alert, AlertEvent, OutboxMessage, Subscriber, Subscription

ISSUED = date(2022, 3, 16)


def _non_concur(build, db):
    facility = build.facility()
    doc = build.document(
        ISSUED, facilities=[facility], report_number="OIG-22-31", report_type="Management Alert"
    )
    rec = build.recommendation(doc, text="Relocate all detainees.")
    build.status(
        rec, ISSUED, concurrence="non_concur", resolution="unresolved", implementation="open"
    )
    return facility, rec


def _events(db, alert_id):
    return [
        e.change
        for e in db.exec(
            select(AlertEvent).where(AlertEvent.alert_id == alert_id).order_by(AlertEvent.id)
        ).all()
    ]


def test_re_evaluation_creates_no_duplicates(db, build) -> None:
    _non_concur(build, db)
    first = evaluate(session=db, as_of=date(2022, 4, 1))
    second = evaluate(session=db, as_of=date(2022, 4, 1))
    db.commit()
    assert sorted(a.rule for a in first.opened) == ["MANAGEMENT_ALERT", "NON_CONCUR_OPEN"]
    assert second.opened == [] and second.resolved == [] and second.active == 2
    keys = db.exec(select(Alert.dedup_key)).all()
    assert len(keys) == len(set(keys)) == 2


def test_alert_resolves_when_condition_ends_and_keeps_history(db, build) -> None:
    _facility, rec = _non_concur(build, db)
    evaluate(session=db, as_of=date(2022, 4, 1), rules=["NON_CONCUR_OPEN"])
    build.status(rec, date(2023, 1, 1), implementation="closed", resolution="resolved")
    result = evaluate(session=db, as_of=date(2023, 2, 1), rules=["NON_CONCUR_OPEN"])
    [info] = result.resolved
    alert = db.get(Alert, info.id)
    db.refresh(alert)
    assert alert.status == "resolved" and alert.resolved_at is not None
    assert _events(db, alert.id) == ["opened", "resolved"]
    again = evaluate(session=db, as_of=date(2022, 6, 1), rules=["NON_CONCUR_OPEN"])  # history view
    assert [a.id for a in again.opened] == [alert.id]
    assert _events(db, alert.id) == ["opened", "resolved", "reopened"]


def test_severity_change_is_recorded(db, build) -> None:
    build.recommendation(build.document(ISSUED))
    evaluate(session=db, as_of=date(2023, 6, 1), rules=["OPEN_AGE"])
    result = evaluate(session=db, as_of=date(2024, 6, 1), rules=["OPEN_AGE"])
    [alert] = result.changed
    assert alert.severity == "high" and db.get(Alert, alert.id).severity == "high"
    assert _events(db, alert.id) == ["opened", "severity warning -> high"]


def test_evaluating_one_rule_leaves_the_others_alone(db, build) -> None:
    _non_concur(build, db)
    evaluate(session=db, as_of=date(2022, 4, 1))
    result = evaluate(session=db, as_of=date(2022, 4, 1), rules=["OPEN_AGE"])
    assert result.resolved == []


def test_unknown_rule_fails_by_name(db) -> None:
    with pytest.raises(UnknownRule, match="NOPE"):
        evaluate(session=db, as_of=date(2022, 4, 1), rules=["NOPE"])


def test_thresholds_from_the_environment_and_overrides() -> None:
    environ = {"MONITOR_ALERT_OPEN_AGE_WARNING_DAYS": "400"}
    settings = Settings.from_env({"alerts": {"many_deficiencies": 5}}, environ=environ)
    t = settings.alerts
    assert (t.open_age_warning_days, t.many_deficiencies, t.open_age_high_days) == (400, 5, 730)
    with pytest.raises(ThresholdError, match="bogus"):
        with_overrides(Thresholds(), {"bogus": 1})
    with pytest.raises(ThresholdError, match="number"):
        with_overrides(Thresholds(), {"ecd_slips": "many"})


def test_new_alerts_queue_mail_for_immediate_subscribers_only(db_app, db, build) -> None:
    facility, _rec = _non_concur(build, db)
    people = {}
    for email, scope, target, freq, ok in [
        ("fac@example.org", "facility", facility.slug, "immediate", True),
        ("state@example.org", "state", "NM", "immediate", True),
        ("aor@example.org", "aor", "ELP", "immediate", True),
        ("all@example.org", "all", "", "immediate", True),
        ("daily@example.org", "all", "", "daily", True),
        ("pending@example.org", "all", "", "immediate", False),
        ("tx@example.org", "state", "TX", "immediate", True),
    ]:
        sub = Subscriber(email=email, email_hash=f"h-{email}")
        db.add(sub)
        db.flush()
        db.add(
            Subscription(
                subscriber_id=sub.id, scope=scope, target=target, frequency=freq, confirmed=ok
            )
        )
        people[email] = sub
    db.flush()
    result = evaluate_and_notify(
        session=db, settings=get_settings(db_app), as_of=date(2022, 4, 1), rules=["NON_CONCUR_OPEN"]
    )
    db.commit()
    sent_to = sorted(m.to_addr for m in db.exec(select(OutboxMessage)).all())
    assert sent_to == ["all@example.org", "aor@example.org", "fac@example.org", "state@example.org"]
    assert result.queued_messages == 4
    again = evaluate_and_notify(
        session=db, settings=get_settings(db_app), as_of=date(2022, 4, 1), rules=["NON_CONCUR_OPEN"]
    )
    assert again.queued_messages == 0


def test_mail_is_rolled_back_with_the_alerts(db_app, db, build) -> None:
    _non_concur(build, db)
    sub = Subscriber(email="all@example.org", email_hash="h")
    db.add(sub)
    db.flush()
    db.add(Subscription(subscriber_id=sub.id, scope="all", frequency="immediate", confirmed=True))
    db.commit()
    evaluate_and_notify(session=db, settings=get_settings(db_app), as_of=date(2022, 4, 1))
    assert db.exec(select(OutboxMessage)).all()
    db.rollback()
    assert db.exec(select(OutboxMessage)).all() == [] and db.exec(select(Alert)).all() == []


def test_a_flood_of_new_alerts_arrives_as_one_summary(db_app, db, build) -> None:
    facility = build.facility()
    other = build.facility("Otero County Processing Center")
    for n in range(3):
        build.recommendation(
            build.document(ISSUED, facilities=[facility], report_number=f"OIG-22-{n}")
        )
    build.recommendation(build.document(ISSUED, facilities=[other], report_number="OIG-22-9"))
    for email, scope, target in [
        ("all@example.org", "all", ""),
        ("otero@example.org", "facility", other.slug),
    ]:
        sub = Subscriber(email=email, email_hash=f"h-{email}")
        db.add(sub)
        db.flush()
        db.add(Subscription(subscriber_id=sub.id, scope=scope, target=target, confirmed=True))
    db.flush()
    settings = get_settings(db_app)
    settings.mail.max_single_per_pass = 3
    result = evaluate_and_notify(
        session=db, settings=settings, as_of=date(2023, 6, 1), rules=["OPEN_AGE"]
    )
    assert len(result.opened) == 4 and result.queued_messages == 2
    mails = {m.to_addr: m for m in db.exec(select(OutboxMessage)).all()}
    summary, single = mails["all@example.org"], mails["otero@example.org"]
    assert summary.kind == "alert_summary" and "4 new alerts" in summary.subject
    assert summary.body_text.index("Otero County") < summary.body_text.index("Torrance County")
    assert single.kind == "alert" and "OIG-22-9" in single.subject


def test_internal_rules_do_not_mail_the_public(db_app, db) -> None:
    from datetime import UTC, datetime

    from monitor.models import Source

    db.add(
        Source(
            key="oig",
            name="OIG",
            url="https://oig.test",
            expected_cadence_days=30,
            last_run_at=datetime(2026, 11, 1, tzinfo=UTC),
            last_new_document_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )
    sub = Subscriber(email="all@example.org", email_hash="h")
    db.add(sub)
    db.flush()
    db.add(Subscription(subscriber_id=sub.id, scope="all", confirmed=True))
    db.flush()
    result = evaluate_and_notify(
        session=db, settings=get_settings(db_app), as_of=date(2026, 11, 25), rules=["SOURCE_SILENT"]
    )
    assert [a.rule for a in result.opened] == ["SOURCE_SILENT"] and result.queued_messages == 0
