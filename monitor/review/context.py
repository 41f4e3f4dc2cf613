"""What a reviewer needs to decide an item: which facility and document it is about (with
page and quote), every value labelled in words, and what accepting or an edit would change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, SQLModel

from monitor import labels
from monitor.models import Document, Facility, ReviewItem, UserAccount
from monitor.review.corrections import CORRECTABLE

# Tables in words, for sentences such as "Accepting publishes this finding".
THINGS = {
    "finding": "finding",
    "inspection": "inspection",
    "staffing_observation": "staffing figure",
    "document": "document",
    "facility": "facility",
    "recommendation": "recommendation",
    "death_record": "death record",
}
LABELLED = {"category": "category", "result": "result", "role_group": "role_group",
            "type_detailed": "facility_type", "standard": "standard"}  # fmt: skip
HIDDEN = {"fingerprint"}


@dataclass(frozen=True)
class Shown:
    """One value as a reviewer reads it."""

    name: str
    label: str
    value: str
    raw: str = ""


@dataclass
class ReviewContext:
    facility: Facility | None = None
    document: Document | None = None
    page: int | None = None
    quote: str | None = None
    details: list[Shown] = field(default_factory=list)
    fields: list[Shown] = field(default_factory=list)
    effect: str = ""


def _raw(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def in_words(session: Session, name: str, value: Any) -> str:
    """A stored value as words: ids become names, booleans yes/no, codes their labels."""
    if value is None or value == "":
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name in ("facility_id", "candidate_facility_id") and isinstance(value, int):
        found = session.get(Facility, value)
        return f"{found.name} ({found.city or '?'}, {found.state or '?'})" if found else f"#{value}"
    if name == "document_id" and isinstance(value, int):
        doc = session.get(Document, value)
        return doc.title if doc else f"document #{value}"
    if name == "added_by" and isinstance(value, int):
        user = session.get(UserAccount, value)
        return user.email if user else f"account #{value}"
    if name == "candidates" and isinstance(value, list):
        return "; ".join(_candidate(session, c) for c in value) or "none"
    if name in LABELLED:
        return f"{labels.label(LABELLED[name], str(value))} ({value})"
    return _raw(value)


def _candidate(session: Session, pair: Any) -> str:
    fid, score = (pair + [None])[:2] if isinstance(pair, list) else (pair, None)
    name = in_words(session, "facility_id", fid)
    return f"{name}, match score {score:.0f}" if isinstance(score, int | float) else name


def labelled(session: Session, name: str, value: Any) -> Shown:
    return Shown(name, labels.field_label(name), in_words(session, name, value), _raw(value))


def _first(*values: Any) -> Any:
    return next((v for v in values if v not in (None, "")), None)


def effect_of(item: ReviewItem, context: ReviewContext) -> str:
    """What accepting the item does, in one or two sentences."""
    thing = THINGS.get(item.subject_table or "", "record")
    where = f"on the page of {context.facility.name}" if context.facility else "on the site"
    if item.kind == "unmatched_facility":
        return (
            "Accepting attributes the document's records to the facility you choose; "
            "they then appear on its page, in the API, the CSV files and the feeds."
        )
    if item.subject_table == "facility":
        return "Accepting keeps this as a separate facility; rejecting it flags the row as wrong."
    return (
        f"Accepting publishes this {thing} {where} and in the API, the CSV files and the "
        f"feeds. Rejecting keeps it hidden. Saving edits records each change as a correction."
    )


def review_context(*, session: Session, item: ReviewItem, row: SQLModel | None) -> ReviewContext:
    """Everything the review item page shows about the item and its subject row."""
    payload = item.payload or {}
    facility_id = _first(getattr(row, "facility_id", None), item.candidate_facility_id,
                         payload.get("facility_id"))  # fmt: skip
    document_id = _first(getattr(row, "document_id", None), payload.get("document_id"))
    if isinstance(row, Document):
        document_id = row.id
    ctx = ReviewContext(
        facility=session.get(Facility, facility_id) if isinstance(facility_id, int) else None,
        document=session.get(Document, document_id) if isinstance(document_id, int) else None,
        page=_first(getattr(row, "page", None), payload.get("page")),
        quote=_first(getattr(row, "quote", None), payload.get("quote")),
    )
    ctx.details = [labelled(session, k, v) for k, v in sorted(payload.items()) if k not in HIDDEN]
    if row is not None and item.subject_table in CORRECTABLE:
        names = CORRECTABLE[item.subject_table][1]
        ctx.fields = [labelled(session, n, getattr(row, n)) for n in names]
    ctx.effect = effect_of(item, ctx)
    return ctx


def preview_changes(
    session: Session, fields: list[Shown], changes: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(field label, old value in words, new value) for each field an edit would change."""
    out = []
    for f in fields:
        new = changes.get(f.name)
        if new is not None and new.strip() != f.raw:
            value: Any = int(new) if f.name.endswith("_id") and new.strip().isdigit() else new
            shown = in_words(session, f.name, value.strip() if isinstance(value, str) else value)
            out.append((f.label, f.value, shown))
    return out


def subject_context(*, session: Session, table: str, row: SQLModel) -> ReviewContext:
    """The facility and document of a published row, for the correction form."""
    facility_id = row.id if isinstance(row, Facility) else getattr(row, "facility_id", None)
    document_id = row.id if isinstance(row, Document) else getattr(row, "document_id", None)
    return ReviewContext(
        facility=session.get(Facility, facility_id) if facility_id else None,
        document=session.get(Document, document_id) if document_id else None,
        page=getattr(row, "page", None),
        quote=getattr(row, "quote", None),
    )
