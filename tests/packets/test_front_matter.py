"""What a lawyer reads first: cover, table of exhibits, facts with citations, timeline, charts."""

from __future__ import annotations

from datetime import date

from monitor.db import session_scope
from monitor.models import FacilityStatSnapshot, StatRelease


def _front(packet) -> str:
    pages = [" ".join(lines) for lines in packet.page_lines()]
    return " ".join(p for p in pages if "Front matter page" in p)


def test_cover_names_facility_selection_time_and_version(make_packet, unpack) -> None:
    text = _front(unpack(make_packet(categories=("STAFFING",)).path))
    assert "Torrance County Detention Facility (DETLOC TOORANM)" in text
    assert "Categories: Staffing" in text
    assert "2026-01-31 12:00:00 UTC" in text
    assert "Detention Conditions Monitor 0.1.0" in text


def test_facts_are_summarised_per_exhibit_with_document_page_and_quote(make_packet, unpack) -> None:
    text = _front(unpack(make_packet().path))
    assert "Exhibit 3: Management Alert - Immediate Removal of All Detainees from Torrance" in text
    assert "133 of 245 positions filled; 112 vacancies; 54.3% filled" in text
    assert "page 2, TCDF-000005" in text
    assert "“plumbing failures in 83 of 157 cells”" in text
    assert "Facility timeline" in text and "non concur, unresolved, open" in text


def test_staffing_and_population_charts_are_drawn(make_packet, unpack, packet_data) -> None:
    app = packet_data.app
    with app.app_context(), session_scope(app) as session:
        for label, when, gm in (("FY21", date(2021, 4, 14), 714), ("FY22", date(2022, 6, 1), 505)):
            release = StatRelease(
                label=label, release_date=when, file_name=f"{label}.xlsx", sha256=label * 8
            )
            session.add(release)
            session.flush()
            session.add(
                FacilityStatSnapshot(
                    facility_id=packet_data.facility.id or 0,
                    release_id=release.id or 0,
                    raw_name="TORRANCE",
                    adp_total=300.0,
                    guaranteed_minimum=gm,
                )
            )
    text = _front(unpack(make_packet().path))
    assert "Percent filled" in text  # the staffing chart axis, drawn as text
    assert "Percent of required positions filled, from the staffing facts" in text
    assert "Population and guaranteed minimum" in text and "FY22" in text
