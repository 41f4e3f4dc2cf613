"""`monitor extract FILE... --json --summary` as a coverage report, run the way a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from monitor.cli import cli as monitor_cli
from scrapers import _coverage as coverage

from .ice_helpers import fixture_text, make_pdf, scanned_pdf
from .test_contract_letters import LONG_LIST, letter_pdf

SOURCE = ["--source", "ice_contract_inspections"]


def _files(tmp_path: Path) -> dict[str, Path]:
    """A folder like the corpus: a letter, a G-324A form, a scan, an empty and a text file."""
    contents = {
        "harlan_CL_03-06-2019.pdf": letter_pdf(LONG_LIST),
        "pulaski_SIS_08-17-2023.pdf": make_pdf(fixture_text("ice_contract_inspections", "summary-form.txt")),
        "scan_CL.pdf": scanned_pdf(),
        "empty.pdf": b"",
        "notes.txt": b"Inspection notes, not a PDF\n",
    }  # fmt: skip
    paths = {}
    for name, content in contents.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(content)
    return paths


def _lines(output: str) -> dict[str, dict]:
    rows = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return {Path(row["file"]).name: row for row in rows}


def test_json_lines_give_one_line_per_file_with_kind_fields_or_named_error(
    runner, tmp_path
) -> None:
    paths = _files(tmp_path)
    result = runner.invoke(monitor_cli, ["extract", *map(str, paths.values()), *SOURCE, "--json"])
    assert result.exit_code == 1  # some files failed: never an empty success
    rows = _lines(result.stdout)
    assert set(rows) == set(paths)  # a line for every file, failed ones included
    letter = rows["harlan_CL_03-06-2019.pdf"]
    assert letter["kind"] == "cover letter" and letter["error"] is None and letter["complete"]
    assert letter["inspection"]["facility_name"] == "Harlan Ridge Regional Detention Center"
    assert letter["inspection"]["rating"] == "Meets Standards"
    assert (letter["deficient_findings"], letter["listed_deficient"]) == (14, 14)
    assert rows["pulaski_SIS_08-17-2023.pdf"]["kind"] == "G-324A summary (older revision)"
    assert rows["scan_CL.pdf"]["kind"] == "scanned (no text layer)"
    assert rows["scan_CL.pdf"]["error"]["name"] == "BadDocument"
    assert rows["empty.pdf"]["error"] == {
        "name": "BadDocument", "reason": "unreadable document",
        "message": "the file is empty (0 bytes)",
    }  # fmt: skip
    assert rows["notes.txt"]["kind"] == "not a PDF" and rows["notes.txt"]["error"]["name"]
    assert "error: " in result.stderr and "empty.pdf" in result.stderr


def test_an_empty_file_alone_is_a_named_error_with_a_non_zero_exit(runner, tmp_path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = runner.invoke(monitor_cli, ["extract", str(empty), *SOURCE])
    assert result.exit_code == 1
    assert "unreadable document: the file is empty (0 bytes) [BadDocument]" in result.stderr


def test_a_text_file_is_a_named_error_not_an_empty_success(runner, tmp_path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Inspection notes\n")
    result = runner.invoke(monitor_cli, ["extract", str(notes), *SOURCE, "--json"])
    assert result.exit_code == 1
    assert _lines(result.stdout)["notes.txt"]["error"]["name"] == "BadDocument"


def test_summary_counts_per_kind_from_an_index(runner, tmp_path) -> None:
    paths = _files(tmp_path)
    index = tmp_path / "INDEX.csv"
    index.write_text(
        "file,kind\nharlan_CL_03-06-2019.pdf,cover letter\nscan_CL.pdf,scanned (no text layer)\n"
    )
    result = runner.invoke(
        monitor_cli, ["extract", *map(str, paths.values()), *SOURCE, "--summary"]
    )
    lines = result.stdout.splitlines()
    letter = next(line for line in lines if line.startswith("cover letter"))
    assert letter.split()[2:] == ["1", "1", "(100%)", "14/14", "(100%)"]
    assert any(line.startswith("scanned (no text layer)") for line in lines)
    assert any("x BadDocument: the file is empty (0 bytes)" in line for line in lines)
    assert "extracting" not in result.output  # no progress bar when stderr is not a terminal


def test_summarize_counts_findings_against_what_the_letter_lists() -> None:
    results = [
        coverage.FileResult(file="a.pdf", kind=coverage.LETTER, deficient_findings=3, listed_deficient=4,
                            inspection={"facility_name": "A", "start_date": "2020-01-01",
                                        "end_date": "2020-01-02", "rating": "Acceptable"}),
        coverage.FileResult(file="b.pdf", kind=coverage.LETTER, deficient_findings=5, listed_deficient=2,
                            inspection={"facility_name": "B", "start_date": None,
                                        "end_date": None, "rating": None}),
    ]  # fmt: skip
    totals = coverage.summarize(results)[coverage.LETTER]
    assert (totals.files, totals.complete) == (2, 1)
    assert (totals.found_of_listed, totals.listed_deficient) == (5, 6)  # extra findings don't count


def test_listed_deficient_standards_reads_the_letters_statement() -> None:
    read = coverage.listed_deficient_standards
    assert read("identified two (2) deficient components in the following two (2) standards:") == 2
    assert read("identified one (1) deficient component in the following standard:") == 1
    assert read("identified one (1) deficient component in one (1) standard:") == 1
    assert read("identified 30 deficient components in the following thirteen standards") == 13
    assert read("There were no deficient components identified during the inspection.") is None
