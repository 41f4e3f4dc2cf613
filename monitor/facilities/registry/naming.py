"""One way to name a facility everywhere: name, any alias, DETLOC code or slug.

Every command and form that takes a facility calls `facility_named`. An exact slug or
DETLOC code wins; then an exact name or alias; then a unique partial match. Several
candidates raise `AmbiguousFacility` listing them; none raises `FacilityNotFound`, whose
hint names a real slug (the closest one), never an invented example.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from monitor.facilities.registry.lookup import find_facilities
from monitor.facilities.registry.normalize import normalize_name
from monitor.models import Facility, FacilityAlias

MAX_LISTED = 10


class FacilityNotFound(LookupError):
    """No facility has this name, alias, DETLOC code or slug."""


class AmbiguousFacility(LookupError):
    """Several facilities match; the message lists them by slug."""

    def __init__(self, query: str, candidates: list[Facility]) -> None:
        listed = "; ".join(f"{f.slug} ({f.name})" for f in candidates[:MAX_LISTED])
        more = len(candidates) - MAX_LISTED
        tail = f"; and {more} more" if more > 0 else ""
        super().__init__(f"{query!r} matches {len(candidates)} facilities: {listed}{tail}. "
                         "Give one of these slugs.")  # fmt: skip
        self.candidates = candidates


def facility_named(*, session: Session, query: str) -> Facility:
    """The one facility `query` names; raises FacilityNotFound or AmbiguousFacility."""
    text = query.strip()
    if not text:
        raise FacilityNotFound("Give a facility name, alias, DETLOC code or slug.")
    exact = _exact(session, text)
    if len(exact) == 1:
        return exact[0]
    candidates = exact or find_facilities(session=session, query=text)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise AmbiguousFacility(text, candidates)
    raise FacilityNotFound(f"No facility is named {text!r}. {_hint(session, text)}")


def _exact(session: Session, text: str) -> list[Facility]:
    """Facilities whose slug, DETLOC, name or alias is exactly `text` (case-insensitive)."""
    by_code = session.exec(
        select(Facility).where(
            or_(Facility.slug == text.lower(), func.upper(Facility.detloc) == text.upper())
        )
    ).all()
    if by_code:
        return list(by_code)
    norm = normalize_name(text)
    alias_ids = select(FacilityAlias.facility_id).where(FacilityAlias.normalized == norm)
    rows = session.exec(
        select(Facility)
        .where(or_(func.lower(Facility.name) == text.lower(), col(Facility.id).in_(alias_ids)))
        .order_by(Facility.name)
    ).all()
    return list(rows)


def _hint(session: Session, text: str) -> str:
    """Name a real slug: the closest to what was typed."""
    slugs = list(session.exec(select(Facility.slug)).all())
    if not slugs:
        return "No facilities are loaded yet (run `monitor demo` or import statistics)."
    best = process.extractOne(text.lower(), slugs, scorer=fuzz.token_sort_ratio,
                              processor=lambda slug: slug.replace("-", " ").lower())  # fmt: skip
    example = best[0] if best else slugs[0]
    return (
        f"Use a name, alias, DETLOC code or slug, e.g. {example} (see `monitor facilities show`)."
    )
