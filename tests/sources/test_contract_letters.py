"""Cover letters as the real ones are written: subject variants, facility types, operators,
standards, ratings, counts in words and complete deficient-standard lists.

The fixture letters are the project's own, shaped like the real Nakamoto letters; the variants
each test swaps in are wordings the real letters use (see tests/sources/test_corpus_*.py for
the same rules run over the real documents).
"""

from __future__ import annotations

from datetime import date

import pytest
from fpdf import FPDF

from scrapers import ice_contract_inspections as contract
from scrapers._contract_letter import parse_cover_letter
from scrapers._contract_letter.facility import facility_type, operator
from scrapers._contract_letter.findings import listed_items, read_count
from scrapers._contract_letter.heading import inspection_kind
from scrapers._contract_letter.rating import normal_rating
from scrapers._contract_letter.standard import letter_standard
from scrapers._ice_text import clean_text

from .ice_helpers import fixture_text, page

LONG_LIST = fixture_text("ice_contract_inspections", "cover-letter-long-list.txt")


def letter_pdf(text: str) -> bytes:
    """A text PDF whose core font keeps the letters' dashes and quotes (Windows-1252)."""
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_font("Helvetica", size=9)
    for chunk in text.split("\f"):
        pdf.add_page()
        for line in chunk.strip("\n").splitlines():
            pdf.cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _parse(text: str):
    records = contract.parse(page(letter_pdf(text), url="https://www.ice.gov/doclib/x_CL.pdf"))
    inspection = records[-1]
    assert inspection.kind == "inspection"
    return inspection, [r for r in records if r.kind == "finding"]


def test_long_letter_identity() -> None:
    inspection, _ = _parse(LONG_LIST)
    assert inspection.facility_name == "Harlan Ridge Regional Detention Center"  # wrapped subject
    assert (inspection.city, inspection.state) == ("Harlan", "KY")
    assert inspection.inspection_type == "contract annual"
    assert inspection.standard == "PBNDS 2008"  # the SAAPI add-on is not the standard
    assert inspection.facility_type == "DIGSA"
    assert inspection.operator == "Harlan County Sheriff's Office"  # not the food vendor
    assert (inspection.start_date, inspection.end_date) == (date(2019, 3, 4), date(2019, 3, 6))
    assert (inspection.rating, inspection.previous_rating) == ("Meets Standards", "Acceptable")
    assert (inspection.standards_compliant, inspection.standards_deficient) == (33, 4)
    assert inspection.repeat_deficiencies == 3


def test_every_listed_standard_becomes_a_finding_across_the_page_break() -> None:
    inspection, findings = _parse(LONG_LIST)
    assert inspection.deficiency_count == 159  # "one hundred, fifty-nine (159)"
    assert len(findings) == 14 and all(f.result == "deficient" for f in findings)
    by_label = {f.raw_label: f for f in findings}
    assert "Issuance and Exchange of Clothing, Bedding, and Towels" in by_label
    assert by_label["Environmental Health and Safety"].summary == "40 deficient component(s)"
    assert by_label["Staff-Detainee Communication"].summary == "1 deficient component(s)"
    assert by_label["Key and Lock Control"].summary == "6 deficient component(s)"
    repeats = {f.raw_label for f in findings if f.is_repeat}
    assert repeats == {
        "Custody Classification System", "Food Service", "Environmental Health and Safety",
        "Special Management Units",
    }  # fmt: skip
    assert by_label["Medical Care"].category == "MEDICAL_CARE"
    assert sum(int(f.summary.split()[0]) for f in findings) == 159
    assert inspection.areas_of_concern == 0  # "There were no areas of concern ..."


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("Annual Detention Inspection of the", "contract annual"),
        ("Annual Inspection of the", "contract annual"),
        ("Biennial Detention Inspection of the", "contract biennial"),
        ("Annual/90 Day Follow-Up Inspection of the", "contract annual/90-day follow-up"),
        ("Annual/180-Day Re-Inspection of", "contract annual/180-day re-inspection"),
        ("Pre-Occupancy Inspection of the", "contract pre-occupancy"),
        ("Special/Technical Assessment Review of the", "contract special/technical assessment review"),
    ],
)  # fmt: skip
def test_subject_variants(subject: str, kind: str) -> None:
    text = LONG_LIST.replace("Annual Detention Inspection of the", subject)
    inspection, _ = _parse(text)
    assert inspection.inspection_type == kind
    assert inspection.facility_name == "Harlan Ridge Regional Detention Center"
    assert inspection.raw_title.startswith(subject.split(" of")[0])


