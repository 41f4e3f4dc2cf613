"""G-324A summaries of every revision, scans read by OCR, and documents of other kinds.

Fixtures are written here (tests/sources/g324a_forms.py draws flattened forms with ticks, and
scans are rendered from text), shaped like the real documents, never copied from them.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from sqlmodel import select

from monitor.capture.sources import ensure_source
from monitor.db import get_settings
from monitor.facilities.registry import create_facility
from monitor.ingest.writers import WriteContext, write_records
from monitor.models import Inspection, ReviewItem
from scrapers import ice_contract_inspections as contract
from scrapers._base import BadDocument, NotAnInspection, OcrLimitExceeded
from scrapers._g324a.fields import date_span, normal_rating, real_date, value
from scrapers._g324a.ocr_lines import reread_name_lines
from scrapers._g324a.ocr_ticks import text_marks
from scrapers._ocr import OcrLimits, tesseract_available
from scrapers._scanned import _rejoin_hyphens, read_pages

from .g324a_forms import as_scan, older_form, page_images, scanned_rating_page
from .ice_helpers import make_pdf, page

needs_tesseract = pytest.mark.skipif(
    not tesseract_available(), reason="Tesseract (Debian package tesseract-ocr) is not installed"
)
CURRENT = """Department of Homeland Security
Form G-324A SIS
Facility Significant Incident Summary (SIS)
Facility Information
Facilty Name: Example County Jail
Facility Operator: Example County Sheriff
Inspection Information
Current Inspection Dates*: From: 03/02/2021 To: 03/04/2021
Recommended Rating: {rating}
Previous Inspection Completion
Date*: 8/1/1983
Previous Rating: Not Selected
SIS Comments:
"""


def _inspection(content: bytes):
    records = contract.parse(page(content, url="https://www.ice.gov/doclib/foia/form.pdf"))
    return next(r for r in records if r.kind == "inspection"), records


# ---------------------------------------------------------------- older revisions


def test_older_form_identity_and_ticked_ratings() -> None:
    inspection, _ = _inspection(older_form())
    assert inspection.facility_name == "Example County Jail"
    assert (inspection.city, inspection.state) == ("Springfield", "IL")
    assert (inspection.start_date, inspection.end_date) == (date(2021, 3, 2), date(2021, 3, 4))
    assert inspection.rating == "Does Not Meet Standards"
    assert inspection.previous_rating == "Meets Standards"
    assert inspection.facility_type == "IGSA"


def test_older_form_default_dates_are_no_dates() -> None:
    inspection, _ = _inspection(older_form(previous="08/01/1983 - 08/01/1983"))
    assert inspection.previous_date is None


def test_older_form_deficient_standards_become_findings() -> None:
    inspection, records = _inspection(older_form())
    findings = {r.raw_label: r for r in records if r.kind == "finding"}
    assert sorted(findings) == ["Food Service", "Medical Care"]
    assert findings["Medical Care"].is_repeat and not findings["Food Service"].is_repeat
    assert findings["Food Service"].category == "FOOD_SERVICE"
    # the not-applicable row is not a reviewed standard
    assert (inspection.standards_reviewed, inspection.standards_deficient) == (3, 2)


def test_older_form_with_no_rating_ticked_has_no_rating() -> None:
    inspection, _ = _inspection(older_form(rating="none ticked"))
    assert inspection.rating is None


# ---------------------------------------------------------------- current form, placeholders


def test_previous_inspection_not_before_this_one_is_left_empty_with_why() -> None:
    text = CURRENT.format(rating="Meets Standards").replace("Date*: 8/1/1983", "Date*: 3/4/2021")
    inspection, _ = _inspection(make_pdf(text))
    assert inspection.previous_date is None
    assert "03/04/2021" in inspection.rejected["previous_date"]
    earlier, _ = _inspection(make_pdf(text.replace("3/4/2021", "3/5/2020")))
    assert earlier.previous_date == date(2020, 3, 5) and earlier.rejected == {}


def test_current_form_placeholders_are_empty() -> None:
    inspection, _ = _inspection(make_pdf(CURRENT.format(rating="Not Selected")))
    assert inspection.facility_name == "Example County Jail"
    assert inspection.rating is None and inspection.previous_rating is None
    assert inspection.previous_date is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Not Selected", None), ("N/A", None), (" ", None), ("Meets Standard", "Meets Standards"),
     ("does not meet standards", "Does Not Meet Standards"), ("At Risk", "At-Risk")],
)  # fmt: skip
def test_ratings_and_placeholders(raw: str, expected: str | None) -> None:
    assert normal_rating(raw) == expected


def test_field_values() -> None:
    assert value("Unknown") is None and value("York County Prison ") == "York County Prison"
    assert real_date("8/1/1983") is None and real_date("10/16/2018") == date(2018, 10, 16)
    assert date_span("06/11/2019-06/13/2019") == (date(2019, 6, 11), date(2019, 6, 13))
    assert date_span("12/11/2018 to 12/13/2018") == (date(2018, 12, 11), date(2018, 12, 13))
    assert date_span("01/01/2018 - 12/31/2018") == (None, None)  # not an inspection's length


def test_ocr_tick_tokens() -> None:
    marks = text_marks("Recommended Rating: Superior\n|_| Good\n[Xx] Acceptable\nDeficient")
    assert [m.label for m in marks.marks] == ["Acceptable"]
    assert text_marks("Good Acceptable |_| Deficient [_] At-Risk").marks == []
    assert [m.label for m in text_marks("YX] Acceptable").marks] == ["Acceptable"]


def test_ocr_words_broken_at_line_end_are_rejoined() -> None:
    text = "an overall rating of Ac-\nceptable. The ICE Follow-\nUp visit"
    assert _rejoin_hyphens(text) == "an overall rating of Acceptable.\nThe ICE Follow-\nUp visit"


# ---------------------------------------------------------------- what the file is


def test_empty_file_is_a_named_error() -> None:
    with pytest.raises(BadDocument, match="empty"):
        contract.parse(page(b"", url="https://www.ice.gov/doclib/foia/empty.pdf"))


def test_non_pdf_file_is_a_named_error() -> None:
    with pytest.raises(BadDocument, match="not a PDF"):
        contract.parse(page(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, url="scan.pdf"))


def test_family_residential_review_says_what_it_is() -> None:
    text = "Compliance Inspection: STFRC\n01/07/20 - 01/09/20\nPage 2 of 3\nOverall Observations\n"
    with pytest.raises(NotAnInspection, match="family residential center review .STFRC"):
        contract.parse(page(make_pdf(text), url="review.pdf"))


# ---------------------------------------------------------------- scans


def scanned_form(lines: list[str]) -> bytes:
    """An image-only PDF page carrying the given lines, as a scanner would produce it."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("DejaVuSans.ttf", 34)
    for number, line in enumerate(lines):
        draw.text((120, 150 + 60 * number), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=612, h=792)
    return bytes(pdf.output())


