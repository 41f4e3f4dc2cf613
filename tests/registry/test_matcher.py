"""Unit tests of the facility matcher, including the traps of domain.md section 5."""

from __future__ import annotations

from flask import Flask
from sqlmodel import Session, select

from monitor.db import session_scope
from monitor.facilities.registry import (
    add_alias,
    create_facility,
    normalize_name,
    queue_for_review,
    resolve_facility,
)
from monitor.facilities.registry.normalize import address_key, normalize_state, normalize_zip
from monitor.models import FacilityAlias, ReviewItem


def _torrance(session: Session) -> int:
    facility = create_facility(
        session=session,
        name="TORRANCE COUNTY DETENTION FACILITY",
        address="209 COUNTY ROAD 49",
        city="ESTANCIA",
        state="NM",
        zip=87016,
        aor="ELP",
        type_detailed="IGSA",
        detloc="TOORANM",
    )
    assert facility.id is not None
    return facility.id


def test_normalize_name_expands_abbreviations_and_drops_punctuation() -> None:
    assert normalize_name("TORRANCE/ESTANCIA, NM") == "torrance estancia nm"
    assert normalize_name("Adams County Det. Ctr") == normalize_name(
        "ADAMS COUNTY DETENTION CENTER"
    )
    assert normalize_name("St. Clair County Jail") == normalize_name("SAINT CLAIR COUNTY JAIL")


def test_zip_and_state_normalisers() -> None:
    assert normalize_zip(2134) == "02134"
    assert normalize_zip("87016-1234") == "87016"
    assert normalize_zip(87016.0) == "87016"
    assert normalize_zip("N/A") is None
    assert normalize_state("New Mexico") == "NM"
    assert normalize_state("nm") == "NM"
    assert address_key("209 County Road 49", "Estancia", "NM", "87016") == address_key(
        "209 COUNTY RD. 49", "ESTANCIA", "New Mexico", 87016
    )


def test_detloc_wins(session: Session) -> None:
    fid = _torrance(session)
    match = resolve_facility(session=session, name="something else", detloc="tooranm")
    assert (match.facility_id, match.method, match.confidence) == (fid, "detloc", 1.0)


def test_exact_name_matches_with_state(session: Session) -> None:
    fid = _torrance(session)
    match = resolve_facility(
        session=session, name="Torrance County Detention Facility", state="New Mexico"
    )
    assert (match.facility_id, match.method) == (fid, "exact_name")


def test_exact_name_in_another_state_is_a_different_facility(session: Session) -> None:
    _torrance(session)
    match = resolve_facility(session=session, name="TORRANCE COUNTY DETENTION FACILITY", state="CA")
    assert match.facility_id is None


def test_renamed_facility_matches_by_address(session: Session) -> None:
    fid = _torrance(session)
    match = resolve_facility(
        session=session,
        name="TORRANCE/ESTANCIA, NM",
        address="209 COUNTY ROAD 49",
        city="ESTANCIA",
        state="NM",
        zip="87016",
    )
    assert (match.facility_id, match.method) == (fid, "address")


def test_alias_added_later_matches_exactly(session: Session) -> None:
    fid = _torrance(session)
    add_alias(session=session, facility_id=fid, alias="TCDF", kind="abbreviation")
    add_alias(session=session, facility_id=fid, alias="TCDF", kind="abbreviation")  # idempotent
    match = resolve_facility(session=session, name="tcdf", state="NM")
    assert match.facility_id == fid
    rows = session.exec(select(FacilityAlias).where(FacilityAlias.normalized == "tcdf")).all()
    assert len(rows) == 1


def test_shared_zip_does_not_merge_distinct_facilities(session: Session) -> None:
    create_facility(
        session=session,
        name="KARNES COUNTY RESIDENTIAL CENTER",
        address="409 FM 1144",
        city="KARNES CITY",
        state="TX",
        zip=78118,
    )
    create_facility(
        session=session,
        name="KARNES COUNTY CORRECTIONAL CENTER",
        address="810 COMMERCE STREET",
        city="KARNES CITY",
        state="TX",
        zip=78118,
    )
    match = resolve_facility(
        session=session,
        name="KARNES COUNTY CIVIL DETENTION CENTER",
        address="FM 1144 AT US HIGHWAY 181",
        city="KARNES CITY",
        state="TX",
        zip=78118,
    )
    assert match.facility_id is None


def test_webb_county_and_laredo_processing_center_stay_apart(session: Session) -> None:
    create_facility(
        session=session,
        name="WEBB COUNTY DETENTION CENTER (CCA)",
        address="9998 SOUTH HIGHWAY 83",
        city="LAREDO",
        state="TX",
        zip=78046,
    )
    match = resolve_facility(
        session=session,
        name="LAREDO PROCESSING CENTER",
        address="4702 EAST SAUNDERS STREET",
        city="LAREDO",
        state="TX",
        zip=78041,
    )
    assert match.facility_id is None


