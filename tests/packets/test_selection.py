"""What goes in: dates, categories, sources and hand-picked timeline items; clear refusals."""

from __future__ import annotations

import json
from datetime import date

import pytest

from monitor.packets import EmptySelection, InvalidSelection, PacketRequest, UnknownFacility


def _facts(packet) -> list[dict]:
    return json.loads(packet.data("facts.json").read_text())["facts"]


def test_everything_about_the_facility_by_default(make_packet, unpack) -> None:
    facts = _facts(unpack(make_packet().path))
    assert [f["kind"] for f in facts] == [
        "staffing",
        "inspection",
        "staffing",
        "finding",
        "recommendation",
    ]
    rec = facts[-1]
    assert "non concur, unresolved, open" in rec["summary"]
    assert rec["summary"].endswith('response (page 3): "ICE Response: Non-concur."')
    assert rec["quote"] == "We recommend the Acting Director of ICE relocate all detainees."


def test_date_range_keeps_only_facts_inside_it(make_packet, unpack) -> None:
    packet = unpack(make_packet(date_from=date(2022, 1, 1), date_to=date(2022, 12, 31)).path)
    facts = _facts(packet)
    assert {f["date"][:4] for f in facts} == {"2022"}
    assert sorted(p.name for p in packet.data("originals").iterdir()) == ["001-oig-22-31.pdf"]


def test_category_and_source_filters(make_packet, unpack) -> None:
    staffing = _facts(unpack(make_packet("s.zip", categories=("STAFFING",)).path))
    assert {f["category"] for f in staffing} == {"STAFFING"}
    oig = unpack(make_packet("o.zip", sources=("oig_reports",)).path)
    assert {f["document"] for f in _facts(oig)} == {
        "Management Alert - Immediate Removal of All Detainees from Torrance"
    }


def test_explicit_timeline_items_in_either_key_form(make_packet, unpack, packet_data) -> None:
    packet = unpack(make_packet(items=("inspection-1", "recommendation:1")).path)
    assert [f["item"] for f in _facts(packet)] == ["inspection:1", "recommendation:1"]
    assert len(list(packet.data("originals").iterdir())) == 2


def test_unknown_facility_and_empty_selection_are_named_errors(make_packet, out_dir) -> None:
    with pytest.raises(UnknownFacility, match="nowhere"):
        make_packet(facility="nowhere")
    with pytest.raises(EmptySelection, match="No facts about Torrance"):
        make_packet(date_from=date(2030, 1, 1))
    assert list(out_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bates_prefix": "bad prefix"}, "Bates prefix"),
        ({"categories": ("NOT_A_CATEGORY",)}, "unknown categories"),
        ({"items": ("alert:3",)}, "unknown timeline items"),
        ({"date_from": date(2023, 1, 1), "date_to": date(2022, 1, 1)}, "is after"),
    ],
)
def test_invalid_requests_say_what_is_wrong(kwargs, message) -> None:
    with pytest.raises(InvalidSelection, match=message):
        PacketRequest(facility="torrance-county", **kwargs)


def test_facility_found_by_detloc_or_name(make_packet) -> None:
    assert make_packet("a.zip", facility="tooranm").facts == 5
    assert make_packet("b.zip", facility="Torrance County Detention Facility").facts == 5


def test_deaths_in_custody_are_facts_too(packet_data, make_packet, unpack) -> None:
    from monitor.models import DeathRecord

    alert = packet_data.documents["oig-22-31"]
    packet_data._add(
        DeathRecord(
            facility_id=packet_data.facility.id,
            person_name="A. Person",
            date_of_death=date(2022, 4, 1),
            opr_review_date=date(2022, 12, 8),
            document_id=alert.id,
            page=1,
            quote="died after transfer",
        )
    )
    facts = _facts(unpack(make_packet().path))
    death = next(f for f in facts if f["kind"] == "death")
    assert death["heading"] == "Death in custody: A. Person"
    assert "OPR review 2022-12-08" in death["summary"] and death["bates"] == "TCDF-000004"