SCAN_LINES = [line for line in CURRENT.format(rating="Meets Standards").splitlines() if line]


@needs_tesseract
def test_scanned_form_is_read_by_ocr_and_marked() -> None:
    inspection, _ = _inspection(scanned_form(SCAN_LINES))
    assert inspection.facility_name == "Example County Jail"
    assert (inspection.start_date, inspection.end_date) == (date(2021, 3, 2), date(2021, 3, 4))
    assert inspection.rating == "Meets Standards"
    assert inspection.ocr_confidence is not None and inspection.ocr_confidence > 80
    assert inspection.quote is not None and inspection.quote.startswith("[OCR, ")


INCIDENT_LINES = ["Facility Incidents", "Critical Incidents", "Assaults on Staff 1 0 2"]


def test_incident_table_of_a_text_page_is_read() -> None:
    inspection, _ = _inspection(make_pdf("\n".join(SCAN_LINES) + "\f" + "\n".join(INCIDENT_LINES)))
    assert inspection.incidents == {"assaults_on_staff_ice": 1, "assaults_on_staff_non_ice": 0,
                                    "assaults_on_staff_total": 2}  # fmt: skip


@needs_tesseract
def test_incident_table_of_an_ocr_page_is_not_read() -> None:
    # Tesseract reads a real table's grid column by column: its numbers would be made up
    inspection, _ = _inspection(scanned_form([*SCAN_LINES, *INCIDENT_LINES]))
    assert inspection.facility_name == "Example County Jail"
    assert inspection.rating == "Meets Standards"
    assert inspection.incidents == {}


