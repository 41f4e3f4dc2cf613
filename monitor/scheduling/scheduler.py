"""`monitor scheduler`: APScheduler 3 in its own process, jobs in the database, one leader.

Every scheduler process waits for the leader lock (monitor.scheduling.leader); the holder builds a
BlockingScheduler whose jobs live in a SQLAlchemyJobStore in the application database, and
renews the lock from a job in a local memory store. Losing the lock, or a stop signal, shuts
the scheduler down; a standby process then takes over within one lease period.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import DBAPIError

from monitor.config import Settings
from monitor.db import make_engine
from monitor.scheduling import jobs
from monitor.scheduling.leader import LeaderLock, make_lock

log = logging.getLogger(__name__)
UTC = "UTC"


@dataclass(frozen=True)
class SchedulerOptions:
    lease_seconds: float = 30.0
    poll_seconds: float = 5.0
    mail_every_seconds: int = 60
    workers: int = 4

    @classmethod
    def from_settings(cls, settings: Settings) -> SchedulerOptions:
        return cls(
            lease_seconds=settings.scheduler.lease_seconds,
            poll_seconds=settings.scheduler.poll_seconds,
            mail_every_seconds=settings.scheduler.mail_every_seconds,
        )


@dataclass(frozen=True)
class JobSpec:
    id: str
    # A module-level function: the job store keeps its textual reference, not the code.
    func: Callable[..., None]
    trigger: BaseTrigger
    grace_seconds: int
    args: tuple[Any, ...] = field(default_factory=tuple)


def job_specs(options: SchedulerOptions) -> list[JobSpec]:
    """Every job: each source on its SOURCE schedule, alerts, digests, the mail sender."""
    daily = CronTrigger(hour=5, minute=30, timezone=UTC)
    return [
        *source_specs(),
        JobSpec("alerts:daily", jobs.evaluate_alerts, daily, 6 * 3600),
        JobSpec(
            "digests:daily",
            jobs.send_digests,
            CronTrigger(hour=7, minute=0, timezone=UTC),
            6 * 3600,
            ("daily",),
        ),
        JobSpec(
            "digests:weekly",
            jobs.send_digests,
            CronTrigger(day_of_week="mon", hour=7, minute=0, timezone=UTC),
            24 * 3600,
            ("weekly",),
        ),
        JobSpec(
            "archive:submit",
            jobs.submit_archives,
            IntervalTrigger(minutes=10, timezone=UTC),
            3600,
        ),
        JobSpec(
            "privacy:purge",
            jobs.purge_unsubscribed,
            CronTrigger(hour=4, minute=0, timezone=UTC),
            12 * 3600,
        ),
        JobSpec(
            "mail:send",
            jobs.send_mail,
            IntervalTrigger(seconds=options.mail_every_seconds, timezone=UTC),
            max(options.mail_every_seconds, 30),
        ),
    ]


def source_specs() -> list[JobSpec]:
    """One job per source module, on the cron schedule its SOURCE declares."""
    from monitor.capture.sources import all_modules

    return [
        JobSpec(
            f"source:{key}",
            jobs.run_source,
            CronTrigger.from_crontab(module.SOURCE.schedule, timezone=UTC),
            6 * 3600,
            (key,),
        )
        for key, module in all_modules().items()
    ]


def build_scheduler(
    settings: Settings, options: SchedulerOptions, lock: LeaderLock
) -> BlockingScheduler:
    """A scheduler with the persistent job store synced to `job_specs` and a lease keeper."""
    scheduler = BlockingScheduler(
        jobstores={
            "default": SQLAlchemyJobStore(url=settings.database_url),
            "local": MemoryJobStore(),
        },
        executors={"default": ThreadPoolExecutor(options.workers)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        timezone=UTC,
    )
    specs = job_specs(options)
    for spec in specs:
        scheduler.add_job(
            spec.func,
            spec.trigger,
            args=spec.args,
            id=spec.id,
            name=spec.id,
            replace_existing=True,
            misfire_grace_time=spec.grace_seconds,
        )
    scheduler.add_job(
        _keep_lease,
        IntervalTrigger(seconds=max(options.lease_seconds / 3, 0.5)),
        args=(scheduler, lock),
        id="leader:renew",
        jobstore="local",
        misfire_grace_time=None,
    )
    wanted = {s.id for s in specs}
    scheduler.add_listener(lambda _e: _prune(scheduler, wanted), EVENT_SCHEDULER_STARTED)
    return scheduler


def _prune(scheduler: BlockingScheduler, wanted: set[str]) -> None:
    """Drop stored jobs whose source module no longer exists."""
    for job in scheduler.get_jobs(jobstore="default"):
        if job.id not in wanted:
            log.info("removing stale job %s", job.id)
            job.remove()


def _keep_lease(scheduler: BlockingScheduler, lock: LeaderLock) -> None:
    if not lock.renew():
        log.error("scheduler lost the leader lock; stopping jobs and returning to standby")
        scheduler.shutdown(wait=False)


class Runner:
    """The process loop: standby until leader, lead until told to stop or the lock is lost."""

    def __init__(self, settings: Settings, options: SchedulerOptions) -> None:
        self.settings, self.options = settings, options
        self.lock = make_lock(make_engine(settings.database_url), options.lease_seconds)
        self.stopping = threading.Event()
        self.scheduler: BlockingScheduler | None = None

    def stop(self, signum: int | None = None, _frame: FrameType | None = None) -> None:
        """Stop leading and leave the loop (signal handler)."""
        log.info("scheduler %s stopping (signal %s)", self.lock.holder, signum)
        self.stopping.set()
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def _try_acquire(self) -> bool:
        """Try for the lock; a database that cannot answer just means not yet."""
        try:
            return self.lock.acquire()
        except DBAPIError as exc:
            log.warning("cannot reach the database for the scheduler lock: %s", exc)
            return False

    def _release(self) -> None:
        """Give the lock up; if the database is unreachable, the lease or session ends anyway."""
        try:
            self.lock.release()
        except DBAPIError as exc:
            log.warning("could not release the scheduler lock (it will lapse): %s", exc)

    def run(self) -> None:
        """Wait for the lock, lead until it is lost or we are stopped, repeat."""
        log.info("scheduler %s waiting to lead", self.lock.holder)
        while not self.stopping.is_set():
            if not self._try_acquire():
                self.stopping.wait(self.options.poll_seconds)
                continue
            log.info("scheduler %s is the leader; running jobs", self.lock.holder)
            try:
                self.scheduler = build_scheduler(self.settings, self.options, self.lock)
                if not self.stopping.is_set():
                    self.scheduler.start()
            finally:
                self.scheduler = None
                self._release()
            log.info("scheduler %s no longer leads", self.lock.holder)


def run_forever(settings: Settings, handlers: Callable[[Runner], None] | None = None) -> None:
    """Run until SIGTERM or SIGINT; a second process stays idle until the first stops."""
    runner = Runner(settings, SchedulerOptions.from_settings(settings))
    (handlers or _install_signals)(runner)
    runner.run()


def _install_signals(runner: Runner) -> None:
    signal.signal(signal.SIGTERM, runner.stop)
    signal.signal(signal.SIGINT, runner.stop)


def run_all_once() -> list[tuple[str, bool]]:
    """Run each job once in this process, in order; a failure is recorded and skipped."""
    results = []
    for spec in job_specs(SchedulerOptions()):
        try:
            spec.func(*spec.args)
            results.append((spec.id, True))
        except Exception:  # noqa: BLE001  (recorded in job_run by the job itself; keep going)
            log.exception("job %s failed", spec.id)
            results.append((spec.id, False))
    return results
