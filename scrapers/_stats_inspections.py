"""The inspection columns of an ICE statistics release, whatever their layout.

Releases state the last inspections three ways: one "Last Inspection ..." block (FY2024+),
"Last" plus "Second to Last" blocks (FY2019-FY2022), or one block per inspector, each with
its own date, standard and rating ("ODO Inspection End Date", "Last Nakamoto Final Rating",
"Second to Last Nakamoto ..."; FY2023). Every header is read as rank + inspector + attribute.
A header that looks like an inspection column but does not read that way is drift: the
release stops with `ColumnsUnmapped`, because a snapshot with silently empty inspection
fields would look like a facility nobody inspected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from scrapers._base import ColumnsUnmapped
from scrapers._workbook import blank, to_date, to_text

# Words that make a header an inspection column at all.
_INSPECTION_LIKE = re.compile(
    r"inspect|insepct|rating|\bodo\b|nakamoto|creative corrections|\bstandards?\b|\bresult\b"
)
# Kept raw: a flag for an inspection still to come, not one that happened.
_PENDING = re.compile(r"^(pending|scheduled|next)( fy ?\d{2,4})? inspection")
_RANKS = (
    (3, re.compile(r"\bthird (to|from) last\b")),
    (2, re.compile(r"\b(second (to|from) last|previous|prior|penultimate)\b")),
    (1, re.compile(r"\b(last|latest|most recent|current)\b")),
)
_INSPECTORS = (
    ("ODO", re.compile(r"\bodo\b|office of detention oversight")),
    ("Nakamoto", re.compile(r"\bnakamoto( group)?\b")),
    ("Creative Corrections", re.compile(r"\bcreative corrections\b")),
    ("Contract inspector", re.compile(r"\bcontract(or)? inspect\w*|\bcontract\b")),
)
_ATTRIBUTE_WORDS = (
    # An inspection spans days: "Start Date" is its own attribute, the end date is "date".
    ("start", re.compile(r"\b(start|begin|beginning) date\b")),
    ("date", re.compile(r"\b((end|completion|completed) )?date\b|\bcompleted\b")),
    ("rating", re.compile(r"\b(final )?(rating|result)\b|\bfinal\b")),
    ("standard", re.compile(r"\b(performance )?standards?\b")),
    ("type", re.compile(r"\btype\b")),
)
# Words that carry nothing: "Last Inspection Rating - Final", "ODO Rating (FY23)".
_FILLER = re.compile(r"\b(inspection|inspections|insepction|of|the|final|fy ?\d{2,4})\b|[-:()/]")


@dataclass(frozen=True)
class Slot:
    """One inspection a release describes per facility: who, and how recent (1 = last)."""

    inspector: str | None
    rank: int

    @property
    def key(self) -> str:
        who = (self.inspector or "any").lower().replace(" ", "_")
        return f"inspection:{who}:{self.rank}"


@dataclass
class InspectionColumns:
    """Which header feeds which attribute of which inspection slot."""

    slots: dict[Slot, dict[str, str]] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)
    # A lone "Last Inspection Type" beside per-inspector blocks: the type of the latest one.
    last_type: str | None = None

    def headers(self) -> set[str]:
        found = {h for columns in self.slots.values() for h in columns.values()}
        return found | ({self.last_type} if self.last_type else set())

    def field_names(self) -> dict[str, str]:
        """Header -> field name; the plain last-inspection block keeps its historic names."""
        out: dict[str, str] = {}
        for slot, columns in self.slots.items():
            for attribute, header in columns.items():
                legacy = slot == Slot(None, 1)
                out[header] = (
                    f"last_inspection_{attribute}" if legacy else f"{slot.key}:{attribute}"
                )
        return out


@dataclass
class StatInspection:
    """One inspection as a release row states it; `date_text` keeps a cell that is no date."""

    inspector: str | None
    rank: int
    type: str | None = None
    standard: str | None = None
    rating: str | None = None
    start_date: date | None = None
    date: date | None = None  # the end date (the start date when only that is given)
    date_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "inspector": self.inspector,
            "rank": self.rank,
            "type": self.type,
            "standard": self.standard,
            "rating": self.rating,
            "date": self.date.isoformat() if self.date else None,
            "date_text": self.date_text,
            "start_date": self.start_date.isoformat() if self.start_date else None,
        }


def read_header(header: str) -> tuple[Slot, str] | None:
    """(slot, attribute) a header feeds; None when it is no inspection column.

    Raises ColumnsUnmapped naming the header when it is inspection-like but unreadable.
    """
    text = " ".join(header.lower().replace("\u2013", "-").split())
    if not _INSPECTION_LIKE.search(text) or _PENDING.match(text):
        return None
    rank = next((r for r, pattern in _RANKS if pattern.search(text)), 1)
    inspector = next((name for name, pattern in _INSPECTORS if pattern.search(text)), None)
    attributes = [name for name, pattern in _ATTRIBUTE_WORDS if pattern.search(text)]
    attribute = _one_attribute(attributes)
    rest = text
    for pattern in [p for _, p in _RANKS] + [p for _, p in _INSPECTORS]:
        rest = pattern.sub(" ", rest)
    for _, pattern in _ATTRIBUTE_WORDS:
        rest = pattern.sub(" ", rest)
    leftover = _FILLER.sub(" ", rest).split()
    if attribute is None or leftover:
        raise ColumnsUnmapped(f"inspection column '{header}' cannot be mapped")
    return Slot(inspector, rank), attribute


def _one_attribute(found: list[str]) -> str | None:
    """The attribute a header names; 'Rating - Final' is a rating, 'Final ... Date' a date."""
    if "start" in found:
        return "start"
    if "date" in found:
        return "date"
    return found[0] if len(found) == 1 else ("rating" if "rating" in found else None)


def map_columns(headers: list[str]) -> InspectionColumns:
    """Map every inspection header of a release, or stop the release by name."""
    columns = InspectionColumns()
    for header in headers:
        if header and _PENDING.match(" ".join(header.lower().split())):
            columns.pending.append(header)
            continue
        read = read_header(header) if header else None
        if read is None:
            continue
        slot, attribute = read
        taken = columns.slots.setdefault(slot, {})
        if attribute in taken:
            raise ColumnsUnmapped(
                f"inspection columns '{taken[attribute]}' and '{header}' both give the "
                f"{attribute} of the same inspection"
            )
        taken[attribute] = header
    _separate_last_type(columns)
    _check_complete(columns)
    return columns


def _separate_last_type(columns: InspectionColumns) -> None:
    """An undated plain block holding only a type, beside dated per-inspector blocks, types
    the latest inspection instead of being an inspection of its own."""
    plain = columns.slots.get(Slot(None, 1))
    others = [s for s in columns.slots if s != Slot(None, 1)]
    if plain is not None and set(plain) == {"type"} and others:
        columns.last_type = plain["type"]
        del columns.slots[Slot(None, 1)]


def _check_complete(columns: InspectionColumns) -> None:
    """Every inspection needs its date; a release must state at least one inspection."""
    if not columns.slots:
        raise ColumnsUnmapped("no inspection columns found (expected a last inspection date)")
    undated = [slot for slot, found in columns.slots.items() if not {"date", "start"} & set(found)]
    if undated:
        named = ", ".join(sorted(columns.slots[s][a] for s in undated for a in columns.slots[s]))
        raise ColumnsUnmapped(f"inspection columns without a date column: {named}")


def row_inspections(columns: InspectionColumns, cells: dict[str, Any]) -> list[StatInspection]:
    """The inspections one row states, in slot order; slots left blank are omitted."""
    found = []
    for slot, headers in columns.slots.items():
        values = {a: cells.get(h) for a, h in headers.items()}
        if all(blank(v) for v in values.values()):
            continue
        start = to_date(values.get("start"))
        end = to_date(values.get("date"))
        kind = to_text(values.get("type"))
        found.append(
            StatInspection(
                inspector=slot.inspector or _inspector_named(kind),
                rank=slot.rank,
                type=kind,
                standard=to_text(values.get("standard")),
                rating=to_text(values.get("rating")),
                date=end or start,
                date_text=None if end else to_text(values.get("date")),
                start_date=start,
            )
        )
    return found


def _inspector_named(kind: str | None) -> str | None:
    """FY2024+ releases name the inspector in the type cell ('ODO', 'ODO OASIP')."""
    text = (kind or "").lower()
    return next((name for name, pattern in _INSPECTORS if pattern.search(text)), None)


def latest(inspections: list[StatInspection]) -> StatInspection | None:
    """The most recent inspection: latest date, then the release's own ranking."""
    if not inspections:
        return None
    dated = [i for i in inspections if i.date is not None]
    if dated:
        return max(dated, key=lambda i: (i.date, -i.rank))
    return min(inspections, key=lambda i: i.rank)
