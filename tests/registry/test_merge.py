"""Merging two facility records a person decided are one."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlmodel import Session, select

from monitor.capture.sources import ensure_source
from monitor.cli import cli
from monitor.db import session_scope
from monitor.facilities.registry import add_alias, resolve_facility
from monitor.facilities.registry.merge import MergeRefused, merge_facilities
from monitor.facilities.statistics import import_workbook
from monitor.facilities.workbook import read_workbook
from monitor.models import (
    Document,
    DocumentFacility,
    Facility,
    FacilityAlias,
    FacilityStatSnapshot,
    ReviewItem,
)
from tests.registry.workbooks import Row, workbook_bytes

SPC = Row("FLORENCE SERVICE PROCESSING CENTER", "3250 NORTH PINAL PARKWAY", "FLORENCE", "AZ", 85132)  # fmt: skip


def _import(session: Session, rows: list[Row], fy: int) -> None:
    content = workbook_bytes(
        rows, title=f"ICE FACILITIES DATA, FY{fy % 100}", data_date=f"09/30/{fy}"
    )
    import_workbook(session=session, workbook=read_workbook(content, file_name=f"{fy}.xlsx"))


def _ids(session: Session) -> dict[str, int]:
    return {f.slug: f.id for f in session.exec(select(Facility)).all() if f.id is not None}


def _link_document(session: Session, facility_id: int) -> None:
    source = ensure_source(session=session, key="ice_stats")
    doc = Document(
        source_id=source.id or 0, external_id=f"doc-{facility_id}", kind="report", title="t"
    )
    session.add(doc)
    session.flush()
    session.add(DocumentFacility(document_id=doc.id or 0, facility_id=facility_id))


def test_merge_moves_snapshots_aliases_and_links_then_answers_the_review(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        _import(session, [SPC], 2019)
        ids = _ids(session)
        keep = ids["florence-service-processing-center"]
        # A reviewer would see this row queued: force it by importing a look-alike name.
        _import(
            session, [Row("FLORENCE STAGING FACILITY", "1 OTHER RD", "FLORENCE", "AZ", 85132)], 2020
        )
        duplicate = _ids(session)["florence-staging-facility"]
        add_alias(
            session=session, facility_id=duplicate, alias="FLORENCE SERVICE PROCESSING CENTER"
        )
        _link_document(session, duplicate)
        session.add(
            ReviewItem(
                kind="facility_match", reason="r", subject_table="facility", subject_id=duplicate
            )
        )
        merge_facilities(session=session, duplicate_id=duplicate, keep_id=keep)
        snapshots = session.exec(select(FacilityStatSnapshot.facility_id)).all()
        aliases = session.exec(
            select(FacilityAlias.alias).where(FacilityAlias.facility_id == keep)
        ).all()
        links = session.exec(select(DocumentFacility.facility_id)).all()
        item = session.exec(select(ReviewItem)).one()
        gone = session.get(Facility, duplicate)
    assert snapshots == [keep, keep]
    assert sorted(set(aliases)) == sorted(aliases)  # no alias duplicated
    assert "FLORENCE STAGING FACILITY" in aliases
    assert links == [keep]
    assert (item.status, item.subject_id) == ("accepted", keep)
    assert gone is None


def test_two_rows_of_one_release_cannot_be_merged(db_app: Flask) -> None:
    other = Row("FLORENCE STAGING FACILITY", "3250 NORTH PINAL PARKWAY", "FLORENCE", "AZ", 85132)
    with db_app.app_context(), session_scope(db_app) as session:
        _import(session, [SPC, other], 2019)
        ids = _ids(session)
        with pytest.raises(MergeRefused, match="both appear in release"):
            merge_facilities(session=session, duplicate_id=ids["florence-staging-facility"],
                             keep_id=ids["florence-service-processing-center"])  # fmt: skip


def test_merged_names_resolve_to_the_kept_facility(app: Flask, runner: FlaskCliRunner) -> None:
    with app.app_context(), session_scope(app) as session:
        _import(session, [SPC], 2019)
        _import(
            session,
            [Row("FLORENCE STAGING FACILITY", "3250 N PINAL PKWY", "FLORENCE", "AZ", 85132)],
            2020,
        )
    result = runner.invoke(cli, ["facilities", "merge", "florence-staging-facility",
                                 "florence-service-processing-center"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "merged florence-staging-facility into florence-service-processing-center" in result.output
    )
    with app.app_context(), session_scope(app) as session:
        match = resolve_facility(session=session, name="Florence Staging Facility", state="AZ")
        kept = session.exec(
            select(Facility).where(Facility.slug == "florence-service-processing-center")
        ).one()
    assert match.facility_id == kept.id
    missing = runner.invoke(
        cli, ["facilities", "merge", "nowhere", "florence-service-processing-center"]
    )
    assert missing.exit_code == 1 and "No facility is named 'nowhere'" in missing.output
