"""Give each fact of a document the date it describes, and link figures another document repeats.

Runs after a document's records are written. The described date comes, in order, from what
the parser read (a staffing "as of" date, a finding's inspection date), from the fact's own
quote ("in January", read against the publication date), and from the period the document
says it covers (its inspection rows, or a sentence like "From February 1 to 3, 2022, we
inspected ..."). A publication date is never taken for a described date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlmodel import Session, col, select

from monitor.models import Document, DocumentPage, Finding, Inspection, StaffingObservation
from monitor.queries.described import inspection_precision
from scrapers._described_dates import NOT_STATED, Period, described_period, last_day

# A line saying what was inspected and when ("From February 1 to 3, 2022, we inspected").
_COVERAGE = re.compile(r"\b(?:inspect(?:ed|ion|ions|ing)?|visit(?:ed)?|site visit)\b", re.I)
REPEAT_WINDOW = timedelta(days=92)  # a quoted figure describes about the same quarter
SAME_FIGURE = 0.6  # percentage points: "54%" repeats "54.3 percent"
_COVERAGE_PAGES = 3


def settle_described_dates(session: Session, document: Document) -> None:
    """Set observed_on/until/precision on the document's staffing rows and findings."""
    session.flush()
    published = document.published_date
    for inspection in _rows(session, Inspection, document.id):
        _date_inspection(session, inspection, document)
    coverage = document_period(session, document)
    for staffing in _rows(session, StaffingObservation, document.id):
        parsed = staffing.as_of_date if staffing.as_of_date != published else None
        period = _parser_period(staffing) or _period(parsed, staffing.quote, published, coverage)
        _apply(staffing, period)
        staffing.as_of_date = period[1]
        session.add(staffing)
    for finding in _rows(session, Finding, document.id):
        parsed = finding.found_date if finding.found_date != published else None
        period = _period(
            parsed, f"{finding.quote or ''} {finding.summary or ''}", published, coverage
        )
        _apply(finding, period)
        finding.found_date = period[1]
        session.add(finding)
    session.flush()
    link_repeats(session, document)
    _relink_quoting_documents(session, document)


def _relink_quoting_documents(session: Session, document: Document) -> None:
    """After an official document is (re)written, NGO figures quoting it find it again."""
    facilities = {s.facility_id for s in _rows(session, StaffingObservation, document.id)}
    facilities.discard(None)
    if not facilities:
        return
    quoting = session.exec(
        select(Document)
        .join(StaffingObservation, col(StaffingObservation.document_id) == Document.id)
        .where(col(StaffingObservation.facility_id).in_(facilities), Document.id != document.id)
        .distinct()
    ).all()
    for other in quoting:
        link_repeats(session, other)


def _rows(session: Session, model: type, document_id: int | None) -> list:
    return list(session.exec(select(model).where(model.document_id == document_id)))  # type: ignore[attr-defined]


def _period(
    parsed: date | None, quote: str | None, published: date | None, coverage: Period
) -> Period:
    if parsed is not None:
        return parsed, parsed, "day"
    from_quote = described_period(quote, published=published)
    return from_quote if from_quote[0] is not None else coverage


def _parser_period(row: StaffingObservation) -> Period | None:
    """What the source's parser already read as the described period, if anything."""
    if row.observed_on is None:
        return None
    precision = row.observed_precision or "day"
    # Parsers give the first day of the last unit (scrapers/_described_dates.py); stored
    # periods end on their last day, so a month reads 1..31 everywhere.
    return row.observed_on, last_day(row.observed_until or row.observed_on, precision), precision


def _apply(row: StaffingObservation | Finding, period: Period) -> None:
    row.observed_on, row.observed_until, row.observed_precision = period


def _date_inspection(session: Session, inspection: Inspection, document: Document) -> None:
    """An inspection the parser found no dates for takes the period its text or title states."""
    if inspection.start_date or inspection.end_date:
        return
    for text in (inspection.quote, inspection.raw_title, document.title):
        start, end, precision = described_period(text, published=document.published_date)
        if start is not None:
            inspection.start_date, inspection.end_date = start, end
            inspection.date_uncertain = precision != "day"
            session.add(inspection)
            return


def document_period(session: Session, document: Document) -> Period:
    """The period a document says it covers: its dated inspection, else an inspection sentence."""
    for inspection in _rows(session, Inspection, document.id):
        if inspection.start_date or inspection.end_date:
            start = inspection.start_date or inspection.end_date
            return start, inspection.end_date or start, inspection_precision(inspection)
    version = document.current_version_id
    texts = session.exec(
        select(DocumentPage.text)
        .where(DocumentPage.version_id == version)
        .order_by(col(DocumentPage.page_number))
        .limit(_COVERAGE_PAGES)
    ).all()
    for text in texts:
        lines = text[:20_000].splitlines()
        for n, line in enumerate(lines):
            if not _COVERAGE.search(line):
                continue
            # The sentence may run on to the next line of the PDF.
            period = described_period(" ".join(lines[n : n + 2]), published=document.published_date)
            if period[0] is not None:
                return period
    return NOT_STATED


def link_repeats(session: Session, document: Document) -> None:
    """Point an NGO's staffing figure at the earlier official observation it quotes."""
    if document.kind != "ngo":  # the NGO scraper writes every item as kind "ngo"
        return
    for row in _rows(session, StaffingObservation, document.id):
        original = _original_of(session, row, document)
        row.repeats_id = original.id if original is not None else None
        session.add(row)


def _figures(row: StaffingObservation) -> set[float]:
    values = (row.pct_filled_reported, row.pct_vacant_reported, row.pct_filled)
    return {v for v in values if v is not None}


def _original_of(
    session: Session, row: StaffingObservation, document: Document
) -> StaffingObservation | None:
    """An earlier document's observation of the same figure at about the same time."""
    figures = _figures(row)
    if row.facility_id is None or not figures:
        return None
    candidates = session.exec(
        select(StaffingObservation, Document)
        .join(Document, col(Document.id) == StaffingObservation.document_id)
        .where(
            StaffingObservation.facility_id == row.facility_id,
            StaffingObservation.role_group == row.role_group,
            StaffingObservation.document_id != row.document_id,
            col(StaffingObservation.repeats_id).is_(None),
        )
        .order_by(col(Document.published_date), col(StaffingObservation.id))
    ).all()
    for other, other_doc in candidates:
        if not _published_before(other_doc, document) or not _near(row, other):
            continue
        if any(abs(a - b) <= SAME_FIGURE for a in figures for b in _figures(other)):
            return other
    return None


def _published_before(first: Document, second: Document) -> bool:
    if first.published_date is None or second.published_date is None:
        return False
    return first.published_date <= second.published_date


def _near(row: StaffingObservation, other: StaffingObservation) -> bool:
    """Described periods within a quarter of each other (a row without one may quote anything)."""
    if row.observed_on is None or other.observed_on is None:
        return row.observed_on is None
    gap = max(row.observed_on - (other.observed_until or other.observed_on),
              other.observed_on - (row.observed_until or row.observed_on), timedelta(0))  # fmt: skip
    return gap <= REPEAT_WINDOW
