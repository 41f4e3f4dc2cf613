"""CSV, JSON and Atom outputs parse and carry what the pages show; the API is fully documented."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

from flask import Flask
from flask.testing import FlaskClient

from monitor import i18n, labels
from monitor.web.glossary import csv_files
from tests.web.builder import Built

SLUG = "torrance-county-detention-facility"
ATOM = "{http://www.w3.org/2005/Atom}"


def _csv(client: FlaskClient, url: str) -> list[dict[str, str]]:
    """The rows of a CSV download, keyed by column code (the header row is in words)."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    with i18n.writing("en"):
        codes = {labels.field_label(c): c for columns in csv_files().values() for c in columns}
    rows = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    return [{codes[k]: v for k, v in row.items()} for row in rows]


CSV_URLS = {
    "facilities.csv": "/facilities.csv",
    "FACILITY-timeline.csv": f"/facilities/{SLUG}/timeline.csv",
    "recommendations.csv": "/tracker.csv",
    "sources.csv": "/sources.csv",
    "search.csv": "/search.csv?q=plumbing",
}


def _header(client: FlaskClient, url: str) -> list[str]:
    return next(csv.reader(io.StringIO(client.get(url).get_data(as_text=True))))


def test_every_csv_names_its_columns_in_words(client: FlaskClient, built: Built) -> None:
    assert set(CSV_URLS) == set(csv_files())
    for url in CSV_URLS.values():
        assert not [h for h in _header(client, url) if re.fullmatch(r"[a-z]+(_[a-z]+)+", h)], url
    assert _header(client, "/tracker.csv")[:4] == [
        "Id", "Report number", "Recommendation number", "Facility id"
    ]  # fmt: skip
    assert "Days past the target date" in _header(client, "/facilities.csv")


def test_csv_headers_follow_the_language_and_cells_keep_codes(
    client: FlaskClient, built: Built
) -> None:
    english = {name: _header(client, url) for name, url in CSV_URLS.items()}
    for name, url in CSV_URLS.items():
        sep = "&" if "?" in url else "?"
        spanish = _header(client, f"{url}{sep}lang=es")
        assert len(spanish) == len(english[name])
        same = [h for h, e in zip(spanish, english[name], strict=True) if h == e]
        assert set(same) <= {"Id"}, (name, same)  # identical words only where Spanish agrees
    response = client.get("/tracker.csv?lang=es&concurrence=non_concur")
    assert response.headers["Content-Language"] == "es"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0]["Respuesta de ICE"] == "non_concur"
    assert rows[0]["Número de informe"] == "OIG-22-31"


def test_every_list_has_a_csv(client: FlaskClient, built: Built) -> None:
    facilities = _csv(client, "/facilities.csv?sort=open_recommendations&order=desc")
    assert facilities[0]["slug"] == SLUG and facilities[0]["open_recommendations"] == "2"
    recs = _csv(client, "/tracker.csv?concurrence=non_concur")
    assert [r["report_number"] for r in recs] == ["OIG-22-31"]
    assert recs[0]["implementation"] == "open" and recs[0]["resolution"] == "unresolved"
    timeline = _csv(client, f"/facilities/{SLUG}/timeline.csv?kind=death")
    assert [t["title"] for t in timeline] == ["Death in custody: Kesley Vial"]
    sources = _csv(client, "/sources.csv")
    assert {s["key"] for s in sources} == {"oig", "ice_stats", "ngo"}
    found = _csv(client, "/search.csv?q=plumbing")
    assert found[0]["report_number"] == "OIG-22-31" and found[0]["best_page"] == "2"


def test_csv_defuses_spreadsheet_formulas(client: FlaskClient, built: Built, app: Flask) -> None:
    from monitor.db import session_scope
    from monitor.models import Facility

    with session_scope(app) as session:
        session.add(Facility(slug="formula", name='=HYPERLINK("http://evil")', state="TX"))
    rows = _csv(client, "/facilities.csv?state=TX")
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil")'