def test_inspection_kind_names_cycle_and_purpose() -> None:
    assert inspection_kind("90-Day Follow-Up Inspection") == "contract 90-day follow-up"
    assert inspection_kind("Follow-up Inspection") == "contract follow-up"
    assert inspection_kind(
        "Annual Inspection", "performed an annual/180-day re-inspection with"
    ) == (
        "contract annual/180-day re-inspection"
    )  # the opening sentence is more specific than the subject
    assert inspection_kind("Detention Inspection") == "contract inspection"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("during the period of May 1-3, 2019. This is an IGSA facility.", "IGSA"),
        ("during the period of May 1-3, 2019. This is an IGSA.", "IGSA"),
        ("during the period of May 1-3, 2019. This is a CDF.", "CDF"),
        ("during the period of May 1-3, 2019. This is an SPC.", "SPC"),
        ("during the period of May 1-3, 2019. This is a SPC.", "SPC"),
        ("during the period of May 1-3, 2019. This is a DIG-SA facility.", "DIGSA"),
        ("during the period of May 1-3, 2019. This is a dedicated IGSA facility.", "DIGSA"),
        ("during the period of May 1-3, 2019. The facility is a CDF that houses men.", "CDF"),
        ("The Gulf Processing Center, a contract detention facility (CDF), is located", "CDF"),
        ("The Lakeside Center, a Dedicated IGSA, is located in rural Texas.", "DIGSA"),
        ("The facility is a single-story design with pod housing units.", None),
    ],
)
def test_facility_type_statements(sentence: str, expected: str | None) -> None:
    assert facility_type(sentence) == expected


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("The facility is owned and operated by CoreCivic (a corrections company). It houses men.",
         "CoreCivic"),
        ("The facility is operated by LaSalle Corrections It currently houses adult males.",
         "LaSalle Corrections"),
        ("The facility is owned and operated by the Geo Group, Inc. (GEO) All detainee services are",
         "Geo Group, Inc. (GEO)"),
        ("The jail is operated by Management and Training Corporation (MTC), a private company.",
         "Management and Training Corporation (MTC)"),
        ("The center is operated by the County Executive and managed by the Director of Corrections.",
         "County Executive"),
        ("The facility is owned and operated by The GEO Group, Inc. The facility was built in 2004.",
         "The GEO Group, Inc."),
        ("The Riverbend Jail is located in a business district and is operated by the Riverbend "
         "County Sheriff's Office. The jail opened in 1990.", "Riverbend County Sheriff's Office"),
        ("Housing unit kiosks are managed by TurnKey Corrections. ICE detainees are not charged.",
         None),
        ("Housing units are managed by direct supervision. Each dormitory has a yard.", None),
        ("The center is operated by ICE personnel and contract security staff.", None),
    ],
)  # fmt: skip
def test_operator_is_cut_at_the_end_of_its_phrase(description: str, expected: str | None) -> None:
    assert operator(f"Facility Snapshot/Description {description}") == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("the ICE Performance Based National Detention Standards (PBNDS 2011 with 2016 revisions)",
         "PBNDS 2011 (2016 revisions)"),
        ("the ICE Performance-Based National Detention Standards (PBNDS) 2011", "PBNDS 2011"),
        ("the ICE Performance-Based National Detention Standards 2008 and 2011 SAAPI", "PBNDS 2008"),
        ("the ICE National Detention Standards (NDS 2019 Over-72 Hours)", "NDS 2019"),
        ("the ICE National Detention Standards (NDS 2019) and SAAPI (PBNDS 2011)", "NDS 2019"),
        ("the ICE National Detention Standards (NDS)/SAAPI PBNDS 2011", "NDS"),
        ("the ICE National Detention Standards (NDS/2011 SAAPI)", "NDS"),
        ("the National Detention Standards (NDS 2000)", "NDS 2000"),
        ("the ICE National Detention Standards (Over 72 Hours-NDS)", "NDS"),
        ("the Family Residential Standards", "FRS"),
        ("the facility's own policies", None),
    ],
)  # fmt: skip
def test_standard_from_the_letters_own_statement(phrase: str, expected: str | None) -> None:
    assert letter_standard(phrase) == expected


