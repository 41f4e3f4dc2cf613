"""Facts read by OCR are held for review unless every field passes its check.

OCR misreads quietly ("5/22/2018" as "5/27/2018", "Acceptable" from a stray tick), so a fact
from a scanned page goes public only when each of its fields is present, well formed and
consistent, and the page was read with good confidence. Anything else waits in the review
queue with the reasons, the confidence and the OCR quote.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import SQLModel

from monitor.ingest.writers.base import WriteContext
from monitor.models import ReviewItem
from scrapers._base import Cited, FindingRecord, InspectionRecord, StaffingRecord

# Mean word confidence (0-100) below which an OCR page is not trusted on its own.
MIN_CONFIDENCE = 85.0
RATINGS = frozenset({"Meets Standards", "Does Not Meet Standards", "Superior", "Good",
                     "Acceptable", "Deficient", "At-Risk"})  # fmt: skip
MAX_DAYS = 31


def inspection_problems(record: InspectionRecord, facility_id: int | None) -> list[str]:
    """What fails the checks of an inspection read by OCR (empty when all pass)."""
    problems = _confidence_problem(record)
    if facility_id is None:
        problems.append("facility not matched in the registry")
    start, end = record.start_date, record.end_date
    if start is None or end is None:
        problems.append("inspection dates not read")
    elif not 0 <= (end - start).days <= MAX_DAYS or end > date.today():
        problems.append(f"implausible inspection dates {start} - {end}")
    if record.rating not in RATINGS:
        problems.append(f"rating not one of the form's ratings ({record.rating!r})")
    return problems


def finding_problems(record: FindingRecord) -> list[str]:
    """What fails the checks of a finding read by OCR."""
    problems = _confidence_problem(record)
    if record.category == "OTHER" or not record.raw_label.strip():
        problems.append("standard not recognised")
    return problems


def staffing_problems(record: StaffingRecord, *, arithmetic_ok: bool | None) -> list[str]:
    """What fails the checks of a staffing figure read by OCR (`arithmetic_ok` as computed)."""
    problems = _confidence_problem(record)
    if arithmetic_ok is not True:
        problems.append("staffing figures do not add up")
    return problems


def hold_if_ocr(
    ctx: WriteContext, table: str, row: SQLModel, record: Cited, problems: list[str]
) -> None:
    """Queue a row read by OCR when any check failed; text facts pass through untouched."""
    if record.ocr_confidence is None or not problems:
        return
    ctx.session.flush()  # the row needs its id before the queue can point at it
    payload: dict[str, Any] = {"quote": record.quote, "page": record.page, "ocr": True,
                               "document_id": ctx.document.id if ctx.document else None}  # fmt: skip
    # The review queue's own `submit` cannot be imported here (the review package imports
    # the writers), so the row is held the same way: marked pending, one queue item.
    row.review_status = "pending"  # type: ignore[attr-defined]
    ctx.session.add(row)
    ctx.session.add(ReviewItem(
        kind="ocr_fact",
        reason="read by OCR from a scanned page: " + "; ".join(problems),
        subject_table=table,
        subject_id=getattr(row, "id", None),
        confidence=round(record.ocr_confidence / 100, 3),
        payload=payload,
    ))  # fmt: skip


def _confidence_problem(record: Cited) -> list[str]:
    confidence = record.ocr_confidence
    if confidence is not None and confidence < MIN_CONFIDENCE:
        return [f"OCR confidence {confidence:.0f}% below {MIN_CONFIDENCE:.0f}%"]
    return []
