"""Demo part: facilities, their aliases and their statistics snapshots (runs first).

Idempotent: every row is looked up before it is written, so re-running changes nothing.
A facility already in the registry (for example from a real workbook import) is reused.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from sqlmodel import Session, select

from monitor.capture.sources import ensure_source
from monitor.config import Settings
from monitor.demo.facilities_data import ALL_FACILITIES, RELEASES, FacilityFacts
from monitor.facilities.registry import add_alias, create_facility, resolve_facility, slugify
from monitor.facilities.statistics import DEMO_HASH_PREFIX
from monitor.models import (
    Document,
    Facility,
    FacilityOperator,
    FacilityStatSnapshot,
    Source,
    StatRelease,
)

SOURCE_KEY = "ice_stats"
ALIAS_SOURCE = "demo"


def load(session: Session, settings: Settings) -> None:
    """Load the demo facilities, releases and snapshots."""
    source = ensure_source(session=session, key=SOURCE_KEY)
    releases = {label: _release(session, source, label) for label in RELEASES}
    for facts in ALL_FACILITIES:
        facility = _facility(session, facts)
        if facility.id is None:
            raise RuntimeError("the database did not assign a facility id")
        for alias, kind in facts["aliases"]:
            add_alias(
                session=session,
                facility_id=facility.id,
                alias=alias,
                kind=kind,
                source=ALIAS_SOURCE,
            )
        if facts["operator"]:
            _operator(session, facility.id, *facts["operator"])
        for label, values in facts["snapshots"].items():
            _snapshot(session, facility, releases[label], values)
    session.flush()


def _release(session: Session, source: Source, label: str) -> StatRelease:
    """The release with this label, created with its source document when missing."""
    found = session.exec(select(StatRelease).where(StatRelease.label == label)).first()
    if found is not None:
        return found
    when, url = RELEASES[label]
    document = Document(
        source_id=source.id or 0,
        external_id=f"stat-release:{label}",
        kind="workbook",
        title=f"ICE detention statistics, {label}",
        url=url,
        publisher="U.S. Immigration and Customs Enforcement",
        published_date=when,
        fiscal_year=int(label[2:6]),
        summary="Facilities sheet of ICE's detention statistics workbook (demo extract).",
    )
    session.add(document)
    session.flush()
    name = PurePosixPath(url).name
    release = StatRelease(
        label=label,
        release_date=when,
        file_name=name if name.endswith(".xlsx") else f"{slugify(label)}.xlsx",
        # No workbook bytes in the demo: a marker hash that no real file can have.
        sha256=DEMO_HASH_PREFIX + hashlib.sha256(label.encode()).hexdigest()[:59],
        document_id=document.id,
    )
    session.add(release)
    session.flush()
    return release


def _facility(session: Session, facts: FacilityFacts) -> Facility:
    """The facility by slug, else by a confident registry match, else a new one."""
    found = session.exec(select(Facility).where(Facility.slug == slugify(facts["name"]))).first()
    if found is None:
        match = resolve_facility(
            session=session,
            name=facts["name"],
            address=facts["address"],
            city=facts["city"],
            state=facts["state"],
            zip=facts["zip"],
            detloc=facts["detloc"],
        )
        found = session.get(Facility, match.facility_id) if match.facility_id else None
    if found is None:
        return create_facility(
            session=session,
            **{k: facts[k] for k in ("name", "address", "city", "state", "zip", "aor")},
            type_detailed=facts["type_detailed"],
            detloc=facts["detloc"],
            source=ALIAS_SOURCE,
        )
    if facts["detloc"] and not found.detloc:
        found.detloc = facts["detloc"]
        add_alias(session=session, facility_id=found.id or 0, alias=facts["detloc"], kind="detloc")
    return found


def _operator(session: Session, facility_id: int, operator: str, start: date) -> None:
    exists = session.exec(
        select(FacilityOperator.id).where(
            FacilityOperator.facility_id == facility_id, FacilityOperator.operator == operator
        )
    ).first()
    if exists is None:
        session.add(FacilityOperator(facility_id=facility_id, operator=operator, start_date=start))


def _snapshot(
    session: Session, facility: Facility, release: StatRelease, values: dict[str, Any]
) -> None:
    exists = session.exec(
        select(FacilityStatSnapshot.id).where(
            FacilityStatSnapshot.facility_id == facility.id,
            FacilityStatSnapshot.release_id == release.id,
        )
    ).first()
    if exists is not None:
        return
    session.add(
        FacilityStatSnapshot(
            facility_id=facility.id or 0,
            release_id=release.id or 0,
            # A release may list the facility under another name or address than today's.
            **{
                "raw_name": facility.name.upper(),
                "address": facility.address,
                "city": facility.city,
                "state": facility.state,
                "zip": facility.zip,
                "aor": facility.aor,
                "type_detailed": facility.type_detailed,
                **values,
            },
        )
    )
