"""Every public page renders what a person needs to see."""

from __future__ import annotations

import hashlib

from flask.testing import FlaskClient

from tests.web.builder import Built
from tests.web.builder_oig import ALERT_RESPONSE

SLUG = "torrance-county-detention-facility"


def test_home_shows_alerting_facility_and_overdue(client: FlaskClient, built: Built) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "Facilities with active alerts" in html
    assert "Torrance County Detention Facility" in html
    assert "OIG-22-75 #1" in html  # open and past its target date
    assert "3 facilities tracked" in html
    relocate = html[html.index("OIG-22-31 #1") :]
    relocate = relocate[: relocate.index("</tr>")]
    assert relocate.endswith("<td>no target date</td>")  # never "0 days past target"


def test_facility_list_search_by_alias_and_city(client: FlaskClient, built: Built) -> None:
    by_alias = client.get("/facilities?q=TCDF").get_data(as_text=True)
    assert "Torrance County Detention Facility" in by_alias
    assert "Otero County" not in by_alias
    by_city = client.get("/facilities?q=chaparral").get_data(as_text=True)
    assert "Otero County Processing Center" in by_city
    assert "Torrance County Detention Facility" not in by_city


def test_facility_list_filters(client: FlaskClient, built: Built) -> None:
    ca = client.get("/facilities?state=CA").get_data(as_text=True)
    assert "Adelanto" in ca and "Torrance County Detention Facility</a>" not in ca
    op = client.get("/facilities?operator=corecivic").get_data(as_text=True)
    assert "Torrance County Detention Facility</a>" in op and "Adelanto ICE" not in op
    assert "Otero" in client.get("/facilities?type=DIGSA").get_data(as_text=True)
    assert "1 facilities" in client.get("/facilities?aor=LOS").get_data(as_text=True)


def _order(html: str) -> list[str]:
    names = [
        "Torrance County Detention Facility",
        "Otero County Processing Center",
        "Adelanto ICE Processing Center",
    ]
    return sorted(names, key=lambda n: html.index(f">{n}</a>"))


def test_facility_list_sorts(client: FlaskClient, built: Built) -> None:
    assert (
        _order(client.get("/facilities").get_data(as_text=True))[0]
        == "Adelanto ICE Processing Center"
    )
    by_recs = _order(client.get("/facilities?sort=open_recommendations").get_data(as_text=True))
    assert by_recs[0] == "Torrance County Detention Facility"
    by_overdue = _order(
        client.get("/facilities?sort=days_overdue&order=desc").get_data(as_text=True)
    )
    assert by_overdue[0] == "Torrance County Detention Facility"
    for key in ("last_inspection", "staffing"):
        assert client.get(f"/facilities?sort={key}&order=asc").status_code == 200


def test_facility_page_header_and_timeline(client: FlaskClient, built: Built) -> None:
    html = client.get(f"/facilities/{SLUG}").get_data(as_text=True)
    for text in (
        "TCDF",
        "209 County Road 49, Estancia, NM, 87016",
        "IGSA",
        "ELP",
        "CoreCivic",
        "505 beds (FY22)",
        "910",
        "OIG-22-31",
        "non-concur",
        "unresolved",
        "Standards reviewed",
        "Superior",
        "Deficiencies",
        "Kesley Vial",
        "ICE detention statistics FY21",
        "Staffing (all): 54% of required positions filled",
        "NGO report",
        "Management alert",
    ):
        assert text in html, text
    assert "Unreviewed allegation" not in html  # not public
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "Percent filled" in html


def _timeline(client: FlaskClient, query: str) -> str:
    """The timeline section of the facility page (the summary above it always shows)."""
    html = client.get(f"/facilities/{SLUG}?{query}").get_data(as_text=True)
    return html.split('id="h-timeline"', 1)[1]


def test_facility_timeline_filters(client: FlaskClient, built: Built) -> None:
    only = _timeline(client, "kind=death")
    assert "Kesley Vial" in only and "Standards reviewed" not in only
    cat = _timeline(client, "category=MEDICAL_CARE")
    assert "Deficient: Medical Care" in cat and "Kesley Vial" not in cat
    dated = _timeline(client, "from=2022-09-01&to=2022-12-31")
    assert "OIG-22-75" in dated and "Superior" not in dated


def test_timeline_items_link_to_document_and_page(client: FlaskClient, built: Built) -> None:
    html = client.get(f"/facilities/{SLUG}?kind=recommendation").get_data(as_text=True)
    doc = built.ids["alert_doc"]
    assert f'href="/documents/{doc}/pages/2"' in html


