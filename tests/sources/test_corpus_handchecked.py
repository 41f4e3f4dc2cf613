"""Zero silent wrong values on real contract-inspection documents checked by hand.

Each row was written by reading the PDF's text (pdftotext / the PDF itself), not by copying
the parser's output. A value of None means the document does not state it: the parser must
leave it empty rather than guess. Keys are the inspection fields `monitor extract --json`
prints (`inspection` object), plus `deficient_findings` (deficient standards listed) and
`kind` (the detected document kind). To add documents, append rows to HANDCHECKED.
"""

from __future__ import annotations

from typing import Any

import pytest

from scrapers import _coverage as coverage
from scrapers import ice_contract_inspections
from tests.conftest import corpus_file

pytestmark = pytest.mark.corpus

FOLDER = "ice-contract-inspections"
LETTER = "cover letter"

HANDCHECKED: list[dict[str, Any]] = [
    # ---------------------------------------------------------------- cover letters, 2018
    {"file": "cassCoJailNe_CL_09_13_2018.pdf", "kind": LETTER,
     "facility_name": "Cass County Jail", "city": "Plattsmouth", "state": "NE",
     "start_date": "2018-09-11", "end_date": "2018-09-13", "rating": "Acceptable",
     "standard": "NDS", "facility_type": "IGSA", "operator": "Cass County Sheriff's Office",
     "inspection_type": "contract annual", "deficiency_count": 25, "deficient_findings": 13},
    {"file": "RiverCorrectionalCenter_CL_12-06-2018.pdf", "kind": LETTER,
     "facility_name": "River Correctional Center", "city": "Ferriday", "state": "LA",
     "start_date": "2018-12-04", "end_date": "2018-12-06", "rating": None,  # "an appropriate placement"
     "standard": "NDS", "facility_type": "IGSA",
     "operator": "Concordia Parish Sheriff's Department",
     "inspection_type": "contract pre-occupancy", "deficient_findings": 0},
    {"file": "howardCoMD_CL_11-29-2018.pdf", "kind": LETTER,
     "facility_name": "Howard County Detention Center", "city": "Jessup", "state": "MD",
     "start_date": "2018-11-27", "end_date": "2018-11-29", "rating": "Does Not Meet Standards",
     "standard": "PBNDS 2011", "facility_type": "IGSA", "operator": "County Executive",
     "inspection_type": "contract annual", "deficiency_count": 26, "deficient_findings": 11},
    {"file": "MontgomeryProcCtrTX_CL_12-20-18.pdf", "kind": LETTER,
     "facility_name": "Montgomery Processing Center", "city": "Conroe", "state": "TX",
     "start_date": "2018-12-18", "end_date": "2018-12-20", "rating": "Meets Standards",
     "standard": "PBNDS 2011", "facility_type": "CDF", "operator": None,
     "inspection_type": "contract annual", "deficiency_count": 8, "deficient_findings": 5},
    # ---------------------------------------------------------------- cover letters, 2019
    {"file": "McHenryCountyIL_CL_06-13-2019.pdf", "kind": LETTER,
     "facility_name": "McHenry County Adult Correctional Facility", "city": "Woodstock",
     "state": "IL", "start_date": "2019-06-11", "end_date": "2019-06-13", "rating": "Acceptable",
     "standard": "NDS", "facility_type": "IGSA", "operator": "McHenry County Sheriff's Office",
     "inspection_type": "contract annual", "deficiency_count": 16, "deficient_findings": 4},
    {"file": "natchitochesDcLA_CL_07-03-2019.pdf", "kind": LETTER,
     "facility_name": "Natchitoches Parish Detention Center", "city": "Natchitoches",
     "state": "LA", "start_date": "2019-07-01", "end_date": "2019-07-03",
     "rating": "Does Not Meet Standards", "standard": "PBNDS 2011", "facility_type": "IGSA",
     "operator": None,  # "operated under the jurisdiction of" names no operator
     "inspection_type": "contract annual", "deficiency_count": 159, "deficient_findings": 33},
    {"file": "alamanceCoNC_CL_11-07-2019.pdf", "kind": LETTER,
     "facility_name": "Alamance County Jail", "city": "Graham", "state": "NC",
     "start_date": "2019-11-05", "end_date": "2019-11-07", "rating": "Acceptable",
     "standard": "NDS", "facility_type": "IGSA", "operator": "Alamance County Sheriff's Office",
     "inspection_type": "contract annual/180-day re-inspection", "deficiency_count": 11,
     "deficient_findings": 7},
    {"file": "bossierParish_CL_12-05-2019.pdf", "kind": LETTER,
     "facility_name": "Bossier Parish Corrections Center", "city": "Plain Dealing", "state": "LA",
     "start_date": "2019-12-03", "end_date": "2019-12-05", "rating": "Acceptable",
     "standard": "NDS", "facility_type": "IGSA", "operator": "Bossier Parish Sheriff's Office",
     "inspection_type": "contract annual/180-day re-inspection", "deficiency_count": 50,
     "deficient_findings": 19},
    {"file": "carverCoJail_CL_12-05-2019.pdf", "kind": LETTER,
     "facility_name": "Carver County Jail", "city": "Chaska", "state": "MN",
     "start_date": "2019-12-03", "end_date": "2019-12-05", "rating": "Acceptable",
     "standard": "NDS", "facility_type": "IGSA", "operator": None,
     "inspection_type": "contract biennial", "deficiency_count": 8, "deficient_findings": 6},
    {"file": "WCCPBFL_CL_10-31-2019.pdf", "kind": LETTER,
     "facility_name": "Broward Transitional Center", "city": "Pompano Beach", "state": "FL",
     "start_date": "2019-10-29", "end_date": "2019-10-31", "rating": "Meets Standards",
     "standard": "PBNDS 2011", "facility_type": "CDF", "operator": "The GEO Group, Inc.",
     "inspection_type": "contract annual", "deficient_findings": 0},
    # ---------------------------------------------------------------- cover letters, 2020
    {"file": "deKalbCoDetFac_CL_01-30-2020.pdf", "kind": LETTER,
     "facility_name": "DeKalb County Detention Facility", "city": "Ft. Payne", "state": "AL",
     "start_date": "2020-01-28", "end_date": "2020-01-30", "rating": "Deficient",
     "standard": "NDS", "facility_type": "IGSA", "operator": None,
     "inspection_type": "contract annual", "deficiency_count": 82, "deficient_findings": 25},
    {"file": "torranceCoDetFac_CL_10-01-2020.pdf", "kind": LETTER,
     "facility_name": "Torrance County Detention Facility", "city": "Estancia", "state": "NM",
     "start_date": "2020-09-29", "end_date": "2020-10-01", "rating": "Meets Standards",
     "standard": "PBNDS 2011", "facility_type": "IGSA", "operator": "CoreCivic",
     "inspection_type": "contract annual", "deficiency_count": 1, "deficient_findings": 1},
    {"file": "BluebonnetDCTX_CL_10-23-2020.pdf", "kind": LETTER,
     "facility_name": "Bluebonnet Detention Center", "city": "Anson", "state": "TX",
     "start_date": "2020-10-21", "end_date": "2020-10-23", "rating": "Meets Standards",
     "standard": "PBNDS 2011 (2016 revisions)", "facility_type": "DIGSA",
     "operator": "Management & Training Corporation (MTC)", "remote": True,
     "inspection_type": "contract annual/90-day follow-up", "deficiency_count": 1,
     "deficient_findings": 1},
    {"file": "TellerCountyJail_CL_10-29-2020.pdf", "kind": LETTER,
     "facility_name": "Teller County Jail", "city": "Divide", "state": "CO",
     "start_date": "2020-10-27", "end_date": "2020-10-29", "rating": None,  # a review, no rating
     "standard": "NDS 2000", "facility_type": "IGSA", "operator": None,
     "inspection_type": "contract special/technical assessment review",
     "deficient_findings": 5},  # five standards with outstanding compliance issues
    {"file": "yubaCoCA_CL_12-30-2020.pdf", "kind": LETTER,
     "facility_name": "Yuba County Jail", "city": "Marysville", "state": "CA",
     "start_date": "2020-12-28", "end_date": "2020-12-30", "rating": "Meets Standards",
     "standard": "NDS 2019", "facility_type": "IGSA", "operator": None,
     "inspection_type": "contract annual", "deficiency_count": 17, "deficient_findings": 10},
    {"file": "yorkCoPrison_CL_12-11-2020.pdf", "kind": LETTER,
     "facility_name": "York County Prison", "city": "York", "state": "PA",
     "start_date": "2020-12-09", "end_date": "2020-12-11", "rating": "Meets Standards",
     "standard": "PBNDS 2008", "facility_type": "IGSA", "operator": None,
     "inspection_type": "contract annual", "deficiency_count": 11, "deficient_findings": 2},
    # ---------------------------------------------------------------- cover letters, 2021
    {"file": "MOROWOH21-MorrowCoCorrFac-CoverLtr.pdf", "kind": LETTER,
     "facility_name": "Morrow County Correctional Facility", "city": "Mount Gilead",
     "state": "OH", "start_date": "2021-02-08", "end_date": "2021-02-10",
     "rating": "Meets Standards", "standard": "NDS 2019", "facility_type": "IGSA",
     "operator": "Morrow County Sheriff", "remote": True, "inspection_type": "contract biennial",
     "deficiency_count": 30, "deficient_findings": 13},
    {"file": "PRLDCTX21-PrairielandDetCtr-CoverLtr.pdf", "kind": LETTER,
     "facility_name": "Prairieland Detention Center", "city": "Alvarado", "state": "TX",
     "start_date": "2021-02-08", "end_date": "2021-02-10", "rating": "Meets Standards",
     "standard": "PBNDS 2011 (2016 revisions)", "facility_type": "DIGSA",
     "operator": "LaSalle Corrections", "inspection_type": "contract annual",
     "deficiency_count": 5, "deficient_findings": 3},
    # ---------------------------------------------------------------- G-324A, current form
    # "Previous Inspection Completion Date*: 09/13/2019" after this inspection of 09/10-12/2019
    # (the previous one ended 09/13/2018): a date that cannot be right is left empty
    {"file": "hardinCoIA_SIS_09-12-2019.pdf", "kind": "G-324A summary (current form)",
     "facility_name": "Hardin County Jail", "start_date": "2019-09-10", "end_date": "2019-09-12",
     "rating": "Meets Standards", "previous_rating": "Meets Standards", "previous_date": None,
     "operator": "Hardin County", "inspection_type": "contract annual"},
]  # fmt: skip


def _observed(result: coverage.FileResult, key: str) -> Any:
    """A value as `monitor extract --json` shows it."""
    if key in coverage.INSPECTION_FIELDS:
        return (result.inspection or {}).get(key)
    return result.to_dict()[key]


@pytest.mark.parametrize("expected", HANDCHECKED, ids=lambda row: row["file"])
def test_handchecked_values(expected: dict[str, Any]) -> None:
    path = corpus_file(f"{FOLDER}/{expected['file']}")
    result = coverage.examine(path.name, path.read_bytes(), ice_contract_inspections.parse)
    assert result.error is None, result.error
    wrong = {
        key: (_observed(result, key), value)
        for key, value in expected.items()
        if key != "file" and _observed(result, key) != value
    }
    assert wrong == {}, f"(observed, expected) per field: {wrong}"


def test_the_set_spans_years_and_facilities() -> None:
    letters = [row for row in HANDCHECKED if row["kind"] == LETTER]
    assert len(letters) >= 15
    assert {row["end_date"][:4] for row in letters} >= {"2018", "2019", "2020", "2021"}
    assert len({row["facility_name"] for row in letters}) == len(letters)
