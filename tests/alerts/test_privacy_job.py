"""The scheduler purges unsubscribed addresses past retention every day."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from monitor.db import get_settings, session_scope
from monitor.models import JobRun, Subscriber, utcnow
from monitor.scheduling import jobs
from monitor.scheduling.scheduler import SchedulerOptions, job_specs


def test_purge_job_is_scheduled() -> None:
    specs = {spec.id: spec for spec in job_specs(SchedulerOptions())}
    assert specs["privacy:purge"].func is jobs.purge_unsubscribed


def test_purge_job_deletes_an_address_left_without_subscriptions(app, monkeypatch) -> None:
    settings = get_settings(app)
    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MONITOR_INSTANCE_PATH", str(settings.instance_path))
    monkeypatch.setenv("MONITOR_SECRET_KEY", settings.secret_key)
    old = utcnow() - timedelta(days=400)
    with session_scope(app) as db:
        db.add(
            Subscriber(email="gone@example.org", email_hash="h1", created_at=old, confirmed_at=old)
        )
    jobs.purge_unsubscribed()
    with session_scope(app) as db:
        assert db.exec(select(Subscriber)).all() == []
        run = db.exec(select(JobRun).where(JobRun.job_id == "privacy:purge")).one()
    assert run.status == "success"
