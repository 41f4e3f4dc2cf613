"""How well the registry told facilities apart, measured on hand-labelled pairs of release rows.

A pair names two rows of statistics releases (release label prefix + raw name) and says
whether they are the same facility. After an import:

- a *same* pair on one facility is matched; on two facilities with a pending review item
  naming the earlier one as candidate it is queued; otherwise it is a silent false split;
- a *different* pair on one facility is a false merge (the worse error).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from sqlmodel import Session, col, select

from monitor.facilities.registry.normalize import normalize_address, normalize_city
from monitor.models import FacilityStatSnapshot, ReviewItem, StatRelease


@dataclass(frozen=True)
class RowRef:
    """A row of a release: the release label's start ("FY2024") and the row's raw name."""

    release: str
    raw_name: str


@dataclass(frozen=True)
class LabelledPair:
    first: RowRef
    second: RowRef
    note: str = ""


@dataclass
class IdentityReport:
    """Counts per outcome, with the pairs behind the errors."""

    matched: int = 0
    queued: int = 0
    false_splits: list[LabelledPair] = field(default_factory=list)
    kept_apart: int = 0
    false_merges: list[LabelledPair] = field(default_factory=list)
    missing: list[RowRef] = field(default_factory=list)


def identity_report(
    *, session: Session, same: list[LabelledPair], different: list[LabelledPair]
) -> IdentityReport:
    """Score the registry's facilities against labelled pairs."""
    facility_of = _facility_of(session)
    report = IdentityReport()
    queued = _queued_links(session)
    for pair in [*same, *different]:
        for ref in (pair.first, pair.second):
            if ref not in facility_of:
                report.missing.append(ref)
    for pair in same:
        a, b = facility_of.get(pair.first), facility_of.get(pair.second)
        if a is None or b is None:
            continue
        if a == b:
            report.matched += 1
        elif (b, a) in queued or (a, b) in queued:
            report.queued += 1
        else:
            report.false_splits.append(pair)
    for pair in different:
        a, b = facility_of.get(pair.first), facility_of.get(pair.second)
        if a is not None and a == b:
            report.false_merges.append(pair)
        elif a is not None and b is not None:
            report.kept_apart += 1
    return report


def _facility_of(session: Session) -> dict[RowRef, int]:
    """Each (release, raw name) row and the facility its snapshot went to."""
    rows = session.exec(
        select(
            StatRelease.label, FacilityStatSnapshot.raw_name, FacilityStatSnapshot.facility_id
        ).join(StatRelease, col(StatRelease.id) == FacilityStatSnapshot.release_id)
    ).all()
    out: dict[RowRef, int] = {}
    for label, raw_name, facility_id in rows:
        out[RowRef(label.split(" ")[0], raw_name)] = facility_id
    return out


def _queued_links(session: Session) -> set[tuple[int, int]]:
    """(facility a row created, candidate it may be) for every pending facility_match item."""
    items = session.exec(
        select(ReviewItem).where(
            ReviewItem.kind == "facility_match", ReviewItem.status == "pending"
        )
    ).all()
    links = set()
    for item in items:
        for candidate, _score in (item.payload or {}).get("candidates", []):
            if item.subject_id is not None:
                links.add((item.subject_id, int(candidate)))
    return links


@dataclass
class StreetAudit:
    """Label-free checks over every facility of the imported releases."""

    silent_splits: list[tuple[int, int]] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)


def street_audit(*, session: Session) -> StreetAudit:
    """Facilities that share a street but never a release, with no review item linking them
    (a rename the registry split silently), and facilities listed under two ZIP codes (what
    a wrong merge usually looks like)."""
    releases: dict[int, set[int]] = defaultdict(set)
    streets: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    places: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for snap in session.exec(select(FacilityStatSnapshot)).all():
        releases[snap.facility_id].add(snap.release_id)
        street = normalize_address(snap.address)
        places[snap.facility_id].add((street, normalize_city(snap.city)))
        if street and snap.state and snap.zip:
            streets[(street, snap.state.upper(), snap.zip)].add(snap.facility_id)
    queued = _queued_links(session)
    audit = StreetAudit(moved=sorted(f for f, found in places.items() if _moved(found)))
    for ids in streets.values():
        for a, b in combinations(sorted(ids), 2):
            linked = (a, b) in queued or (b, a) in queued
            if not linked and not releases[a] & releases[b]:
                audit.silent_splits.append((b, a))
    return audit


def _moved(places: set[tuple[str, str]]) -> bool:
    """True when two of a facility's rows share neither the street nor the town."""
    return any(a[0] != b[0] and a[1] != b[1] for a, b in combinations(sorted(places), 2))
