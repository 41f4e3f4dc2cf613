"""`monitor privacy purge`: delete unsubscribed and unconfirmed addresses after retention."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("privacy")
def privacy_group() -> None:
    """Subscriber data retention."""


@privacy_group.command("purge")
@click.option(
    "--retention-days",
    type=click.IntRange(min=0),
    default=None,
    help="Keep unconfirmed or emptied addresses this long [default: MONITOR_RETENTION_DAYS, 30].",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@with_appcontext
def privacy_purge(retention_days: int | None, dry_run: bool) -> None:
    """Delete addresses past retention, keeping only a keyed hash for suppression."""
    from monitor.accounts.privacy import purge_expired, purgeable
    from monitor.db import get_settings, session_scope

    if retention_days is None:
        retention_days = get_settings().retention_days

    with session_scope() as db:
        count = len(purgeable(session=db, retention_days=retention_days))
    if dry_run:
        click.echo(f"{count} address(es) would be deleted")
        return
    with click.progressbar(length=count, label="Purging addresses") as bar:
        deleted = purge_expired(retention_days=retention_days, on_each=lambda: bar.update(1))
    click.echo(f"deleted {deleted} address(es) past {retention_days} days")


@privacy_group.command("reseal-notes")
@with_appcontext
def privacy_reseal_notes() -> None:
    """Seal every private note under the newest of MONITOR_DATA_KEYS (after a rotation)."""
    from monitor.accounts.private_notes import reseal_notes
    from monitor.db import get_settings, session_scope

    with session_scope() as db:
        count = reseal_notes(session=db, settings=get_settings())
    click.echo(f"resealed {count} note(s) under the newest key")
