"""Coverage of the real contract-inspection corpus, measured the way a user measures it:
`monitor extract FOLDER/*.pdf --source ice_contract_inspections --json`, one line per file,
compared per document kind (INDEX.csv) against the goals of issue 11.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli as monitor_cli
from scrapers import _coverage as coverage
from tests.conftest import CORPUS

pytestmark = pytest.mark.corpus

FOLDER = CORPUS / "ice-contract-inspections"


@dataclass(frozen=True)
class Goal:
    """What share of a kind's files must give a complete inspection, and of listed findings."""

    complete: float
    findings: float | None = None  # share of listed deficient standards that become findings
    error_naming: str | None = None  # or a named error that says what the document is

    def met_by(self, row: dict) -> bool:
        """Whether one file counts towards the goal."""
        message = ((row["error"] or {}).get("message") or "").lower()
        return row["complete"] or bool(self.error_naming and self.error_naming in message)


GOALS = {
    coverage.LETTER: Goal(complete=0.98, findings=0.95),
    coverage.FORM_CURRENT: Goal(complete=0.98),
    coverage.FORM_OLDER: Goal(complete=0.98),
    coverage.SCANNED: Goal(complete=0.90),  # through OCR
    coverage.FAMILY_REVIEW: Goal(complete=1.0, error_naming="family residential"),
}

# Kinds whose goals are not met yet, asserted as expected failures (strict=False) so the rest
# of the suite stays green; empty once every goal holds. Measured on 2026-12-04 on the `ocr`
# branch: older G-324A revisions 89/89 complete (was 87/89), every kind at its goal.
KNOWN_BELOW_GOAL: set[str] = set()


@pytest.fixture(scope="module")
def rows() -> Iterator[list[dict]]:
    if not (FOLDER / "INDEX.csv").is_file():
        pytest.skip(f"{FOLDER} not available")
    files = sorted(str(p) for p in FOLDER.glob("*.pdf"))
    result = CliRunner().invoke(
        monitor_cli, ["extract", *files, "--source", "ice_contract_inspections", "--json"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    yield [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def _of_kind(rows: list[dict], kind: str) -> list[dict]:
    return [row for row in rows if row.get("listed_kind") == kind]


def _pending(kind: str) -> list[pytest.MarkDecorator]:
    reason = f"{kind}: below its goal (see KNOWN_BELOW_GOAL)"
    return [pytest.mark.xfail(reason=reason, strict=False)] if kind in KNOWN_BELOW_GOAL else []


def test_every_file_gives_one_line_with_its_indexed_kind(rows: list[dict]) -> None:
    index = coverage.read_index(FOLDER / "INDEX.csv")
    assert {Path(row["file"]).name for row in rows} == set(index)
    assert len(rows) == len(index)
    assert all(row["kind"] == row["listed_kind"] for row in rows)  # detection agrees with INDEX
    assert all(row["error"] is None or row["error"]["name"] for row in rows)


@pytest.mark.parametrize(
    "kind", [pytest.param(kind, marks=_pending(kind)) for kind in GOALS]
)  # fmt: skip
def test_complete_inspections_per_kind(rows: list[dict], kind: str) -> None:
    of_kind = _of_kind(rows, kind)
    assert of_kind, f"no {kind} files in the corpus"
    goal = GOALS[kind]
    met = sum(goal.met_by(row) for row in of_kind)
    failures = [(Path(r["file"]).name, r["error"]) for r in of_kind if not goal.met_by(r)][:10]
    assert met / len(of_kind) >= goal.complete, (met, len(of_kind), failures)


def test_listed_deficient_standards_become_findings(rows: list[dict]) -> None:
    letters = _of_kind(rows, coverage.LETTER)
    listed = sum(row["listed_deficient"] or 0 for row in letters)
    found = sum(min(row["deficient_findings"], row["listed_deficient"] or 0) for row in letters)
    assert listed > 500  # the letters list hundreds of deficient standards
    assert found / listed >= (GOALS[coverage.LETTER].findings or 0), (found, listed)


def test_letters_without_a_rating_are_the_kinds_that_give_none(rows: list[dict]) -> None:
    unrated = [
        row
        for row in _of_kind(rows, coverage.LETTER)
        if not (row["inspection"] or {}).get("rating")
    ]
    kinds = {row["inspection"]["inspection_type"] for row in unrated if row["inspection"]}
    assert kinds <= {"contract pre-occupancy", "contract special/technical assessment review"}


def test_no_letter_says_there_were_no_concerns_and_gets_a_concern(rows: list[dict]) -> None:
    for row in _of_kind(rows, coverage.LETTER):
        concerns = [
            r for r in row["records"] if r["kind"] == "finding" and r["result"] == "area_of_concern"
        ]
        assert all(
            not c["quote"].lower().startswith(("there were no", "no areas")) for c in concerns
        )
