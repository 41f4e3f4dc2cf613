"""One way to name a facility: name, alias, DETLOC code or slug, everywhere."""

from __future__ import annotations

import pytest
from flask import Flask

from monitor.cli import cli
from monitor.db import session_scope
from monitor.facilities.registry.naming import AmbiguousFacility, FacilityNotFound, facility_named

SLUG = "torrance-county-detention-facility"


@pytest.mark.parametrize(
    "query", [SLUG, "TOORANM", "tooranm", "Torrance County Detention Facility", "Torrance",
              "torrance-county", "TORRANCE COUNTY DETENTION CENTER"],
)  # fmt: skip
def test_every_name_of_torrance_resolves(demo_app: Flask, query: str) -> None:
    with session_scope(demo_app) as session:
        assert facility_named(session=session, query=query).slug == SLUG


def test_an_ambiguous_name_lists_the_candidates(demo_app: Flask) -> None:
    with session_scope(demo_app) as session, pytest.raises(AmbiguousFacility) as caught:
        facility_named(session=session, query="County")
    message = str(caught.value)
    assert SLUG in message and "otero-county-processing-center" in message


def test_an_unknown_name_hints_at_a_real_slug(demo_app: Flask) -> None:
    with session_scope(demo_app) as session, pytest.raises(FacilityNotFound) as caught:
        facility_named(session=session, query="torance detention")
    assert f"e.g. {SLUG}" in str(caught.value)


def test_packet_and_findings_commands_take_a_name(demo_app: Flask, tmp_path) -> None:  # noqa: ANN001
    runner = demo_app.test_cli_runner()
    out = tmp_path / "t.zip"
    packet = runner.invoke(cli, ["packet", "Torrance", "--out", str(out)])
    assert packet.exit_code == 0, packet.output
    assert out.exists()
    missing = runner.invoke(cli, ["packet", "Nowhere Processing", "--out", str(out)])
    assert missing.exit_code == 1
    assert (
        "e.g. " in missing.output and "torrance-county" not in missing.output.split("e.g. ")[1][:3]
    )