def test_tracker_filters_sorts_and_detail(client: FlaskClient, built: Built) -> None:
    html = client.get("/tracker?concurrence=non_concur").get_data(as_text=True)
    assert "Immediately relocate all detainees" in html and "full report" not in html
    closed = client.get("/tracker?implementation=closed").get_data(as_text=True)
    assert "1 recommendations" in closed
    overdue = client.get("/tracker?overdue=1").get_data(as_text=True)
    assert "Recommendation 1 of the full report" in overdue and "relocate" not in overdue
    for key in ("target_date", "issued", "facility", "report", "resolution"):
        assert client.get(f"/tracker?sort={key}&order=asc").status_code == 200
    rec_id = client.get("/api/recommendations?report=OIG-22-75").get_json()["items"][0]["id"]
    detail = client.get(f"/recommendations/{rec_id}").get_data(as_text=True)
    assert "Status history" in detail and "2023-03-31 → 2023-09-30" in detail
    assert f"/subscribe?scope=recommendation&amp;target={rec_id}" in detail


def test_recommendation_page_quotes_the_response_with_its_page(
    client: FlaskClient, built: Built
) -> None:
    rec = client.get("/api/recommendations?report=OIG-22-31").get_json()["items"][0]
    html = client.get(f"/recommendations/{rec['id']}").get_data(as_text=True)
    response = html[html.index("Agency's response") :]
    assert "non-concur" in response.lower()
    assert f'<blockquote class="response-quote">{ALERT_RESPONSE}</blockquote>' in response
    assert f'href="/documents/{built.ids["alert_doc"]}/pages/2"' in response
    api = client.get(f"/api/recommendations/{rec['id']}").get_json()["response"]
    assert (api["concurrence"], api["page"], api["quote"]) == ("non_concur", 2, ALERT_RESPONSE)


def test_closed_recommendation_shows_when_it_closed_and_how_long_it_was_open(
    client: FlaskClient, built: Built
) -> None:
    rec = client.get("/api/recommendations?implementation=closed").get_json()["items"][0]
    assert (rec["closed_date"], rec["days_open"]) == ("2023-04-01", 185)
    html = client.get(f"/recommendations/{rec['id']}").get_data(as_text=True)
    assert "<dt>Closed</dt><dd>2023-04-01, after 185 days open</dd>" in html
    assert "Days open" not in html
    listed = client.get("/tracker?implementation=closed").get_data(as_text=True)
    assert "closed 2023-04-01 after 185" in listed


def test_a_recommendation_without_a_quoted_response_says_so(
    client: FlaskClient, built: Built
) -> None:
    rec = client.get("/api/recommendations?report=OIG-22-75").get_json()["items"][0]
    html = client.get(f"/recommendations/{rec['id']}").get_data(as_text=True)
    assert "response to this recommendation has not been quoted" in html
    assert client.get(f"/api/recommendations/{rec['id']}").get_json()["response"] is None


def test_document_page_shows_provenance_and_facts(client: FlaskClient, built: Built) -> None:
    doc = built.ids["alert_doc"]
    html = client.get(f"/documents/{doc}").get_data(as_text=True)
    for text in (
        "OIG-22-31",
        "https://www.oig.dhs.gov/sites/default/files/OIG-22-31.pdf",
        "assets/OIG-22-31.pdf",
        "SHA-256",
        "Recommendation 1: Immediately relocate",
        "Torrance County Detention Facility",
        "Download (application/pdf",
    ):
        assert text in html, text
    page = client.get(f"/documents/{doc}/pages/2").get_data(as_text=True)
    assert "83 of 157 cells" in page


def test_original_download_is_the_archived_bytes(client: FlaskClient, built: Built) -> None:
    doc = built.ids["alert_doc"]
    data = client.get(f"/api/documents/{doc}").get_json()
    version = data["versions"][0]
    response = client.get(f"/documents/{doc}/versions/{version['id']}/original")
    assert response.status_code == 200
    assert hashlib.sha256(response.data).hexdigest() == version["sha256"]
    assert "attachment" in response.headers["Content-Disposition"]
    response.close()


def test_sources_page_shows_health_in_words(client: FlaskClient, built: Built) -> None:
    html = client.get("/sources").get_data(as_text=True)
    assert "layout changed: no &#39;Name&#39; header in sheet FY24" in html
    assert "3 failed runs in a row" in html and "every 60 days" in html
    assert "Stale" in html


def test_about_page(client: FlaskClient) -> None:
    assert "two independent axes" in client.get("/about").get_data(as_text=True)
