"""The facility registry: the one place that decides which facility a source means.

Every source calls `resolve_facility`. It tries, in order: ICE's DETLOC code, an exact
normalised name alias (state agreeing when known), the street+city+state+ZIP alias, and a
fuzzy name match that must be near-identical, in the same state and unambiguous. Anything
less confident returns `facility_id=None` with candidates: callers then `queue_for_review`
and attach nothing, because a wrong merge is worse than a missing one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from typing import Any

from sqlmodel import Session, col, select

from monitor.facilities.registry.matching import (
    ACCEPT_CONFIDENCE,
    NO_MATCH,
    FacilityMatch,
    by_address,
    by_detloc,
    by_exact_name,
    by_fuzzy,
    by_street,
)
from monitor.facilities.registry.normalize import (
    address_key,
    normalize_name,
    normalize_state,
    normalize_zip,
    slugify,
)
from monitor.models import Facility, FacilityAlias, ReviewItem

__all__ = [
    "ACCEPT_CONFIDENCE",
    "FacilityMatch",
    "add_address_alias",
    "add_alias",
    "address_key",
    "create_facility",
    "normalize_name",
    "queue_for_review",
    "resolve_facility",
    "slugify",
]

ALIAS_KINDS = ("name", "address", "detloc", "abbreviation")


def resolve_facility(
    *,
    session: Session,
    name: str | None,
    address: str | None = None,
    city: str | None = None,
    state: str | None = None,
    zip: object = None,  # noqa: A002  (the public keyword is `zip`, as sources call it)
    detloc: str | None = None,
    exclude: Collection[int] = (),
    exact_only: bool = False,
) -> FacilityMatch:
    """Find the facility a source means; `facility_id` is None unless the match is confident.

    `exclude` lists facilities that cannot be the answer (for example those already
    matched by another row of the same statistics release); `exact_only` stops after the
    DETLOC and exact-name steps.
    """
    code = normalize_state(state)
    norm = normalize_name(name or "")
    first_doubt: FacilityMatch | None = None
    key = address_key(address, city, code, zip)
    steps = (
        lambda: by_detloc(session, detloc),
        lambda: by_exact_name(session, norm, code, city, exclude),
        lambda: by_address(session, key, norm, exclude),
        lambda: by_street(session, key, norm, exclude),
        lambda: by_fuzzy(session, norm, code, city, exclude),
    )
    for step in steps[:2] if exact_only else steps:
        result = step()
        if result is None:
            continue
        if result.facility_id is not None and result.confidence >= ACCEPT_CONFIDENCE:
            return result
        first_doubt = first_doubt or result
    return first_doubt or NO_MATCH


def add_alias(
    *,
    session: Session,
    facility_id: int,
    alias: str,
    kind: str = "name",
    source: str | None = None,
    normalized: str | None = None,
) -> None:
    """Record that `alias` names the facility (idempotent); names are stored normalised."""
    if kind not in ALIAS_KINDS:
        raise ValueError(f"unknown alias kind {kind!r}; expected one of {ALIAS_KINDS}")
    if normalized is None:
        normalized = alias.strip().upper() if kind == "detloc" else normalize_name(alias)
    if not normalized:
        return
    key = (kind, normalized, facility_id)
    if any(
        isinstance(o, FacilityAlias) and (o.kind, o.normalized, o.facility_id) == key
        for o in session.new
    ):
        return  # added earlier in this unit of work, not flushed yet
    exists = session.exec(
        select(FacilityAlias.id).where(
            FacilityAlias.kind == kind,
            FacilityAlias.normalized == normalized,
            FacilityAlias.facility_id == facility_id,
        )
    ).first()
    if exists is None:
        session.add(
            FacilityAlias(
                facility_id=facility_id,
                kind=kind,
                alias=alias.strip(),
                normalized=normalized,
                source=source,
            )
        )


def add_address_alias(
    *,
    session: Session,
    facility_id: int,
    address: str | None,
    city: str | None,
    state: str | None,
    zip: object = None,  # noqa: A002
    source: str | None = None,
) -> None:
    """Record the street+city+state+ZIP key of a facility (skipped when incomplete)."""
    key = address_key(address, city, state, zip)
    if key is None:
        return
    shown = ", ".join(p for p in (address, city, normalize_state(state), normalize_zip(zip)) if p)
    add_alias(
        session=session,
        facility_id=facility_id,
        alias=shown,
        kind="address",
        source=source,
        normalized=key,
    )


def queue_for_review(
    *, session: Session, kind: str, reason: str, payload: dict[str, Any], match: FacilityMatch
) -> ReviewItem:
    """Queue an unconfident match for a person to decide; the same question is queued once."""
    body = dict(payload)
    body["candidates"] = [[fid, score] for fid, score in match.candidates]
    body["method"] = match.method
    fingerprint = _fingerprint(kind, payload)
    body["fingerprint"] = fingerprint
    pending = session.exec(
        select(ReviewItem).where(ReviewItem.kind == kind, ReviewItem.status == "pending")
    ).all()
    for item in pending:
        if (item.payload or {}).get("fingerprint") == fingerprint:
            return item
    item = ReviewItem(
        kind=kind,
        reason=reason,
        candidate_facility_id=match.candidates[0][0] if match.candidates else None,
        confidence=match.confidence,
        payload=body,
    )
    session.add(item)
    session.flush()
    return item


def _fingerprint(kind: str, payload: dict[str, Any]) -> str:
    text = json.dumps([kind, payload], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def create_facility(
    *,
    session: Session,
    name: str,
    address: str | None = None,
    city: str | None = None,
    state: str | None = None,
    zip: object = None,  # noqa: A002
    aor: str | None = None,
    type_detailed: str | None = None,
    detloc: str | None = None,
    source: str | None = None,
) -> Facility:
    """Create a facility with a unique slug plus its name, address and DETLOC aliases."""
    code = normalize_state(state)
    facility = Facility(
        slug=_unique_slug(session, name, code),
        name=name.strip(),
        detloc=detloc.strip().upper() if detloc else None,
        address=address,
        city=city,
        state=code,
        zip=normalize_zip(zip),
        aor=aor,
        type_detailed=type_detailed,
    )
    session.add(facility)
    session.flush()
    if facility.id is None:
        raise RuntimeError("the database did not assign a facility id")
    fid = facility.id
    add_alias(session=session, facility_id=fid, alias=name, source=source)
    if detloc:
        add_alias(session=session, facility_id=fid, alias=detloc, kind="detloc", source=source)
    add_address_alias(
        session=session, facility_id=fid, address=address, city=city, state=code, zip=zip,
        source=source,
    )  # fmt: skip
    return facility


def _unique_slug(session: Session, name: str, state: str | None) -> str:
    """The name's slug; namesakes get the state, then a counter."""
    base = slugify(name)
    options = [base] + ([f"{base}-{state.lower()}"] if state else [])
    options += [f"{base}-{n}" for n in range(2, 1000)]
    taken = set(
        session.exec(select(Facility.slug).where(col(Facility.slug).startswith(base))).all()
    )
    for option in options:
        if option not in taken:
            return option
    raise RuntimeError(f"no free slug for {name!r}")
