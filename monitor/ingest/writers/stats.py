"""Writers for ICE statistics workbooks (registered into WRITERS).

A workbook parses into one `stat_release` record followed by its `facility_row` records.
Matching the rows needs the whole release at once (two passes, column drift), so the
release writer imports the captured workbook through `monitor.facilities.statistics`, and the row
records are written with it.
"""

from __future__ import annotations

from sqlmodel import select

from monitor.capture.store import read_version
from monitor.facilities.statistics import import_workbook
from monitor.facilities.workbook import read_workbook
from monitor.ingest.writers.base import WriteContext, register
from monitor.models import StatRelease
from scrapers.ice_stats import FacilityRowRecord, StatReleaseRecord


@register("stat_release")
def write_stat_release(ctx: WriteContext, record: StatReleaseRecord) -> StatRelease | None:
    """Import the captured workbook as one release; None when these bytes were imported before."""
    if ctx.version is None:
        raise RuntimeError("a statistics release needs its captured workbook")
    workbook = read_workbook(read_version(ctx.version), file_name=record.file_name)
    report = import_workbook(session=ctx.session, workbook=workbook)
    release = ctx.session.exec(
        select(StatRelease).where(StatRelease.sha256 == workbook.sha256)
    ).one()
    if ctx.document is not None and release.document_id is None:
        release.document_id = ctx.document.id
        ctx.session.add(release)
    return None if report.skipped else release


@register("facility_row")
def write_facility_row(ctx: WriteContext, record: FacilityRowRecord) -> None:
    """Rows are matched and stored by their release's writer; nothing more to do."""
    return None