def _first_reading_cut(page, keep: str, last: str):
    """The OCR page as segmentation loses the end of the name line: words after `keep`
    dropped and the last one kept shortened to `last`."""
    line = next(w.line for w in page.words if w.text == keep)
    kept, cut = [], False
    for word in page.words:
        if word.line == line and cut:
            continue
        cut = cut or (word.line == line and word.text == keep)
        kept.append(
            dataclasses.replace(word, text=last)
            if word.line == line and word.text == keep
            else word
        )
    return dataclasses.replace(page, words=kept)


@needs_tesseract
@pytest.mark.parametrize(
    ("keep", "last", "first_reading"),
    [("Name:", "Name:", "Facilty Name:"),  # the value lost beside a redaction bar
     ("Jail", "Ja", "Facilty Name: Example County Ja")],  # the last word cut at a rule
)  # fmt: skip
def test_ocr_name_line_cut_short_is_read_again(keep: str, last: str, first_reading: str) -> None:
    content = scanned_form(SCAN_LINES)
    page = _first_reading_cut(read_pages(content).ocr[1], keep, last)
    text = page.text.replace("Facilty Name: Example County Jail", first_reading)
    assert first_reading in text.splitlines()
    [again] = reread_name_lines(content, [text], {1: page})
    assert "Facilty Name: Example County Jail" in again.splitlines()


@needs_tesseract
def test_ocr_name_line_read_whole_is_kept_as_read() -> None:
    content = scanned_form(SCAN_LINES)
    document = read_pages(content)
    assert reread_name_lines(content, document.pages, document.ocr) == document.pages


@needs_tesseract
@pytest.mark.parametrize("ticked", ["Acceptable", "Deficient", None])
def test_ocr_rating_box_is_read_from_the_image(ticked: str | None) -> None:
    content = as_scan([*page_images(older_form(), 2), scanned_rating_page(ticked or "")])
    rating_page = read_pages(content).pages[2]
    assert text_marks(rating_page).marks == []  # Tesseract reads no tick token
    inspection, _ = _inspection(content)
    assert inspection.facility_name == "Example County Jail"
    assert inspection.rating == ticked


@needs_tesseract
def test_ocr_limits_fail_by_name() -> None:
    content = scanned_form([*SCAN_LINES, "page limit"])
    with pytest.raises(OcrLimitExceeded, match="limit 0"):
        read_pages(content, limits=OcrLimits(max_pages=0))
    with pytest.raises(OcrLimitExceeded, match="too large"):
        read_pages(content, limits=OcrLimits(max_pixels=1000))


@needs_tesseract
def test_ocr_inspection_goes_to_review_unless_every_check_passes(app, session) -> None:
    create_facility(session=session, name="Example County Jail", city="Springfield", state="IL")
    unrated = [line for line in SCAN_LINES if not line.startswith("Recommended")]
    content = scanned_form(unrated)  # no rating: one check fails
    ctx = WriteContext(session=session, settings=get_settings(app),
                       source=ensure_source(session=session, key="ice_contract_inspections"),
                       document=None, version=None)  # fmt: skip
    write_records(ctx, contract.parse(page(content, url="scan.pdf")))
    row = session.exec(select(Inspection)).one()
    item = session.exec(select(ReviewItem).where(ReviewItem.kind == "ocr_fact")).one()
    assert row.review_status == "pending" and "rating" in item.reason
    assert item.payload is not None and item.payload["quote"].startswith("[OCR, ")


def test_ocr_limits_are_settings() -> None:
    from monitor.config import Settings

    settings = Settings.from_env(
        environ={"MONITOR_OCR_MAX_PAGES": "3", "MONITOR_OCR_SECONDS": "9.5"}
    )
    limits = OcrLimits(**settings.ocr.limits())
    assert (limits.max_pages, limits.seconds, limits.workers) == (3, 9.5, 2)
