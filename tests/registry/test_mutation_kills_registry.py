"""Registry cases that mutation testing showed no test pinned down: naming a facility by code,
slug or alias when partial matches would be ambiguous, the moved-facility audit, and a merge
keeping the kept facility's own names."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from monitor.facilities.registry import add_alias, create_facility
from monitor.facilities.registry.accuracy import street_audit
from monitor.facilities.registry.lookup import facility_details
from monitor.facilities.registry.merge import merge_facilities
from monitor.facilities.registry.naming import AmbiguousFacility, FacilityNotFound, facility_named
from monitor.models import Facility, FacilityStatSnapshot, StatRelease

OTERO = "Otero County Processing Center"


@pytest.fixture
def otero_and_annex(session: Session) -> tuple[Facility, Facility]:
    """Two facilities whose names, aliases and codes overlap, so partial matches are ambiguous."""
    otero = create_facility(session=session, name=OTERO, city="Chaparral", state="NM",
                            detloc="OTRCPNM")  # fmt: skip
    annex = create_facility(session=session, name=f"{OTERO} Annex", city="Chaparral", state="NM",
                            detloc="OTRANNX")  # fmt: skip
    assert otero.id is not None and annex.id is not None
    add_alias(session=session, facility_id=otero.id, alias="Otero Processing")
    add_alias(session=session, facility_id=annex.id, alias="Otero Processing Annex")
    add_alias(session=session, facility_id=annex.id, alias="OTRCPNM Annex")
    session.flush()
    return otero, annex


@pytest.mark.parametrize("query", ["otrcpnm", "OTRCPNM", "otero-county-processing-center",
                                   "Otero Processing", OTERO.upper()])  # fmt: skip
def test_an_exact_code_slug_alias_or_name_wins_over_partial_matches(
    session: Session, otero_and_annex: tuple[Facility, Facility], query: str
) -> None:
    otero, _annex = otero_and_annex
    assert otero.slug == "otero-county-processing-center"
    assert facility_named(session=session, query=query).slug == otero.slug


def test_two_facilities_with_the_same_name_are_the_only_candidates(session: Session) -> None:
    twins = {create_facility(session=session, name="County Jail", state=state).slug
             for state in ("TX", "LA")}  # fmt: skip
    create_facility(session=session, name="Cedar County Jail", state="KS")
    session.flush()
    with pytest.raises(AmbiguousFacility) as caught:
        facility_named(session=session, query="county jail")
    assert {f.slug for f in caught.value.candidates} == twins and len(twins) == 2


def test_a_slug_with_a_state_suffix_names_its_facility_not_a_longer_name(session: Session) -> None:
    create_facility(session=session, name="County Jail", state="TX")
    louisiana = create_facility(session=session, name="County Jail", state="LA")
    create_facility(session=session, name="County Jail La Salle", state="TX")
    session.flush()
    assert louisiana.slug == "county-jail-la"
    assert facility_named(session=session, query="county-jail-la").id == louisiana.id


def test_an_unknown_name_suggests_the_closest_real_slug(
    session: Session, otero_and_annex: tuple[Facility, Facility]
) -> None:
    with pytest.raises(FacilityNotFound, match="e.g. otero-county-processing-center-annex "):
        facility_named(session=session, query="otero county annex jail")


def test_a_facility_listed_at_another_street_and_town_is_flagged_as_moved(session: Session) -> None:
    moved = create_facility(session=session, name="Pine Bayou Correctional Center", state="LA")
    stayed = create_facility(session=session, name="Cedar County Jail", state="KS")
    releases = [StatRelease(label=f"FY{fy} test release", file_name=f"fy{fy}.xlsx", sha256=f"{fy}" * 16)
                for fy in (2022, 2024)]  # fmt: skip
    session.add_all(releases)
    session.flush()
    earlier, later = (release.id for release in releases)
    places = [(moved, earlier, "180 Pine Bayou Circle", "Pinewood"),
              (moved, later, "12 River Road", "Monroe"),
              (stayed, earlier, "301 South Walnut Street", "Cottonwood Falls"),
              (stayed, later, "301 S Walnut St", "Strong City")]  # fmt: skip
    for facility, release_id, address, city in places:
        session.add(FacilityStatSnapshot(facility_id=facility.id, release_id=release_id,
                                         raw_name=facility.name, address=address, city=city))  # fmt: skip
    session.flush()
    assert street_audit(session=session).moved == [moved.id]
    assert session.exec(select(FacilityStatSnapshot)).all()  # the audit read real rows


def test_a_merge_keeps_the_kept_facilitys_own_names_and_adds_the_duplicates(
    session: Session,
) -> None:
    keep = create_facility(session=session, name="Cedar County Jail", state="KS")
    duplicate = create_facility(session=session, name="Cedar County Detention Facility", state="KS")
    other = create_facility(session=session, name="Pine Bayou Correctional Center", state="LA")
    assert keep.id is not None and duplicate.id is not None
    add_alias(session=session, facility_id=keep.id, alias="Cedar Jail")
    add_alias(session=session, facility_id=duplicate.id, alias="Cedar Jail")  # the same: kept once
    session.flush()
    merge_facilities(session=session, duplicate_id=duplicate.id, keep_id=keep.id)
    aliases = facility_details(session=session, facility=keep)["aliases"]
    assert sorted(aliases) == ["Cedar County Detention Facility", "Cedar County Jail", "Cedar Jail"]
    assert facility_details(session=session, facility=other)["aliases"] == [other.name]
