"""`monitor facilities ...` and `monitor demo` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlmodel import SQLModel, func, select, text

from monitor.cli import cli
from monitor.db import session_scope
from monitor.models import Document, DocumentVersion, Facility, StatRelease
from tests.registry.workbooks import NEW_HEADERS, TORRANCE, TORRANCE_RENAMED, Row, workbook_bytes

WEBB = Row("WEBB COUNTY DETENTION CENTER (CCA)", "9998 SOUTH HIGHWAY 83", "LAREDO", "TX", 78046)
FLORENCE = Row(
    "FLORENCE SERVICE PROCESSING CENTER", "3250 NORTH PINAL PARKWAY", "FLORENCE", "AZ", 85132
)
STAGING = Row("FLORENCE STAGING FACILITY", "3250 N PINAL PKWY", "FLORENCE", "AZ", 85132)  # fmt: skip


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """Two releases of a project-written workbook plus bad inputs."""
    good = workbook_bytes([TORRANCE, WEBB, FLORENCE], title="ICE FACILITIES DATA, FY21",
                          data_date="04/05/2021")  # fmt: skip
    newer = workbook_bytes([TORRANCE_RENAMED, WEBB, STAGING], headers=NEW_HEADERS,
                           title="ICE Facilities Data, FY22", data_date="09/19/2022",
                           blank_rows_before_header=3)  # fmt: skip
    contents = {
        "fy21.xlsx": good,
        "fy22.xlsx": newer,
        "notes.xlsx": b"just some text, not a spreadsheet",
        "truncated.xlsx": good[: len(good) // 3],
        "nosheet.xlsx": workbook_bytes([], with_facilities_sheet=False),
        "noheader.xlsx": workbook_bytes([TORRANCE], headers=["Facility", "Notes", "Count"]),
    }
    for name, content in contents.items():
        (tmp_path / name).write_bytes(content)
    return {name: tmp_path / name for name in contents}


# Operation logs, not data: the OIG demo part replays its source through the ingest runner,
# which logs one run each time.
LOG_TABLES = {"scrape_run", "job_run"}


def _table_counts(app: Flask) -> dict[str, int]:
    with app.app_context(), session_scope(app) as session:
        names = [t.name for t in SQLModel.metadata.sorted_tables if t.name not in LOG_TABLES]
        return {n: session.exec(select(func.count()).select_from(text(n))).one() for n in names}  # type: ignore[call-overload]


def test_import_json_reports_each_file(runner: FlaskCliRunner, files: dict[str, Path]) -> None:
    result = runner.invoke(cli, ["facilities", "import", "--json", str(files["fy22.xlsx"]),
                                 str(files["fy21.xlsx"])])  # fmt: skip
    assert result.exit_code == 0, result.output
    reports = json.loads(result.output)
    assert [r["release"] for r in reports] == ["FY2021 as of 2021-04-05", "FY2022 as of 2022-09-19"]
    assert {k: reports[1][k] for k in ("rows", "matched", "created", "queued_for_review")} == {
        "rows": 3, "matched": 2, "created": 0, "queued_for_review": 1,
    }  # fmt: skip
    assert reports[1]["drift"]["previous"] == "FY2021 as of 2021-04-05"
    assert set(reports[0]) >= {
        "file",
        "release",
        "rows",
        "matched",
        "created",
        "queued_for_review",
        "drift",
    }


def test_import_text_mode_shows_summary_and_drift_warnings(
    runner: FlaskCliRunner, files: dict[str, Path]
) -> None:
    result = runner.invoke(
        cli, ["facilities", "import", str(files["fy21.xlsx"]), str(files["fy22.xlsx"])]
    )
    assert result.exit_code == 0, result.output
    assert "fy21.xlsx: FY2021 as of 2021-04-05: 3 rows, 0 matched, 3 created" in result.output
    assert "warning: fy22.xlsx: column renamed" in result.output
    again = runner.invoke(cli, ["facilities", "import", str(files["fy21.xlsx"])])
    assert "unchanged, already imported as FY2021 as of 2021-04-05; skipped" in again.output


def test_show_json_lists_aliases_and_snapshots(
    runner: FlaskCliRunner, files: dict[str, Path]
) -> None:
    runner.invoke(cli, ["facilities", "import", str(files["fy21.xlsx"]), str(files["fy22.xlsx"])])
    result = runner.invoke(cli, ["facilities", "show", "torrance", "--json"])
    assert result.exit_code == 0, result.output
    (facility,) = json.loads(result.output)
    assert facility["name"] == "TORRANCE COUNTY DETENTION FACILITY"
    assert facility["aliases"] == ["TORRANCE COUNTY DETENTION FACILITY", "TORRANCE/ESTANCIA, NM"]
    first, second = facility["snapshots"]
    assert (first["release"], first["guaranteed_minimum"]) == ("FY2021 as of 2021-04-05", 714)
    assert (first["last_inspection_date"], first["last_inspection_rating"]) == (
        "2020-10-01",
        "Meets Standard",
    )
    assert (second["guaranteed_minimum"], second["last_inspection_rating"]) == (505, "Pass")
    assert second["zip"] == "87016"


def test_show_unknown_facility_exits_non_zero(runner: FlaskCliRunner) -> None:
    result = runner.invoke(cli, ["facilities", "show", "no such place"])
    assert result.exit_code == 1
    assert "no facility matches 'no such place'" in result.output


def test_review_lists_queued_rows(runner: FlaskCliRunner, files: dict[str, Path]) -> None:
    runner.invoke(cli, ["facilities", "import", str(files["fy21.xlsx"]), str(files["fy22.xlsx"])])
    result = runner.invoke(cli, ["facilities", "review", "--json"])
    (item,) = json.loads(result.output)
    assert item["kind"] == "facility_match"
    assert item["payload"]["name"] == "FLORENCE STAGING FACILITY"
    assert item["candidate"] == "florence-service-processing-center"
    text_result = runner.invoke(cli, ["facilities", "review"])
    assert "(maybe florence-service-processing-center)" in text_result.output
    assert "1 item(s) pending review" in text_result.output


def test_release_date_overrides_the_workbook_date(
    runner: FlaskCliRunner, files: dict[str, Path]
) -> None:
    result = runner.invoke(cli, ["facilities", "import", "--json", "--release-date", "2021-04-14",
                                 str(files["fy21.xlsx"])])  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = json.loads(runner.invoke(cli, ["facilities", "show", "webb", "--json"]).output)
    assert shown[0]["snapshots"][0]["release_date"] == "2021-04-14"
    both = runner.invoke(cli, ["facilities", "import", "--release-date", "2021-04-14",
                               str(files["fy21.xlsx"]), str(files["fy22.xlsx"])])  # fmt: skip
    assert both.exit_code == 1
    assert "--release-date applies to a single workbook" in both.output


@pytest.mark.parametrize(
    ("name", "problem"),
    [("notes.xlsx", "not an Excel workbook"), ("truncated.xlsx", "truncated or corrupt workbook"),
     ("nosheet.xlsx", "no facilities sheet"), ("noheader.xlsx", "header row not found"),
     ("missing.xlsx", "cannot read the file")],
)  # fmt: skip
def test_bad_input_one_line_non_zero_exit_nothing_written(
    app: Flask,
    runner: FlaskCliRunner,
    files: dict[str, Path],
    tmp_path: Path,
    name: str,
    problem: str,
) -> None:
    before = _table_counts(app)
    bad = files.get(name, tmp_path / name)
    result = runner.invoke(cli, ["facilities", "import", str(files["fy21.xlsx"]), str(bad)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {bad}: ") and problem in lines[0]
    assert _table_counts(app) == before
    captures = tmp_path / "captures"  # nothing archived either
    assert not captures.exists() or not any(p.is_file() for p in captures.rglob("*"))


def test_demo_loads_and_rerunning_changes_nothing(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    loaded = _table_counts(app)
    assert loaded["facility"] >= 13
    again = runner.invoke(cli, ["demo"])
    assert again.exit_code == 0, again.output
    assert _table_counts(app) == loaded
    with app.app_context(), session_scope(app) as session:
        torrance = session.exec(
            select(Facility).where(Facility.slug == "torrance-county-detention-facility")
        ).one()
        releases = session.exec(select(StatRelease)).all()
    assert torrance.detloc == "TOORANM"
    assert all(r.document_id is not None for r in releases)
    shown = json.loads(runner.invoke(cli, ["facilities", "show", "TCDF", "--json"]).output)
    minimums = [s["guaranteed_minimum"] for s in shown[0]["snapshots"]]
    assert minimums == [714, 714, 714, 505, 505, 505, 505, 505]
    assert "TORRANCE/ESTANCIA, NM" in shown[0]["aliases"]


def test_real_workbook_replaces_the_demo_stand_in_for_its_release(
    runner: FlaskCliRunner, files: dict[str, Path]
) -> None:
    runner.invoke(cli, ["demo"])
    result = runner.invoke(cli, ["facilities", "import", "--json", str(files["fy21.xlsx"])])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    assert report["release"] == "FY2021 as of 2021-04-05"  # the demo's label, not a revision
    assert report["matched"] >= 1
    (torrance,) = json.loads(runner.invoke(cli, ["facilities", "show", "TOORANM", "--json"]).output)
    fy21 = [s for s in torrance["snapshots"] if s["release"].startswith("FY2021")]
    assert len(torrance["snapshots"]) == 8 and len(fy21) == 1
    assert fy21[0]["raw_name"] == "TORRANCE COUNTY DETENTION FACILITY"
    assert fy21[0]["population"]["Level A"] == 10.0  # the workbook's row, not the demo's
    webb = json.loads(runner.invoke(cli, ["facilities", "show", "webb", "--json"]).output)
    assert webb[0]["snapshots"][0]["release"] == "FY2021 as of 2021-04-05"


def test_imported_workbook_is_archived_and_cited(
    app: Flask, runner: FlaskCliRunner, files: dict[str, Path]
) -> None:
    result = runner.invoke(cli, ["facilities", "import", str(files["fy21.xlsx"])])
    assert result.exit_code == 0, result.output
    with app.app_context(), session_scope(app) as session:
        release = session.exec(select(StatRelease)).one()
        document = session.get(Document, release.document_id)
        assert document is not None
        version = session.get(DocumentVersion, document.current_version_id)
    assert document.kind == "workbook" and "FY2021 as of 2021-04-05" in document.title
    assert version is not None and version.sha256 == release.sha256
    assert Path(version.storage_path).read_bytes() == files["fy21.xlsx"].read_bytes()


def test_demo_snapshots_show_the_name_each_release_printed(runner: FlaskCliRunner) -> None:
    runner.invoke(cli, ["demo"])
    (torrance,) = json.loads(
        runner.invoke(cli, ["facilities", "show", "torrance", "--json"]).output
    )
    names = {s["release"]: s["raw_name"] for s in torrance["snapshots"]}
    assert names["FY2024 as of 2024-10-07"] == "TORRANCE/ESTANCIA, NM"
    assert names["FY2026 as of 2026-04-02"] == "TORRANCE COUNTY DETENTION FACILITY"
    ratings = {s["release"]: s["last_inspection_rating"] for s in torrance["snapshots"]}
    assert ratings["FY2023"] == "Superior"
