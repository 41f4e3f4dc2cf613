"""What a packet holds: the request a person makes, validated and normalised."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from monitor.config import DEFAULT_BATES_PREFIX
from monitor.packets.errors import InvalidSelection
from scrapers._taxonomy import CATEGORIES

_PREFIX_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,15}$")
ITEM_KINDS = ("finding", "inspection", "recommendation", "staffing", "death")
# `finding:12` here; the facility timeline's keys (`finding-12`) are accepted too.
_ITEM_RE = re.compile(rf"^({'|'.join(ITEM_KINDS)})[:-](\d+)$")


@dataclass(frozen=True)
class PacketRequest:
    """A selection of facts for one facility plus how the packet should be labelled."""

    facility: str
    date_from: date | None = None
    date_to: date | None = None
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    bates_prefix: str = DEFAULT_BATES_PREFIX
    generated_at: datetime = field(default_factory=lambda: _now())

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidSelection(f"--from {self.date_from} is after --to {self.date_to}.")
        if not _PREFIX_RE.match(self.bates_prefix):
            raise InvalidSelection(
                f"Bates prefix {self.bates_prefix!r} must be 1-16 capital letters, digits, - or _."
            )
        unknown = sorted(set(self.categories) - set(CATEGORIES))
        if unknown:
            raise InvalidSelection(f"unknown categories: {', '.join(unknown)}")
        bad_items = [i for i in self.items if not _ITEM_RE.match(i)]
        if bad_items:
            raise InvalidSelection(f"unknown timeline items: {', '.join(bad_items)}")
        # Normalise so the same choice always records (and renders) identically.
        normal = tuple(sorted({"{}:{}".format(*parse_item(i)) for i in self.items}))
        object.__setattr__(self, "items", normal)

    def to_dict(self) -> dict[str, Any]:
        """The selection as recorded in the export log, bag-info and the cover page."""
        return {
            "facility": self.facility,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "categories": list(self.categories),
            "sources": list(self.sources),
            "items": list(self.items),
            "bates_prefix": self.bates_prefix,
            "generated_at": self.generated_at.isoformat(),
        }

    def describe(self) -> list[str]:
        """Human-readable lines describing the selection, for the cover page."""
        lines = [
            f"Dates: {self.date_from or 'earliest'} to {self.date_to or 'latest'}",
            "Categories: " + (", ".join(CATEGORIES[c] for c in self.categories) or "all"),
            "Sources: " + (", ".join(self.sources) or "all"),
        ]
        if self.items:
            lines.append(f"Timeline items chosen by hand: {len(self.items)}")
        return lines


def _now() -> datetime:
    """Now in naive UTC, truncated to the second so it prints cleanly."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def parse_item(item: str) -> tuple[str, int]:
    """Split a timeline item key such as `finding:12` into kind and id."""
    match = _ITEM_RE.match(item)
    if not match:
        raise InvalidSelection(f"unknown timeline item: {item}")
    return match.group(1), int(match.group(2))


def parse_date(value: str | None, label: str) -> date | None:
    """Parse YYYY-MM-DD, naming the option in the error."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidSelection(f"{label} must be a date like 2022-03-16, not {value!r}") from exc


def parse_generated_at(value: str | None) -> datetime:
    """Parse --generated-at (ISO 8601; an offset is converted to naive UTC)."""
    if not value:
        return _now()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidSelection(
            f"--generated-at must be an ISO date-time like 2026-01-31T12:00:00Z, not {value!r}"
        ) from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.replace(microsecond=0)


def normalise_categories(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Upper-case, de-duplicate and sort category codes (so the order never changes output)."""
    return tuple(sorted({v.strip().upper() for v in values if v.strip()}))
