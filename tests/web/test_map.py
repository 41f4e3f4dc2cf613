"""The national map: every demo facility is drawn inside its own state (point in polygon on
the very outlines the page draws), and the national page ranks, counts and trends in words."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from monitor.db import get_settings, session_scope
from monitor.demo import load_demo
from monitor.demo.facilities_data import ALL_FACILITIES
from monitor.facilities.geo import state_at, states, zip_position
from monitor.facilities.national import period_ends

DOT = re.compile(r'<circle class="dot (\w+)" cx="([\d.]+)" cy="([\d.]+)"[^>]*data-state="(\w*)"')


@pytest.mark.parametrize("facts", ALL_FACILITIES, ids=lambda f: f["zip"])
def test_every_demo_facility_zip_falls_inside_its_state(facts: dict) -> None:
    position = zip_position(facts["zip"], facts["state"])
    assert position is not None, f"{facts['name']}: ZIP {facts['zip']} not found"
    assert state_at(*position) == facts["state"], facts["name"]


@pytest.mark.parametrize(("zip_code", "state"), [("99501", "AK"), ("96819", "HI"), ("00901", "PR"),
                                                 ("04401", "ME"), ("33040", "FL"), ("98362", "WA")])  # fmt: skip
def test_insets_and_edges_land_in_their_state(zip_code: str, state: str) -> None:
    position = zip_position(zip_code, state)
    assert position is not None and state_at(*position) == state


def test_a_zip_from_another_state_is_left_off_the_map() -> None:
    assert zip_position("87016", "TX") is None  # Estancia is in New Mexico
    assert zip_position("00000", "NM") is None and zip_position(None, "NM") is None
    assert zip_position("8701", "NM") is None


def test_outlines_cover_every_state_and_territory_with_facilities() -> None:
    assert len(states()) == 52  # 50 states, DC and Puerto Rico
    assert all(s.path.startswith("M") and s.path.endswith("Z") for s in states().values())


@pytest.fixture
def demo_client(app: Flask) -> FlaskClient:
    with app.app_context(), session_scope(app) as session:
        load_demo(session, get_settings(app))
    return app.test_client()


def test_national_page_draws_each_demo_facility_in_its_state(demo_client: FlaskClient) -> None:
    html = demo_client.get("/national").get_data(as_text=True)
    dots = DOT.findall(html)
    assert len(dots) == len(ALL_FACILITIES)
    for _level, x, y, state in dots:
        assert state_at(float(x), float(y)) == state
    svg = html[
        html.index('<svg class="map"') : html.index("</svg>", html.index('<svg class="map"'))
    ]
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no tiles, offline
    assert '<circle class="dot urgent"' in html  # Torrance has critical alerts
    assert 'id="facility-table"' in html and html.count('data-label="Needs attention"') == len(
        ALL_FACILITIES
    )


def test_national_page_ranks_counts_deaths_and_trend(demo_client: FlaskClient) -> None:
    html = demo_client.get("/national").get_data(as_text=True)
    ranked = html.split("Most open recommendations", 1)[1].split("</ol>", 1)[0]
    assert ranked.index("Torrance County Detention Facility") < ranked.index("</li>")
    assert "ICE rejected 2" in ranked
    staffing = html.split("Lowest staffing", 1)[1].split("</ol>", 1)[0]
    # The latest figure of its own, by the date it describes: OIG's February 2022 count, not
    # the NGO release that repeated a January figure in September (issue 12).
    assert "Torrance County Detention Facility</a>: 54% of required positions filled" in staffing
    deaths = html.split('id="h-deaths"', 1)[1].split("</section>", 1)[0]
    # The demo review states the date of death, so the 90-day report is known to be late.
    assert "Kesley Vial" in deaths and "died 2022-08-15" in deaths
    assert "no death report after" in deaths and "unknown date" not in deaths
    trend = html.split('id="h-trend"', 1)[1].split("</section>", 1)[0]
    assert "<svg" in trend and "Open recommendations at each period end" in trend


def test_period_ends_are_oig_semiannual_dates() -> None:
    from datetime import date

    ends = period_ends(date(2022, 3, 16), date(2023, 5, 1))
    assert ends == [date(2022, 3, 31), date(2022, 9, 30), date(2023, 3, 31), date(2023, 5, 1)]


def test_ranked_counts_agree_in_number_in_spanish(demo_client: FlaskClient) -> None:
    html = demo_client.get("/national?lang=es").get_data(as_text=True)
    ranked = html.split("Más recomendaciones abiertas", 1)[1].split("</ol>", 1)[0]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", ranked))
    assert "Torrance County Detention Facility: 4 abiertas, la más antigua desde hace" in text
    assert "Theo Lacy Facility: 1 abierta, desde hace" in text and "1 abiertas" not in text
