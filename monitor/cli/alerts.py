"""Commands for alerts, the scheduler process, the mail sender and digests."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext

if TYPE_CHECKING:  # imported in the commands: `monitor --help` stays fast
    pass


def register(cli: click.Group) -> None:
    """Add the alert, scheduler, mail and digest commands."""
    cli.add_command(alerts_group)
    cli.add_command(scheduler_command)
    cli.add_command(mail_group)
    cli.add_command(digests_group)


@contextmanager
def _progress(length: int, label: str, quiet: bool = False) -> Iterator[Callable[[int], None]]:
    """Advance a progress bar on stderr (stdout stays clean; --json output shows none)."""
    if quiet:
        yield lambda _steps: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update


@click.group("alerts")
def alerts_group() -> None:
    """Alert rules over the accepted facts."""


def _parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"expected a date like 2026-11-25, got {value!r}") from exc


@alerts_group.command("evaluate")
@click.option(
    "--as-of",
    "as_of",
    callback=_parse_day,
    metavar="DATE",
    help="Evaluate as of this date (YYYY-MM-DD); default today.",
)
@click.option("--rule", "rules", multiple=True, help="Evaluate only this rule (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the active alerts as JSON.")
@with_appcontext
def evaluate_command(as_of: date, rules: tuple[str, ...], as_json: bool) -> None:
    """Evaluate every rule, store the alerts, and print those active as of the date."""
    from monitor.alerts import RULES, ThresholdError, UnknownRule
    from monitor.alerts.service import active_alerts, evaluate_and_notify
    from monitor.db import get_settings, session_scope

    chosen = list(rules) or list(RULES)
    try:
        with (
            session_scope() as session,
            _progress(len(chosen), "Evaluating rules", quiet=as_json) as advance,
        ):
            result = evaluate_and_notify(
                session=session,
                settings=get_settings(),
                as_of=as_of,
                rules=chosen,
                progress=lambda _rule: advance(1),
            )
    except (UnknownRule, ThresholdError) as exc:
        raise click.UsageError(str(exc)) from exc
    with session_scope() as session:
        rows = active_alerts(session=session, as_of=as_of)
    if as_json:
        click.echo(json.dumps([r.to_json() for r in rows], indent=2))
        return
    click.echo(
        f"as of {as_of.isoformat()}: {len(result.opened)} opened, {len(result.resolved)} "
        f"resolved, {len(rows)} active, {result.queued_messages} messages queued"
    )
    for row in rows:
        where = f" [{row.facility}]" if row.facility else ""
        click.echo(
            f"{row.severity:8} {row.rule:24} since {row.since.isoformat()}{where} {row.subject}"
        )


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Run every job once now, then exit (no leader lock).")
@click.option(
    "--lease-seconds",
    type=float,
    default=30.0,
    show_default=True,
    help="Leader lease length; a standby takes over within this time.",
)
@click.option(
    "--poll-seconds",
    type=float,
    default=5.0,
    show_default=True,
    help="How often a standby scheduler tries to become leader.",
)
@click.option(
    "--mail-every",
    type=int,
    default=60,
    show_default=True,
    help="Seconds between mail sender passes.",
)
@with_appcontext
def scheduler_command(
    once: bool, lease_seconds: float, poll_seconds: float, mail_every: int
) -> None:
    """Run the job scheduler in this process (only one scheduler runs jobs at a time)."""
    from monitor.db import get_settings
    from monitor.scheduling import scheduler

    _require_real_secret()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if once:
        for job_id, ok in scheduler.run_all_once():
            click.echo(f"{job_id}: {'ok' if ok else 'FAILED (see job_run)'}")
        return
    settings = get_settings()
    settings.scheduler.lease_seconds = lease_seconds
    settings.scheduler.poll_seconds = poll_seconds
    settings.scheduler.mail_every_seconds = mail_every
    scheduler.run_forever(settings)


def _require_real_secret() -> None:
    """A usage error when the built-in secret would sign what this command sends."""
    from monitor.config import ConfigError, require_real_secret
    from monitor.db import get_settings

    try:
        require_real_secret(get_settings())
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


@click.group("mail")
def mail_group() -> None:
    """Outgoing mail."""


@mail_group.command("send")
@with_appcontext
def mail_send() -> None:
    """Deliver every due message in the outbox (one sender pass)."""
    from monitor.db import get_engine, get_settings
    from monitor.mail.sender import due_count, send_pending
    from monitor.mail.transport import MailConfigError

    _require_real_secret()
    engine = get_engine()
    try:
        with _progress(due_count(engine), "Sending mail") as advance:
            report = send_pending(engine=engine, settings=get_settings(), progress=advance)
    except MailConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    target = "SMTP" if get_settings().smtp_url else f".eml files in {get_settings().outbox_dir}"
    click.echo(
        f"sent {report.sent} via {target}, deferred {report.deferred}, failed {report.failed}"
    )
    if report.stopped_early:
        click.echo(f"stopped early, will retry: {report.stopped_early}", err=True)


@click.group("digests")
def digests_group() -> None:
    """Daily and weekly digests."""


@digests_group.command("send")
@click.option("--frequency", type=click.Choice(["daily", "weekly"]), required=True)
@with_appcontext
def digests_send(frequency: str) -> None:
    """Queue this period's digests (the mail sender delivers them)."""
    from monitor.db import get_settings, session_scope
    from monitor.mail.digests import queue_digests

    _require_real_secret()
    with session_scope() as session:
        count = queue_digests(session=session, settings=get_settings(), frequency=frequency)
    click.echo(f"queued {count} {frequency} digest(s); `monitor mail send` delivers them")
