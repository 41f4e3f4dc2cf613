"""The scheduler process: one leader among several, takeover, failing jobs recorded."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import Session, select

from monitor.db import get_engine, get_settings
from monitor.models import JobRun
from monitor.scheduling.jobs import job_app, tracked
from monitor.scheduling.leader import LeaseLock, make_lock
from monitor.scheduling.scheduler import Runner, SchedulerOptions, job_specs

LEADER = re.compile(r"scheduler (\S+) is the leader")


def _wait(predicate: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _runs(app: Flask, job_id: str = "mail:send") -> list[JobRun]:
    with Session(get_engine(app)) as session:
        return list(
            session.exec(select(JobRun).where(JobRun.job_id == job_id).order_by(JobRun.id)).all()
        )


def _env(app: Flask, tmp_path: Path) -> dict[str, str]:
    settings = get_settings(app)
    return {
        **os.environ,
        "MONITOR_DATABASE_URL": settings.database_url,
        "MONITOR_INSTANCE_PATH": str(tmp_path / "sched"),
        "MONITOR_SECRET_KEY": "test-secret",
        "MONITOR_BASE_URL": "https://monitor.test",
    }


class Proc:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        self.handle = log.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "monitor",
                "scheduler",
                "--lease-seconds",
                "3",
                "--poll-seconds",
                "0.3",
                "--mail-every",
                "1",
            ],
            env=env,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
        )

    def leader_lines(self) -> list[str]:
        return LEADER.findall(self.log.read_text())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.handle.close()


@pytest.fixture
def two_schedulers(db_app: Flask, tmp_path: Path) -> Iterator[list[Proc]]:
    env = _env(db_app, tmp_path)
    procs = [Proc(env, tmp_path / f"scheduler{n}.log") for n in range(2)]
    yield procs
    for proc in procs:
        proc.stop()


def test_two_schedulers_one_leader_then_takeover(db_app: Flask, two_schedulers: list[Proc]) -> None:
    first, second = two_schedulers
    assert _wait(lambda: len(_runs(db_app)) >= 3), "the leader should run the mail job every second"
    leaders = [p for p in two_schedulers if p.leader_lines()]
    assert len(leaders) == 1, [p.log.read_text()[-2000:] for p in two_schedulers]
    leader, standby = leaders[0], (second if leaders[0] is first else first)
    assert all(r.status == "success" for r in _runs(db_app) if r.finished_at)

    leader.stop()
    stopped_at = len(_runs(db_app))
    assert _wait(lambda: bool(standby.leader_lines())), standby.log.read_text()[-2000:]
    assert _wait(lambda: len(_runs(db_app)) >= stopped_at + 2), (
        "the standby should now run the jobs"
    )


def test_lease_lock_excludes_a_second_holder_until_it_expires(db_app: Flask) -> None:
    engine = get_engine(db_app)
    if engine.dialect.name == "postgresql":
        a, b = make_lock(engine), make_lock(engine)
        assert a.acquire() and not b.acquire()
        a.release()
        assert b.acquire()
        b.release()
        return
    a, b = LeaseLock(engine, ttl_seconds=0.5), LeaseLock(engine, ttl_seconds=0.5)
    assert a.acquire() and not b.acquire() and a.renew()
    time.sleep(0.6)  # a stopped renewing (crashed)
    assert b.acquire() and not a.renew()
    b.release()
    assert a.acquire()


def test_failing_job_is_recorded_and_the_rest_keep_running(
    app: Flask, monkeypatch, tmp_path
) -> None:
    for key, value in _env(app, tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MONITOR_SMTP_URL", "http://not-an-smtp-server")  # the mail job fails
    runner = Runner(
        get_settings(app), SchedulerOptions(lease_seconds=2, poll_seconds=0.2, mail_every_seconds=1)
    )
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    try:
        assert _wait(lambda: len([r for r in _runs(app) if r.status == "failed"]) >= 2, timeout=30)
    finally:
        runner.stop()
        thread.join(timeout=20)
    failed = _runs(app)[0]
    assert "MailConfigError" in (failed.error or "") and failed.finished_at is not None
    assert not thread.is_alive()


def test_tracked_records_success(app: Flask, monkeypatch, tmp_path) -> None:
    for key, value in _env(app, tmp_path).items():
        monkeypatch.setenv(key, value)
    with job_app() as job, tracked(job, "demo:job"):
        pass
    [run] = _runs(app, "demo:job")
    assert run.status == "success" and run.error is None


def test_every_source_has_a_job_on_its_schedule() -> None:
    from monitor.capture.sources import all_modules

    ids = {spec.id for spec in job_specs(SchedulerOptions())}
    assert {f"source:{key}" for key in all_modules()} <= ids
    assert {"alerts:daily", "digests:daily", "digests:weekly", "mail:send"} <= ids


def test_lease_renewal_failure_means_stepping_down(tmp_path) -> None:
    from monitor.db import make_engine

    broken = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")  # no scheduler_lease table
    lock = LeaseLock(broken, ttl_seconds=5)
    assert lock.renew() is False
    broken.dispose()
