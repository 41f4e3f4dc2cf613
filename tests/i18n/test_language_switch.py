"""The visitor chooses the language: parameter (remembered), cookie, then the browser's."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.web.builder import Built


def test_browser_language_picks_spanish(client: FlaskClient, built: Built) -> None:
    html = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}).text
    assert '<html lang="es">' in html
    assert "Centros de detención" in html
    assert "Facilities</a>" not in html


def test_english_is_the_default(client: FlaskClient, built: Built) -> None:
    html = client.get("/", headers={"Accept-Language": "fr"}).text
    assert '<html lang="en">' in html
    assert ">Facilities</a>" in html


def test_parameter_choice_is_remembered_in_a_cookie(client: FlaskClient, built: Built) -> None:
    first = client.get("/?lang=es", headers={"Accept-Language": "en"})
    assert "lang=es" in first.headers["Set-Cookie"]
    assert '<html lang="es">' in first.text
    later = client.get("/facilities", headers={"Accept-Language": "en"})
    assert '<html lang="es">' in later.text
    back = client.get("/facilities?lang=en")
    assert '<html lang="en">' in back.text


def test_switch_links_to_the_same_page_in_the_other_language(
    client: FlaskClient, built: Built
) -> None:
    html = client.get("/facilities?state=NM").text
    assert 'hreflang="es"' in html
    assert "/facilities?state=NM&amp;lang=es" in html
    assert 'aria-current="true" lang="en">English' in html


def test_spanish_dates_and_numbers_follow_the_locale(client: FlaskClient, built: Built) -> None:
    es = {"Accept-Language": "es"}
    tracker = client.get("/tracker", headers=es).text
    assert "16 mar 2022" in tracker  # OIG-22-31's issue date, Spanish style
    assert "2022-03-16</td>" not in tracker
    english = client.get("/tracker", headers={"Accept-Language": "en"}).text
    assert "2022-03-16" in english


def test_quotes_stay_in_their_original_language(client: FlaskClient, built: Built) -> None:
    html = client.get("/tracker", headers={"Accept-Language": "es"}).text
    assert "Seguimiento de recomendaciones" in html
    assert "relocate all detainees" in html.lower()  # the recommendation's own words


def test_feed_and_error_page_in_spanish(client: FlaskClient, built: Built) -> None:
    feed = client.get("/feeds/all.atom", headers={"Accept-Language": "es"}).text
    assert "Monitor de Condiciones de Detención: qué cambió" in feed
    assert "<language>es</language>" in feed or 'xml:lang="es"' in feed
    missing = client.get("/facilities/no-such-place", headers={"Accept-Language": "es"})
    assert missing.status_code == 404 and "No encontrado" in missing.text
