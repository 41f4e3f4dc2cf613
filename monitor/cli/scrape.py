"""Commands: `monitor scrape`, `monitor reparse`, `monitor sources` (extract: cli/extract.py)."""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext

if TYPE_CHECKING:  # imported in the commands: `monitor --help` stays fast
    from monitor.ingest.runner import RunSummary


def register(cli: click.Group) -> None:
    cli.add_command(scrape)
    cli.add_command(reparse)
    cli.add_command(sources_command)


@click.command("scrape")
@click.argument("keys", nargs=-1)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Also re-walk reports issued on or after this date (YYYY-MM-DD).",
)
@with_appcontext
def scrape(keys: tuple[str, ...], since: datetime | None) -> None:
    """Fetch, capture and parse sources (all enabled sources when no KEY is given)."""
    from monitor.db import get_settings, session_scope
    from monitor.ingest.runner import RunOptions, run_source

    settings = get_settings()
    chosen = _chosen_keys(keys)
    since_date: date | None = since.date() if since is not None else None
    summaries: list[RunSummary] = []
    with click.progressbar(
        length=len(chosen),
        label="scraping",
        show_pos=True,
        item_show_func=lambda item: item,
        file=sys.stderr,
    ) as bar:
        for key in chosen:

            def tick(url: str, key: str = key) -> None:
                bar.current_item = f"{key}: {url[-60:]}"
                bar.render_progress()

            # A mirror or test server may stand in for a source's start URL.
            start = settings.start_urls.get(key)
            options = RunOptions(since=since_date, progress=tick, start_url=start)
            with session_scope() as session:
                summary = run_source(session=session, settings=settings, key=key, options=options)
            summaries.append(summary)
            bar.update(1, key)
    _print_summary(summaries)
    if any(s.status == "failed" for s in summaries):
        raise SystemExit(1)


def _chosen_keys(keys: tuple[str, ...]) -> list[str]:
    from monitor.capture.sources import SourceContractError, source_keys, sync_sources
    from monitor.db import session_scope

    known = source_keys()
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise click.UsageError(
            f"unknown source(s): {', '.join(unknown)}; known: {', '.join(known)}"
        )
    try:
        with session_scope() as session:
            rows = sync_sources(session=session)
            enabled = {row.key for row in rows if row.enabled}
    except SourceContractError as exc:
        raise click.ClickException(f"a source module is broken: {exc}") from exc
    return list(keys) if keys else [k for k in known if k in enabled]


def _print_summary(summaries: list[RunSummary]) -> None:
    click.echo(
        f"{'source':<28} {'status':<8} {'new':>5} {'changed':>8} {'unchanged':>10} {'failed':>7}"
    )
    totals = [0, 0, 0, 0]
    for s in summaries:
        counts = [s.new, s.changed, s.unchanged, s.failed]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        click.echo(
            f"{s.source:<28} {s.status:<8} {counts[0]:>5} {counts[1]:>8} {counts[2]:>10} {counts[3]:>7}"
        )
        if s.error:
            click.echo(f"  {s.error}")
    click.echo(
        f"{'total':<28} {'':<8} {totals[0]:>5} {totals[1]:>8} {totals[2]:>10} {totals[3]:>7}"
    )


@click.command("reparse")
@click.argument("key")
@with_appcontext
def reparse(key: str) -> None:
    """Re-parse every capture of a source with the current parser (no network)."""
    from monitor.capture.sources import source_keys
    from monitor.db import get_settings, session_scope
    from monitor.ingest.reparse import reparse_source

    if key not in source_keys():
        raise click.UsageError(f"unknown source {key!r}; known: {', '.join(source_keys())}")
    with session_scope() as session:
        summary = reparse_source(session=session, settings=get_settings(), key=key)
    click.echo(
        f"{key}: re-parsed {summary.parses} capture(s), {summary.failed} failed; records "
        + ", ".join(f"{k} {v}" for k, v in sorted(summary.records.items()))
    )
    if summary.error:
        click.echo(f"  {summary.error}")


@click.command("sources")
@with_appcontext
def sources_command() -> None:
    """List the sources: schedule, last run, and the last error in plain words."""
    from monitor.capture.sources import sync_sources
    from monitor.db import session_scope

    with session_scope() as session:
        rows = sync_sources(session=session)
        for row in sorted(rows, key=lambda r: r.key):
            state = "enabled" if row.enabled else "disabled"
            last = f"{row.last_run_at:%Y-%m-%d %H:%M}" if row.last_run_at else "never run"
            click.echo(
                f"{row.key:<26} {state:<9} {row.schedule or '-':<12} last run {last}"
                f", {row.consecutive_failures} failure(s) in a row"
            )
            if row.last_error:
                click.echo(f"  last error: {row.last_error}")
