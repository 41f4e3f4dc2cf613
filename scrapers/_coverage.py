"""How much of a folder of real documents a parser reads: one result per file, totals per kind.

Pure functions over bytes and records (no database, no terminal), used by `monitor extract`,
the corpus tests and `make bench`. A file's kind is what the document itself shows (cover
letter, G-324A revision, scan, family residential review); an index such as the corpus's
INDEX.csv may give the kind a person assigned, and totals then follow that kind.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapers._base import BadDocument, Page, Record, SourceError
from scrapers._ice_text import clean_text, squash, words_to_int
from scrapers._pdftext import is_pdf, page_texts

LETTER = "cover letter"
FORM_CURRENT = "G-324A summary (current form)"
FORM_OLDER = "G-324A summary (older revision)"
SCANNED = "scanned (no text layer)"
FAMILY_REVIEW = "other (family residential center review)"
UNKNOWN = "unrecognised document"
NOT_PDF = "not a PDF"
EMPTY = "empty file"
KINDS = (LETTER, FORM_CURRENT, FORM_OLDER, SCANNED, FAMILY_REVIEW)

INSPECTION_FIELDS = (
    "facility_name", "city", "state", "inspector", "inspection_type", "standard",
    "start_date", "end_date", "date_uncertain", "remote", "facility_type", "operator",
    "rating", "previous_rating", "previous_date", "standards_reviewed",
    "standards_compliant", "standards_deficient", "deficiency_count", "areas_of_concern",
    "rejected",
)  # fmt: skip
COMPLETE_FIELDS = ("facility_name", "start_date", "end_date", "rating")


@dataclass
class FileResult:
    """What one file gave: its kind, the inspection's fields, findings, or the named error."""

    file: str
    kind: str
    listed_kind: str | None = None
    inspection: dict[str, Any] | None = None
    findings: int = 0
    deficient_findings: int = 0
    listed_deficient: int | None = None
    error: dict[str, str] | None = None
    records: list[Record] = field(default_factory=list, repr=False)

    @property
    def group(self) -> str:
        """The kind totals are counted under: the index's when given, else the detected one."""
        return self.listed_kind or self.kind

    @property
    def complete(self) -> bool:
        """An inspection with facility, start and end date and rating."""
        return bool(self.inspection) and all(self.inspection.get(f) for f in COMPLETE_FIELDS)  # type: ignore[union-attr]

    def to_dict(self) -> dict[str, Any]:
        """The JSON-lines shape of `monitor extract --json`."""
        out: dict[str, Any] = {"file": self.file, "kind": self.kind}
        if self.listed_kind:
            out["listed_kind"] = self.listed_kind
        out.update(
            inspection=self.inspection, complete=self.complete, findings=self.findings,
            deficient_findings=self.deficient_findings, listed_deficient=self.listed_deficient,
            error=self.error,
        )  # fmt: skip
        return out


# ---------------------------------------------------------------- kinds


def detect_kind(content: bytes) -> str:
    """The kind of contract-inspection document the bytes hold, from its own text."""
    if not content:
        return EMPTY
    if not is_pdf(content):
        return NOT_PDF
    try:
        texts = page_texts(content, allow_blank=True)
    except BadDocument:
        return UNKNOWN  # corrupt, truncated or encrypted
    if not any(text.strip() for text in texts):
        return SCANNED
    return kind_of_text("\n".join(texts))


def kind_of_text(text: str) -> str:
    """Cover letter, G-324A (current form or an older revision), family review or unknown."""
    # letters are memoranda; some mention the G-324A form they were sent with
    if re.search(r"^\s*SUBJECT:", text, re.M) and "Inspection" in text:
        return LETTER
    if "Form G-324A" in text or "Significant Incident Summary" in text:
        # the current form (2019 on) carries an HQ "Form Key" and "Revision Date" block
        return FORM_CURRENT if re.search(r"Form Key:.*Revision Date:", text) else FORM_OLDER
    if re.search(r"Compliance Inspection: [A-Z]{3,6}\b", text) and "Noncompliance" in text:
        return FAMILY_REVIEW
    return UNKNOWN


# ---------------------------------------------------------------- listed deficient standards

_LISTED = re.compile(
    r"deficient components?\s+in\s+(?:the\s+following\s+)?"
    r"(?:(?P<words>[\w-]+(?:,?\s[\w-]+){0,2}?)\s*(?:\(\s*(?P<digits>\d+)\s*\)\s*)?)?standards?\b",
    re.I,
)