def test_standard_is_never_taken_from_the_comparison_table_year() -> None:
    text = LONG_LIST.replace("Performance-Based\nNational Detention Standards (PBNDS 2008; 2011 SAAPI)",
                             "National\nDetention Standards (NDS)")  # fmt: skip
    text = text.replace("PBNDS 2008 for Over", "NDS for Over")
    inspection, _ = _parse(text)
    assert inspection.standard == "NDS"  # the table's "2018 Annual Inspection" is no year of it


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Meets Standards", "Meets Standards"), ("Meets Standard", "Meets Standards"),
        ("Meet Standards", "Meets Standards"), ("Does Not Meet Standard", "Does Not Meet Standards"),
        ("acceptable", "Acceptable"), ("Deficient", "Deficient"), ("At Risk", "At-Risk"),
    ],
)  # fmt: skip
def test_rating_spellings(raw: str, expected: str) -> None:
    assert normal_rating(raw) == expected


def test_rating_hyphenated_across_lines_in_the_pdf_text_layer() -> None:
    # PDFium marks a word broken at a line end with U+FFFE; the text cleaner joins it
    raw = LONG_LIST.replace("rating of Meets\nStandard unless", "rating of Accepta\ufffeble unless")
    records = parse_cover_letter([clean_text(raw)])
    assert records[-1].rating == "Acceptable"


@pytest.mark.parametrize(
    ("written", "value"),
    [("eleven (11)", 11), ("one hundred, fifty-nine (159)", 159), ("No (0)", 0),
     ("thirty-nine", 39), ("13", 13), ("no", 0)],
)  # fmt: skip
def test_counts_in_words_with_digits(written: str, value: int) -> None:
    assert read_count(written) == value


def test_list_without_colon_or_following() -> None:
    text = (
        "The inspection team identified three (3) deficient components in two (2) standards "
        "Food Service – 2 Hold Rooms in Detention Facilities – 1 Facility Snapshot/Description"
    )
    assert listed_items(text) == [
        ("Food Service", 2, False),
        ("Hold Rooms in Detention Facilities", 1, False),
    ]


def test_no_concerns_and_no_deficiencies_make_no_findings() -> None:
    text = LONG_LIST.split("The inspection team identified")[0] + (
        "There were no deficient components identified during the inspection.\n"
        + LONG_LIST.split("Grievance System – 5\n")[1]
    )
    inspection, findings = _parse(text)
    assert findings == [] and inspection.deficiency_count == 0 and inspection.areas_of_concern == 0


def test_ocr_text_with_words_broken_at_line_ends() -> None:
    # OCR keeps a hyphenated line break as "-\n" (a text layer marks it with U+FFFE instead)
    text = LONG_LIST.replace("rating of Meets\nStandard unless", "rating of Ac-\nceptable unless")
    text = text.replace(
        "during the period of March 4 - 6, 2019", "dur-\ning the period of March 4 - 6, 2019"
    )
    text = text.replace("There were no areas of concern", "There were no areas of concem")
    records = parse_cover_letter([text])
    inspection = records[-1]
    assert inspection.rating == "Acceptable" and inspection.end_date == date(2019, 3, 6)
    assert inspection.areas_of_concern == 0  # OCR's "concem" is still "no concerns"
    assert inspection.facility_name == "Harlan Ridge Regional Detention Center"


def test_a_huge_garbled_letter_is_read_in_bounded_time() -> None:
    import time

    garbage = ("Food Service-Alpha-beta, Gamma (x) operated by " * 4000) + "\n"
    text = LONG_LIST.replace("Admission and Release – 12\n", garbage * 5)
    started = time.perf_counter()
    records = parse_cover_letter([text])
    assert time.perf_counter() - started < 5  # about 1 MB of text
    assert records[-1].facility_name == "Harlan Ridge Regional Detention Center"


def test_a_text_letter_with_a_signature_image_page_is_not_read_by_ocr(monkeypatch) -> None:
    import scrapers._ocr

    def no_ocr(*args: object, **kwargs: object) -> None:
        raise AssertionError("a text letter's signature page must not be OCR'd")

    monkeypatch.setattr(scrapers._ocr, "ocr_pages", no_ocr)
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_font("Helvetica", size=9)
    pdf.add_page()
    for line in LONG_LIST.splitlines():
        pdf.cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.rect(20, 20, 80, 20, style="F")  # the signature: a page with no text layer
    records = contract.parse(page(bytes(pdf.output()), url="https://www.ice.gov/x_CL.pdf"))
    assert records[-1].rating == "Meets Standards"
    assert not any((r.quote or "").startswith("[OCR") for r in records if hasattr(r, "quote"))
