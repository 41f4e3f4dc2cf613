"""Scheduler jobs: module-level functions (the job store pickles references to them).

Each builds its own app from the environment, records a JobRun row, and re-raises failures
so APScheduler logs them; one failing job never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from flask import Flask

from monitor.db import get_engine, get_settings, session_scope
from monitor.models import JobRun, utcnow

log = logging.getLogger(__name__)


@contextmanager
def job_app() -> Iterator[Flask]:
    """A fresh app for one job run, its engine disposed afterwards."""
    from monitor import create_app

    app = create_app()
    try:
        with app.app_context():
            yield app
    finally:
        get_engine(app).dispose()


@contextmanager
def tracked(app: Flask, job_id: str) -> Iterator[None]:
    """Record the run in job_run: running, then success or failed with the error."""
    with session_scope(app) as session:
        run = JobRun(job_id=job_id)
        session.add(run)
        session.flush()
        run_id = run.id
    try:
        yield
    except BaseException as exc:
        _finish(app, run_id, "failed", f"{type(exc).__name__}: {exc}")
        log.exception("job %s failed", job_id)
        raise
    _finish(app, run_id, "success", None)


def _finish(app: Flask, run_id: int | None, status: str, error: str | None) -> None:
    with session_scope(app) as session:
        run = session.get(JobRun, run_id)
        if run is not None:
            run.status, run.finished_at, run.error = status, utcnow(), error
            session.add(run)


def _evaluate(app: Flask) -> None:
    from monitor.alerts.service import evaluate_and_notify

    with session_scope(app) as session:
        result = evaluate_and_notify(
            session=session, settings=get_settings(app), as_of=date.today()
        )
    log.info(
        "alerts: %d opened, %d resolved, %d messages queued",
        len(result.opened),
        len(result.resolved),
        result.queued_messages,
    )


def evaluate_alerts() -> None:
    """Evaluate every alert rule as of today."""
    with job_app() as app, tracked(app, "alerts:evaluate"):
        _evaluate(app)


class SourceRunFailed(RuntimeError):
    """The ingest runner recorded a failed run (the reason is on the source page too)."""


def run_source(key: str) -> None:
    """Ingest one source through the ingest runner, then evaluate the alerts."""
    from monitor.ingest.runner import run_source as ingest

    with job_app() as app:
        try:
            with tracked(app, f"source:{key}"):
                with session_scope(app) as session:
                    summary = ingest(session=session, settings=get_settings(app), key=key)
                if summary.status == "failed":
                    raise SourceRunFailed(f"{key}: {summary.error}")
        finally:  # a failure feeds SOURCE_SILENT, so evaluate either way
            with tracked(app, f"alerts:after:{key}"):
                _evaluate(app)


def send_mail() -> None:
    """One mail sender pass over the outbox."""
    from monitor.mail.sender import send_pending

    with job_app() as app, tracked(app, "mail:send"):
        report = send_pending(engine=get_engine(app), settings=get_settings(app))
        if report.sent or report.deferred or report.failed:
            log.info(
                "mail: %d sent, %d deferred, %d failed", report.sent, report.deferred, report.failed
            )


def send_digests(frequency: str) -> None:
    """Queue the daily or weekly digests."""
    from monitor.mail.digests import queue_digests

    with job_app() as app, tracked(app, f"digests:{frequency}"), session_scope(app) as session:
        queue_digests(session=session, settings=get_settings(app), frequency=frequency)


def purge_unsubscribed() -> None:
    """Delete unsubscribed addresses past the retention period (keyed hashes stay)."""
    from monitor.accounts.privacy import purge_expired

    with job_app() as app, tracked(app, "privacy:purge"):
        purged = purge_expired(retention_days=get_settings(app).retention_days)
        if purged:
            log.info("privacy: %d addresses purged", purged)


def submit_archives() -> None:
    """Submit due captures to the web archive (retries included); failures stay queued."""
    from monitor.capture.archive import submit_due

    with job_app() as app, tracked(app, "archive:submit"), session_scope(app) as session:
        archived, failed = submit_due(session=session, settings=get_settings(app))
        if archived or failed:
            log.info("archive: %d captures archived, %d failed (will retry)", archived, failed)
