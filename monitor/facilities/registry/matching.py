"""The matching steps behind `resolve_facility`: detloc, exact name, address, fuzzy.

Each step returns a `FacilityMatch` when it can decide (a confident match, or a
conflict that must go to review) and None to fall through to the next step.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlmodel import Session, col, select

from monitor.facilities.registry.normalize import (
    names_compatible,
    normalize_city,
    qualifiers_conflict,
)
from monitor.models import Facility, FacilityAlias

# Confidence given to each method; a match is accepted at ACCEPT_CONFIDENCE or above.
DETLOC_CONFIDENCE = 1.0
EXACT_CONFIDENCE = 0.98
EXACT_NO_STATE_CONFIDENCE = 0.9
ADDRESS_CONFIDENCE = 0.9
STREET_CONFIDENCE = 0.88
ACCEPT_CONFIDENCE = 0.85
# Fuzzy needs a very similar name, and a clear lead over the next facility.
FUZZY_ACCEPT_SCORE = 92.0
FUZZY_REVIEW_SCORE = 75.0
FUZZY_MIN_LEAD = 8.0


@dataclass
class FacilityMatch:
    """The registry's answer: a facility only when confident, candidates for review otherwise."""

    facility_id: int | None
    confidence: float
    # "detloc" | "exact_name" | "address" | "street" | "fuzzy" (matched);
    # "ambiguous" | "same_street" | "none" (not matched)
    method: str
    candidates: list[tuple[int, float]] = field(default_factory=list)

    @property
    def matched(self) -> bool:
        """True when the registry is confident enough to attach data to the facility."""
        return self.facility_id is not None


NO_MATCH = FacilityMatch(None, 0.0, "none", [])


def ambiguous(candidates: list[tuple[int, float]]) -> FacilityMatch:
    """A non-match that names the facilities a reviewer should look at, best first."""
    ranked = sorted(candidates, key=lambda c: (-c[1], c[0]))
    return FacilityMatch(None, ranked[0][1] if ranked else 0.0, "ambiguous", ranked)


def by_detloc(session: Session, detloc: str | None) -> FacilityMatch | None:
    """Match on ICE's facility code, the only identifier that never drifts."""
    code = (detloc or "").strip().upper()
    if not code:
        return None
    facility = session.exec(select(Facility).where(Facility.detloc == code)).first()
    if facility is not None and facility.id is not None:
        return FacilityMatch(facility.id, DETLOC_CONFIDENCE, "detloc", [(facility.id, 1.0)])
    ids = _alias_facility_ids(session, "detloc", code)
    if len(ids) == 1:
        return FacilityMatch(ids[0], DETLOC_CONFIDENCE, "detloc", [(ids[0], 1.0)])
    return ambiguous([(i, 0.5) for i in ids]) if ids else None


def _alias_facility_ids(
    session: Session, kind: str | tuple[str, ...], normalized: str
) -> list[int]:
    kinds = (kind,) if isinstance(kind, str) else kind
    rows = session.exec(
        select(FacilityAlias.facility_id)
        .where(col(FacilityAlias.kind).in_(kinds), FacilityAlias.normalized == normalized)
        .distinct()
    ).all()
    return sorted(rows)


def _facilities(session: Session, ids: Collection[int]) -> list[Facility]:
    if not ids:
        return []
    return list(session.exec(select(Facility).where(col(Facility.id).in_(list(ids)))).all())


def _place_agrees(facility: Facility, state: str | None, city: str | None) -> bool:
    """State must agree when both are known; city too (one name, two towns = two sites)."""
    if state and facility.state and facility.state.upper() != state:
        return False
    return not (city and facility.city and normalize_city(facility.city) != normalize_city(city))


def by_exact_name(
    session: Session, norm: str, state: str | None, city: str | None, exclude: Collection[int]
) -> FacilityMatch | None:
    """Match a normalised name alias; same-name facilities elsewhere are told apart by place."""
    if not norm:
        return None
    ids = _alias_facility_ids(session, ("name", "abbreviation"), norm)
    if not ids:
        return None
    facilities = [f for f in _facilities(session, ids) if f.id is not None]
    if state:
        same_state = [f for f in facilities if not f.state or f.state.upper() == state]
        if not same_state:
            return None  # a namesake in another state: a different facility
        facilities = same_state
    agreeing = [f.id for f in facilities if _place_agrees(f, state, city) and f.id not in exclude]
    if len(agreeing) == 1 and len(facilities) == 1 and agreeing[0] is not None:
        confidence = EXACT_CONFIDENCE if state else EXACT_NO_STATE_CONFIDENCE
        return FacilityMatch(agreeing[0], confidence, "exact_name", [(agreeing[0], confidence)])
    return ambiguous([(f.id, 0.7) for f in facilities if f.id is not None])


