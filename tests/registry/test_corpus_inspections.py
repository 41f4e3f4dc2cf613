"""Inspection columns of ICE's real statistics releases (skipped when ../shared/corpus is absent)."""

from __future__ import annotations

from datetime import date

import pytest

from scrapers._workbook import blank
from scrapers.ice_stats import parse_workbook
from tests.conftest import corpus_file
from tests.registry.test_corpus import WORKBOOKS

pytestmark = pytest.mark.corpus


@pytest.mark.parametrize("name", WORKBOOKS)
def test_every_inspection_cell_lands_in_an_inspection(name: str) -> None:
    parsed = parse_workbook(corpus_file(name).read_bytes(), file_name=name)
    mapped = [h for h, f in parsed.release.column_fields.items() if "inspection" in f]
    assert any(f == "last_inspection_date" for f in parsed.release.column_fields.values())
    for row in parsed.rows:
        assert not any("nspect" in h and "Pending" not in h for h in row.extra), row.extra
        dates = [date.fromisoformat(i["date"]) for i in row.inspections if i["date"]]
        if dates:
            # The snapshot's last inspection is the most recent one the row states.
            assert row.last_inspection_date == max(dates)
        if not row.inspections:
            assert row.last_inspection_date is None and row.last_inspection_rating is None
    assert mapped


def test_two_inspections_kept_per_row_in_the_2019_release() -> None:
    name = "ice-fy2019-detention-stats.xlsx"
    rows = parse_workbook(corpus_file(name).read_bytes(), file_name=name).rows
    (torrance,) = [r for r in rows if r.name == "TORRANCE COUNTY DETENTION FACILITY"]
    assert [(i["rank"], i["date"], i["rating"]) for i in torrance.inspections] == [
        (1, "2019-11-21", "Meets Standard"),
        (2, "2019-07-25", "Special Review - Pre-Occupancy"),
    ]
    assert sum(1 for r in rows if len(r.inspections) == 2) > 100


def test_inspector_named_from_the_type_cell_in_2024() -> None:
    name = "ice-fy2024-detention-stats.xlsx"
    rows = parse_workbook(corpus_file(name).read_bytes(), file_name=name).rows
    inspectors = {r.last_inspection_inspector for r in rows if not blank(r.last_inspection_type)}
    assert "ODO" in inspectors
    (torrance,) = [r for r in rows if r.name == "TORRANCE/ESTANCIA, NM"]
    assert (torrance.last_inspection_inspector, torrance.last_inspection_rating) == ("ODO", "Pass")