def test_annex_at_the_same_address_is_not_merged_with_the_main_facility(session: Session) -> None:
    main = create_facility(
        session=session,
        name="FLORENCE SERVICE PROCESSING CENTER",
        address="3250 NORTH PINAL PARKWAY",
        city="FLORENCE",
        state="AZ",
        zip=85132,
    )
    match = resolve_facility(
        session=session,
        name="FLORENCE STAGING FACILITY",
        address="3250 N. PINAL PKWY",
        city="FLORENCE",
        state="AZ",
        zip=85132,
    )
    assert match.facility_id is None
    assert match.method == "ambiguous"
    assert match.candidates[0][0] == main.id


def test_fuzzy_accepts_a_typo_in_the_same_state(session: Session) -> None:
    nw = create_facility(
        session=session,
        name="NORTHWEST ICE PROCESSING CENTER",
        address="1623 E. J STREET",
        city="TACOMA",
        state="WA",
        zip=98421,
    )
    match = resolve_facility(session=session, name="NORTHWEST ICE PROCESSSING CENTER", state="WA")
    assert (match.facility_id, match.method) == (nw.id, "fuzzy")
    assert match.confidence >= 0.92


def test_fuzzy_needs_the_state(session: Session) -> None:
    create_facility(session=session, name="NORTHWEST ICE PROCESSING CENTER", state="WA")
    match = resolve_facility(session=session, name="NORTHWEST ICE PROCESSSING CENTER")
    assert match.facility_id is None


def test_fuzzy_refuses_when_two_facilities_are_close(session: Session) -> None:
    create_facility(session=session, name="ORANGE COUNTY JAIL NORTH", state="FL", city="ORLANDO")
    create_facility(session=session, name="ORANGE COUNTY JAIL SOUTH", state="FL", city="ORLANDO")
    match = resolve_facility(session=session, name="ORANGE COUNTY JAIL", state="FL")
    assert match.facility_id is None


def test_same_name_two_states_without_state_is_ambiguous(session: Session) -> None:
    ny = create_facility(session=session, name="ORANGE COUNTY JAIL", city="GOSHEN", state="NY")
    fl = create_facility(session=session, name="ORANGE COUNTY JAIL", city="ORLANDO", state="FL")
    assert ny.slug != fl.slug
    match = resolve_facility(session=session, name="Orange County Jail")
    assert match.facility_id is None
    assert {c[0] for c in match.candidates} == {ny.id, fl.id}
    assert (
        resolve_facility(session=session, name="Orange County Jail", state="FL").facility_id
        == fl.id
    )


def test_unknown_name_is_no_match(session: Session) -> None:
    _torrance(session)
    match = resolve_facility(session=session, name="Nowhere Processing Center", state="NM")
    assert (match.facility_id, match.method) == (None, "none")


def test_queue_for_review_is_idempotent(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        fid = _torrance(session)
        match = resolve_facility(session=session, name="Torrance Detention", state="NM")
        payload = {"name": "Torrance Detention", "state": "NM"}
        first = queue_for_review(
            session=session,
            kind="facility_match",
            reason="low confidence",
            payload=payload,
            match=match,
        )
        again = queue_for_review(
            session=session,
            kind="facility_match",
            reason="low confidence",
            payload=payload,
            match=match,
        )
        assert first.id == again.id
        assert first.candidate_facility_id in (None, fid)
        assert len(session.exec(select(ReviewItem)).all()) == 1


def test_known_renaming_at_the_same_address_matches(session: Session) -> None:
    lasalle = create_facility(
        session=session,
        name="LASALLE ICE PROCESSING CENTER (JENA)",
        address="830 PINEHILL ROAD",
        city="JENA",
        state="LA",
        zip=71342,
    )
    match = resolve_facility(
        session=session,
        name="CENTRAL LOUISIANA ICE PROCESSING CENTER (CLIPC)",
        address="830 PINEHILL ROAD",
        city="JENA",
        state="LA",
        zip="71342",
    )
    assert (match.facility_id, match.method) == (lasalle.id, "address")


def test_same_address_with_nothing_in_common_goes_to_review(session: Session) -> None:
    create_facility(
        session=session,
        name="KARNES COUNTY CORRECTIONAL CENTER",
        address="810 COMMERCE STREET",
        city="KARNES CITY",
        state="TX",
        zip=78118,
    )
    match = resolve_facility(
        session=session,
        name="TRUSTED ADULT FSC",
        address="810 COMMERCE ST",
        city="KARNES CITY",
        state="TX",
        zip=78118,
    )
    assert (match.facility_id, match.method) == (None, "ambiguous")