def by_address(
    session: Session, key: str | None, norm: str, exclude: Collection[int]
) -> FacilityMatch | None:
    """Match street+city+state+ZIP, unless the names say these are different units."""
    if not key:
        return None
    ids = [i for i in _alias_facility_ids(session, "address", key) if i not in exclude]
    if not ids:
        return None
    if len(ids) > 1:
        return ambiguous([(i, 0.6) for i in ids])
    facility = session.get(Facility, ids[0])
    if facility is None or facility.id is None:
        return None
    if norm and _names_conflict(session, facility.id, norm):
        return ambiguous([(facility.id, 0.6)])
    return FacilityMatch(facility.id, ADDRESS_CONFIDENCE, "address", [(facility.id, 0.9)])


def by_street(
    session: Session, key: str | None, norm: str, exclude: Collection[int]
) -> FacilityMatch | None:
    """Same street, state and ZIP under another spelling of the city (Richwood / Monroe).

    Only a name the facility already carries is accepted; any other name at that street is
    a renaming or a second unit, which a person decides: it is queued with the facility as
    candidate instead of silently becoming a second facility.
    """
    street, _, code, zip_code = (key or "|||").split("|")
    if not (street and code and zip_code):
        return None
    pattern = f"{_escape_like(street)}|%|{code}|{zip_code}"
    rows = session.exec(
        select(FacilityAlias.facility_id)
        .where(FacilityAlias.kind == "address")
        .where(col(FacilityAlias.normalized).like(pattern, escape="\\"))
        .distinct()
    ).all()
    ids = sorted(i for i in rows if i not in exclude)
    if len(ids) != 1:
        return ambiguous([(i, 0.6) for i in ids]) if ids else None
    if norm and norm in _known_names(session, ids[0]):
        return FacilityMatch(ids[0], STREET_CONFIDENCE, "street", [(ids[0], STREET_CONFIDENCE)])
    return FacilityMatch(None, 0.6, "same_street", [(ids[0], 0.6)])


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _known_names(session: Session, facility_id: int) -> set[str]:
    return set(
        session.exec(
            select(FacilityAlias.normalized).where(
                FacilityAlias.facility_id == facility_id, FacilityAlias.kind == "name"
            )
        ).all()
    )


def _names_conflict(session: Session, facility_id: int, norm: str) -> bool:
    """True when no known name of the facility is compatible with `norm`.

    One address can hold several units (main facility and annex, staging, a family
    residence): the address alone never merges names that share nothing distinctive.
    """
    names = session.exec(
        select(FacilityAlias.normalized).where(
            FacilityAlias.facility_id == facility_id, FacilityAlias.kind == "name"
        )
    ).all()
    return bool(names) and not any(names_compatible(n, norm) for n in names)


def by_fuzzy(
    session: Session, norm: str, state: str | None, city: str | None, exclude: Collection[int]
) -> FacilityMatch | None:
    """Match a near-identical name in the same state with a clear lead over the runner-up."""
    if not norm or not state:
        return None
    rows = session.exec(
        select(FacilityAlias.facility_id, FacilityAlias.normalized, Facility.city)
        .join(Facility, col(Facility.id) == FacilityAlias.facility_id)
        .where(FacilityAlias.kind == "name", Facility.state == state)
    ).all()
    best: dict[int, float] = {}
    for facility_id, alias_norm, facility_city in rows:
        if qualifiers_conflict(alias_norm, norm):
            continue
        if city and facility_city and normalize_city(facility_city) != normalize_city(city):
            continue
        score = float(fuzz.token_sort_ratio(alias_norm, norm))
        best[facility_id] = max(best.get(facility_id, 0.0), score)
    return _decide_fuzzy(best, exclude)


def _decide_fuzzy(best: dict[int, float], exclude: Collection[int]) -> FacilityMatch | None:
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < FUZZY_REVIEW_SCORE:
        return None
    top_id, top_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    clear = top_score >= FUZZY_ACCEPT_SCORE and top_score - runner_up >= FUZZY_MIN_LEAD
    if clear and top_id not in exclude:
        confidence = round(top_score / 100, 3)
        return FacilityMatch(top_id, confidence, "fuzzy", [(top_id, confidence)])
    candidates = [(i, round(s / 100 * 0.8, 3)) for i, s in ranked[:5] if s >= FUZZY_REVIEW_SCORE]
    return ambiguous(candidates)
