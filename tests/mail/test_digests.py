"""Daily and weekly digests: one message per subscriber, grouped by facility, never twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from monitor.db import get_engine, get_settings
from monitor.mail.digests import UnknownFrequency, period_key, queue_digests
from monitor.models import Alert, AlertEvent, Facility, OutboxMessage, Subscription
from tests.mail.conftest import subscriber

NOW = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


def _alert(session: Session, facility: Facility | None, rule: str, opened: datetime) -> Alert:
    alert = Alert(
        rule=rule,
        dedup_key=f"{rule}:{facility.id if facility else 'x'}",
        subject=f"{rule} happened",
        severity="high",
        since=date(2026, 11, 1),
        facility_id=facility.id if facility else None,
    )
    session.add(alert)
    session.flush()
    session.add(AlertEvent(alert_id=alert.id, change="opened", at=opened))
    return alert


@pytest.fixture
def world(app):
    with Session(get_engine(app), expire_on_commit=False) as s:
        torrance = Facility(
            slug="torrance", name="Torrance County Detention Facility", state="NM", aor="ELP"
        )
        otero = Facility(slug="otero", name="Otero County Processing Center", state="NM", aor="ELP")
        texas = Facility(slug="port-isabel", name="Port Isabel", state="TX", aor="HOU")
        s.add_all([torrance, otero, texas])
        s.flush()
        _alert(s, torrance, "STAFFING_BELOW_THRESHOLD", NOW - timedelta(hours=3))
        _alert(s, otero, "OPEN_AGE", NOW - timedelta(hours=5))
        _alert(s, texas, "INSPECTION_GAP", NOW - timedelta(hours=2))
        _alert(s, torrance, "OPEN_PAST_ECD", NOW - timedelta(days=3))  # weekly only
        for email, scope, target, freq in [
            ("nm@example.org", "state", "NM", "daily"),
            ("week@example.org", "facility", "torrance", "weekly"),
            ("now@example.org", "all", "", "immediate"),
        ]:
            r = subscriber(s, email)
            s.add(
                Subscription(
                    subscriber_id=r.id, scope=scope, target=target, frequency=freq, confirmed=True
                )
            )
        s.commit()


def _digests(app) -> list[OutboxMessage]:
    with Session(get_engine(app)) as s:
        return list(s.exec(select(OutboxMessage).order_by(OutboxMessage.to_addr)).all())


def test_daily_digest_groups_by_facility(app, world) -> None:
    with Session(get_engine(app)) as s:
        assert queue_digests(session=s, settings=get_settings(app), frequency="daily", now=NOW) == 1
        s.commit()
    [mail] = _digests(app)
    assert mail.to_addr == "nm@example.org"
    assert mail.subject == "Otero County: OPEN_AGE happened, and 1 more"
    text = mail.body_text
    assert text.index("Otero County Processing Center") < text.index(
        "Torrance County Detention Facility"
    )
    assert "Torrance County: staffing far below what is required" in text
    assert "Too few staff puts the health and safety of people held there at risk." in text
    assert "no inspection for more than a year" not in text  # Texas is not followed
    assert "OPEN_PAST_ECD" not in text  # opened three days ago: weekly only
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_digest_is_queued_once_per_period(app, world) -> None:
    with Session(get_engine(app)) as s:
        queue_digests(session=s, settings=get_settings(app), frequency="daily", now=NOW)
        s.commit()
        assert (
            queue_digests(
                session=s,
                settings=get_settings(app),
                frequency="daily",
                now=NOW + timedelta(hours=1),
            )
            == 0
        )


def test_weekly_digest_covers_seven_days(app, world) -> None:
    with Session(get_engine(app)) as s:
        assert (
            queue_digests(session=s, settings=get_settings(app), frequency="weekly", now=NOW) == 1
        )
        s.commit()
    [mail] = _digests(app)
    assert mail.to_addr == "week@example.org"
    assert "OPEN_PAST_ECD happened" in mail.body_text
    assert "staffing far below what is required" in mail.body_text
    assert period_key("weekly", NOW) == "2026-W48"


def test_unknown_frequency_fails_by_name(app) -> None:
    with Session(get_engine(app)) as s, pytest.raises(UnknownFrequency):
        queue_digests(session=s, settings=get_settings(app), frequency="hourly")
