"""G-324A summaries of every revision and scans, checked by hand against the documents.

Each expected value below was read off the rendered page by a person (the ticked boxes of
the flattened older forms included), not taken from the parser's output. A wrong value in
any field fails; a field the document leaves empty ("Not Selected") must stay None.
"""

from __future__ import annotations

from datetime import date

import pytest

from scrapers import ice_contract_inspections as contract
from scrapers._base import NotAnInspection
from scrapers._ocr import tesseract_available
from tests.conftest import corpus_file

from .ice_helpers import page

FOLDER = "ice-contract-inspections"
MEETS, FAILS = "Meets Standards", "Does Not Meet Standards"

# file: (facility, start, end, rating, deficient standards listed in the form)
TEXT_FORMS = {
    # Rev. 9/3/08
    "orangeCoCa_SIS_10_18_2018.pdf": ("James A. Musick Facility", date(2018, 10, 16), date(2018, 10, 18), MEETS, []),
    "howardCoMD_SIS_11-29-2018.pdf": ("Howard County Detention Center", date(2018, 11, 27), date(2018, 11, 29), FAILS, []),
    "natchitochesDcLA_SIS_07-03-2019.pdf": ("Natchitoches Parish Detention Center", date(2019, 7, 1), date(2019, 7, 3), FAILS,
        ["Post Orders", "Medical Care", "Religious Practices", "Detainee Handbook", "Grievance System",
         "Law Libraries and Legal Material", "Detention Files"]),
    "elValleDFTX_SIS_12-06-2018.pdf": ("El Valle Detention Facility", date(2018, 12, 4), date(2018, 12, 6), MEETS, ["Food Service"]),
    # Rev. 7/9/07
    "McHenryCountyIL_SIS_06-13-2019.pdf": ("McHenry County Adult Correctional Facility", date(2019, 6, 11), date(2019, 6, 13), "Acceptable", []),
    "geaugaCoOH_SIS_11-29-2018.pdf": ("Geauga County Jail", date(2018, 11, 27), date(2018, 11, 29), "Deficient",
        ["Classification System", "Detainee Handbook", "Staff / Detainee Communication (Added August 2003)"]),
    "clintonCoJailNy_SIS_10_25_2018.pdf": ("Clinton County Jail", date(2018, 10, 23), date(2018, 10, 25), "Acceptable",
        ["Environmental Health and Safety"]),
    # current form, revisions of 6/19/2019 and 10/17/2019
    "SENECOH_SIS_10-3-2019.pdf": ("Seneca County Jail", date(2019, 10, 1), date(2019, 10, 3), FAILS, []),
    "RWCCMLA_SIS_10-03-2019.pdf": ("Richwood Correctional Center", date(2019, 10, 1), date(2019, 10, 3), MEETS, []),
    "allenParish_SIS_12-05-2019.pdf": ("Allen Parish Public Safety Complex", date(2019, 12, 3), date(2019, 12, 5), MEETS, []),
    "BluebonnetDCTX_SIS_10-23-2020.pdf": ("Bluebonnet Detention Center", date(2020, 10, 21), date(2020, 10, 23), MEETS, []),
    # "Recommended Rating: Not Selected" is an empty field, not a rating
    "TellerCountyJail_SIS_10-29-2020.pdf": ("Teller County Jail", date(2020, 10, 27), date(2020, 10, 29), None, []),
}  # fmt: skip

# Pages without a text layer, read by OCR (the LCI page of caldwell and irwin has text).
SCANNED_FORMS = {
    "caldwellCoMO_SIS_05_24_2018.pdf": ("Caldwell County Detention Center", date(2018, 5, 22), date(2018, 5, 24), "Acceptable", []),
    "hallCoDOCNE_SIS_07_12_2018.pdf": ("Hall County Department of Corrections", date(2018, 7, 10), date(2018, 7, 12), "Acceptable", []),
    "irwinCoGA_SIS_06_14_2018.pdf": ("Irwin County Detention Center", date(2018, 6, 12), date(2018, 6, 14), MEETS, []),
    # OCR's first reading cuts the name ("... Facili"): the line is read again on its own
    "mesaVerdeDFCA_SIS_06_28_2018.pdf": ("Mesa Verde Detention Facility", date(2018, 6, 26), date(2018, 6, 28), MEETS, []),
    # the rating's crossed box is read as "|": the box is read from the image
    "atlantaCityDetentionCenter_SIS_06_21_2018.pdf": ("Atlanta City Detention Center", date(2018, 6, 19), date(2018, 6, 21), "Acceptable", []),
    # current form, scanned whole: OCR's first reading loses the name beside redaction bars
    "BERGENJ21-BergenCoJail-SIS.pdf": ("Bergen County Jail", date(2021, 2, 22), date(2021, 2, 24), MEETS, []),
}  # fmt: skip


def _check(name: str, expected: tuple) -> None:
    path = corpus_file(f"{FOLDER}/{name}")
    records = contract.parse(page(path.read_bytes(), url=str(path)))
    inspection = next(r for r in records if r.kind == "inspection")
    facility, start, end, rating, deficient = expected
    seen = (inspection.facility_name, inspection.start_date, inspection.end_date, inspection.rating)
    assert seen == (facility, start, end, rating)
    assert [r.raw_label for r in records if r.kind == "finding"] == deficient


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(TEXT_FORMS))
def test_text_form(name: str) -> None:
    _check(name, TEXT_FORMS[name])


@pytest.mark.corpus
@pytest.mark.skipif(not tesseract_available(), reason="Tesseract (tesseract-ocr) is not installed")
@pytest.mark.parametrize("name", sorted(SCANNED_FORMS))
def test_scanned_form(name: str) -> None:
    _check(name, SCANNED_FORMS[name])


@pytest.mark.corpus
def test_family_residential_review_is_named() -> None:
    path = corpus_file(f"{FOLDER}/kcrcReportOne01212020.pdf")
    with pytest.raises(NotAnInspection, match=r"family residential center review \(KCRC, 01/21/20"):
        contract.parse(page(path.read_bytes(), url=str(path)))
