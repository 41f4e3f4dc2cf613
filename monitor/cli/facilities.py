"""`monitor facilities ...`: import ICE statistics workbooks, look facilities up, list reviews."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from flask.cli import with_appcontext

if TYPE_CHECKING:  # imported in the commands: `monitor --help` stays fast
    from sqlmodel import Session

    from monitor.facilities.statistics import ImportReport
    from monitor.facilities.workbook import Workbook


def register(cli: click.Group) -> None:
    cli.add_command(facilities_group)


@click.group("facilities")
def facilities_group() -> None:
    """Facility registry: import ICE statistics workbooks, look up, review."""


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    raise click.exceptions.Exit(1)


def _read_all(paths: tuple[Path, ...]) -> list[Workbook]:
    """Read and parse every file before writing anything, so one bad file writes nothing."""
    from monitor.db import get_settings
    from monitor.facilities.workbook import read_workbook, release_order
    from monitor.ingest.sandbox import limits_from
    from scrapers._base import SourceError

    workbooks = []
    limits = limits_from(get_settings())
    for path in paths:
        try:
            content = path.read_bytes()
        except OSError as exc:
            _fail(f"{path}: cannot read the file ({exc.strerror or exc})")
        try:
            workbooks.append(read_workbook(content, file_name=path.name, limits=limits))
        except SourceError as exc:
            _fail(f"{path}: {exc.describe()}")
    return sorted(workbooks, key=release_order)


@facilities_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--release-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date of the release (default: the data date printed in the workbook).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file.")
@with_appcontext
def import_command(files: tuple[Path, ...], release_date: datetime | None, as_json: bool) -> None:
    """Import ICE detention-statistics workbooks (.xlsx) of any release."""
    from monitor.db import get_settings, session_scope
    from monitor.facilities.statistics import import_workbook

    if release_date and len(files) > 1:
        _fail("--release-date applies to a single workbook; import the files one at a time")
    workbooks = _read_all(files)
    when = release_date.date() if release_date else None
    total = sum(len(w.parsed.rows) for w in workbooks)
    # The bar goes to stderr and hides itself under --json, so stdout stays pure JSON.
    bar = click.progressbar(
        length=total, label="Importing facility rows", file=sys.stderr, hidden=as_json
    )
    with session_scope() as session, bar:
        reports = [
            import_workbook(
                session=session,
                workbook=workbook,
                release_date=when,
                progress=bar.update,
                settings=get_settings(),
            )
            for workbook in workbooks
        ]
    _print_reports(reports, as_json)


def _print_reports(reports: list[ImportReport], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2))
        return
    for r in reports:
        if r.skipped:
            click.echo(f"{r.file}: unchanged, already imported as {r.release}; skipped")
            continue
        click.echo(
            f"{r.file}: {r.release}: {r.rows} rows, {r.matched} matched, {r.created} created, "
            f"{r.queued_for_review} queued for review"
        )
        for warning in r.warnings:
            click.echo(f"warning: {r.file}: {warning}", err=True)


@facilities_group.command("show")
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print the facilities as JSON.")
@with_appcontext
def show_command(query: str, as_json: bool) -> None:
    """Show facilities whose name, alias, slug or DETLOC matches QUERY, with their history."""
    from monitor.db import session_scope
    from monitor.facilities.registry.lookup import facility_details, find_facilities

    with session_scope() as session:
        found = [
            facility_details(session=session, facility=f)
            for f in find_facilities(session=session, query=query)
        ]
    if as_json:
        click.echo(json.dumps(found, indent=2))
    else:
        for facility in found:
            _print_facility(facility)
    if not found:
        if not as_json:
            click.echo(f"no facility matches {query!r}", err=True)
        raise click.exceptions.Exit(1)


def _print_facility(facility: dict[str, Any]) -> None:
    place = ", ".join(p for p in (facility["city"], facility["state"]) if p)
    click.echo(f"{facility['name']} [{facility['slug']}] {place}")
    click.echo(f"  aliases: {'; '.join(facility['aliases'])}")
    for snap in facility["snapshots"]:
        by = (
            f" ({snap['last_inspection_inspector']})"
            if snap.get("last_inspection_inspector")
            else ""
        )
        click.echo(
            f"  {snap['release']}: guaranteed minimum {snap['guaranteed_minimum']}, "
            f"last inspection {snap['last_inspection_date']} {snap['last_inspection_rating']}{by}"
        )
        last = (snap.get("last_inspection_inspector"), snap["last_inspection_date"])
        for other in snap.get("inspections") or []:
            if (other.get("inspector"), other.get("date")) != last:
                click.echo(f"    also: {_inspection_line(other)}")


def _inspection_line(inspection: dict[str, Any]) -> str:
    """One earlier or other-inspector inspection a release row states."""
    who = inspection.get("inspector") or "inspection"
    when = inspection.get("date") or inspection.get("date_text") or "undated"
    return f"{who} {when} {inspection.get('rating') or ''}".rstrip()


@facilities_group.command("review")
@click.option("--kind", default=None, help="Only this kind of review item (e.g. facility_match).")
@click.option("--json", "as_json", is_flag=True, help="Print the queue as JSON.")
@with_appcontext
def review_command(kind: str | None, as_json: bool) -> None:
    """List rows waiting for a person to decide which facility they belong to."""
    from monitor.db import session_scope
    from monitor.facilities.registry.lookup import pending_reviews

    with session_scope() as session:
        items = [
            {
                "id": item.id,
                "kind": item.kind,
                "reason": item.reason,
                "candidate_facility_id": item.candidate_facility_id,
                "candidate": _slug(session, item.candidate_facility_id),
                "confidence": item.confidence,
                "subject": [item.subject_table, item.subject_id],
                "payload": item.payload,
            }
            for item in pending_reviews(session=session, kind=kind)
        ]
    if as_json:
        click.echo(json.dumps(items, indent=2))
        return
    for entry in items:
        maybe = f" (maybe {entry['candidate']})" if entry["candidate"] else ""
        click.echo(f"#{entry['id']} [{entry['kind']}] {entry['reason']}{maybe}")
    click.echo(f"{len(items)} item(s) pending review")


def _slug(session: Session, facility_id: int | None) -> str | None:
    from monitor.models import Facility

    facility = session.get(Facility, facility_id) if facility_id else None
    return facility.slug if facility else None


@facilities_group.command("merge")
@click.argument("duplicate")
@click.argument("keep")
@with_appcontext
def merge_command(duplicate: str, keep: str) -> None:
    """Fold facility DUPLICATE into KEEP (slugs or ids) once a person has decided they are one."""
    from monitor.db import session_scope
    from monitor.facilities.registry.merge import MergeRefused, merge_facilities

    with session_scope() as session:
        ids = [_facility_id(session, ref) for ref in (duplicate, keep)]
        try:
            kept = merge_facilities(session=session, duplicate_id=ids[0], keep_id=ids[1])
        except MergeRefused as exc:
            _fail(str(exc))
        click.echo(f"merged {duplicate} into {kept.slug}")


def _facility_id(session: Session, ref: str) -> int:
    """A facility id from a name, alias, DETLOC code, slug or id; a clear error otherwise."""
    from monitor.facilities.registry.naming import (
        AmbiguousFacility,
        FacilityNotFound,
        facility_named,
    )
    from monitor.models import Facility

    facility = session.get(Facility, int(ref)) if ref.isdigit() else None
    if facility is None:
        try:
            facility = facility_named(session=session, query=ref)
        except (FacilityNotFound, AmbiguousFacility) as exc:
            _fail(str(exc))
    if facility.id is None:
        _fail(f"no facility {ref!r}")
    return facility.id