def test_json_api(client: FlaskClient, built: Built) -> None:
    listing = client.get("/api/facilities?q=torrance").get_json()
    assert listing["total"] == 1 and listing["items"][0]["slug"] == SLUG
    facility = client.get(f"/api/facilities/{SLUG}").get_json()
    assert facility["aliases"] == [
        "TCDF",
        "TORRANCE/ESTANCIA, NM",
        "Torrance County Detention Center",
    ]
    assert [p["guaranteed_minimum"] for p in facility["population"]] == [714, 505]
    assert {p["role_group"] for p in facility["staffing"]} == {"all", "security"}
    timeline = client.get(f"/api/facilities/{SLUG}/timeline?kind=recommendation").get_json()
    titles = [i["title"] for i in timeline["items"]]
    assert "OIG-22-31: recommendation 1" in titles
    rec = next(i for i in timeline["items"] if i["title"] == "OIG-22-31: recommendation 1")
    assert rec["recommendation"]["concurrence"] == "non_concur"
    one = client.get(f"/api/recommendations/{rec['recommendation']['id']}").get_json()
    assert one["history"][0]["resolution"] == "unresolved"
    doc = client.get(f"/api/documents/{built.ids['alert_doc']}").get_json()
    assert doc["report_number"] == "OIG-22-31" and doc["pages"] == [1, 2]
    assert client.get("/api/sources").get_json()["items"][0]["name"]
    search = client.get("/api/search?q=staffing").get_json()
    assert search["total"] >= 2 and search["facets"]["source"][0]["key"] == "oig"
    paged = client.get("/api/recommendations?per_page=1&page=2").get_json()
    assert paged["total"] == 3 and len(paged["items"]) == 1


def test_openapi_documents_every_api_route(app: Flask, client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = set(spec["paths"])
    routes = {
        re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    assert routes == documented
    for path, item in spec["paths"].items():
        names = {p["name"] for p in item["get"]["parameters"] if p["in"] == "path"}
        assert names == set(re.findall(r"{(\w+)}", path)), path


def _atom(client: FlaskClient, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def test_atom_feeds(client: FlaskClient, built: Built) -> None:
    site = _atom(client, "/feeds/all.atom")
    titles = [e.findtext(f"{ATOM}title") for e in site.iter(f"{ATOM}entry")]
    assert any("OIG-22-31" in (t or "") for t in titles)
    assert any("did not concur" in (t or "") for t in titles)
    facility = _atom(client, f"/facilities/{SLUG}/feed.atom")
    entries = list(facility.iter(f"{ATOM}entry"))
    assert entries and all(
        e.findtext(f"{ATOM}id", "").startswith("tag:monitor.test") for e in entries
    )
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert all(link.startswith("https://monitor.test/") for link in links)
    assert "Kesley Vial" in facility.findtext(f"{ATOM}entry/{ATOM}title", "") or any(
        "Kesley Vial" in (e.findtext(f"{ATOM}title") or "") for e in entries
    )


def test_csv_link_keeps_every_filter(client: FlaskClient, built: Built) -> None:
    html = client.get(f"/facilities/{SLUG}?kind=death&kind=alert").get_data(as_text=True)
    link = re.search(r'href="(/facilities/[^"]+/timeline\.csv[^"]*)"', html)
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    assert {t["kind"] for t in _csv(client, url)} == {"death", "alert"}


def test_openapi_limits_match_the_api(client: FlaskClient, built: Built) -> None:
    spec = client.get("/api/openapi.json").get_json()
    for path, item in spec["paths"].items():
        for param in item["get"]["parameters"]:
            top = param["schema"].get("maximum")
            if param["name"] == "per_page" and top:
                api = path.replace("{slug}", SLUG)
                assert client.get(f"{api}?q=torrance&per_page={top}").status_code == 200, path
                assert client.get(f"{api}?q=torrance&per_page={top + 1}").status_code == 400, path