def listed_deficient_standards(text: str) -> int | None:
    """How many deficient standards the letter says it lists ('the following three (3)
    standards'; 'the following standard' is one); None when the letter states none."""
    m = _LISTED.search(squash(text))
    if m is None:
        return None
    if m["digits"]:
        return int(m["digits"])
    if m["words"]:
        return words_to_int(m["words"])
    return 1  # "in the following standard:"


# ---------------------------------------------------------------- one file


def examine(
    name: str, content: bytes, parse: Callable[[Page], list[Record]], *,
    listed_kind: str | None = None, kind_of: Callable[[bytes], str] = detect_kind,
) -> FileResult:  # fmt: skip
    """Parse one file and describe the outcome; a source error becomes the result's error."""
    result = FileResult(file=name, kind=kind_of(content), listed_kind=listed_kind)
    if not content:
        result.error = error_of(BadDocument("the file is empty (0 bytes)"))
        return result
    if result.kind == LETTER:
        text = clean_text("\n".join(page_texts(content)))
        result.listed_deficient = listed_deficient_standards(text)
    try:
        records = parse(Page(url=Path(name).resolve().as_uri(), content=content))
    except SourceError as exc:
        result.error = error_of(exc)
        return result
    if not records:  # an empty success would hide a file the parser did not understand
        result.error = error_of(BadDocument("the parser found nothing in the file"))
    result.records = records
    _read_records(result, records)
    return result


def error_of(exc: SourceError) -> dict[str, str]:
    """The error's class name, its plain-words reason and message."""
    return {"name": type(exc).__name__, "reason": exc.reason, "message": str(exc)}


def _read_records(result: FileResult, records: list[Record]) -> None:
    """Fill the inspection's fields and count the findings."""
    for record in records:
        if record.kind == "inspection" and result.inspection is None:
            data = record.to_dict()
            result.inspection = {f: data.get(f) for f in INSPECTION_FIELDS}
        elif record.kind == "finding":
            result.findings += 1
            result.deficient_findings += getattr(record, "result", "") == "deficient"


# ---------------------------------------------------------------- totals


@dataclass
class KindTotals:
    """Totals of one document kind."""

    files: int = 0
    complete: int = 0
    deficient_findings: int = 0
    listed_deficient: int = 0
    found_of_listed: int = 0  # findings, capped at the listed count per file
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def complete_share(self) -> float:
        return self.complete / self.files if self.files else 0.0

    @property
    def findings_share(self) -> float | None:
        return self.found_of_listed / self.listed_deficient if self.listed_deficient else None


def summarize(results: Iterable[FileResult]) -> dict[str, KindTotals]:
    """Totals per kind, in the order of KINDS and then any other kind seen."""
    totals: dict[str, KindTotals] = {kind: KindTotals() for kind in KINDS}
    for result in results:
        kind = totals.setdefault(result.group, KindTotals())
        kind.files += 1
        kind.complete += result.complete
        kind.deficient_findings += result.deficient_findings
        if result.listed_deficient:
            kind.listed_deficient += result.listed_deficient
            kind.found_of_listed += min(result.deficient_findings, result.listed_deficient)
        if result.error:
            kind.errors[f"{result.error['name']}: {result.error['message']}"] += 1
    return {kind: t for kind, t in totals.items() if t.files}


def format_summary(totals: dict[str, KindTotals]) -> str:
    """A plain-text table: per kind, complete inspections, findings of listed, errors."""
    lines = [f"{'kind':<42} {'files':>5} {'complete':>14} {'deficient findings/listed':>26}"]
    for kind, t in totals.items():
        share = t.findings_share
        findings = f"{t.found_of_listed}/{t.listed_deficient}" + (
            f" ({share:.0%})" if share is not None else ""
        )
        complete = f"{t.complete} ({t.complete_share:.0%})"
        lines.append(f"{kind:<42} {t.files:>5} {complete:>14} {findings:>26}")
        for message, count in t.errors.most_common():
            lines.append(f"    {count:>4} x {message}")
    return "\n".join(lines)


def read_index(path: Path) -> dict[str, str]:
    """File name -> kind from an index CSV with `file` and `kind` columns."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["file"]: row["kind"] for row in csv.DictReader(handle) if row.get("file")}
