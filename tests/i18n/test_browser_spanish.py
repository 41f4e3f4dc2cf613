"""Spanish pages in a real Chromium: lang="es", Spanish navigation, and axe-core stays clean."""

from __future__ import annotations

from tests.web.conftest import browser_context, demo, live_url  # noqa: F401  (fixtures re-used)
from tests.web.test_browser import pages, pytestmark  # noqa: F401


def test_spanish_pages_pass_axe_with_lang_es(live_url: str, browser_context) -> None:  # noqa: ANN001, F811
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = browser_context.new_page()
    page.goto(live_url + "/?lang=es")  # the choice is kept in a cookie from here on
    problems = []
    for path in pages(live_url):
        page.goto(live_url + path)
        assert page.locator("html").get_attribute("lang") == "es", path
        nav = page.get_by_role("navigation", name="Principal")
        assert nav.get_by_role("link", name="Centros de detención").count() == 1, path
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []


def test_switching_language_from_the_header(live_url: str, browser_context) -> None:  # noqa: ANN001, F811
    page = browser_context.new_page()
    page.goto(live_url + "/facilities")
    page.get_by_role("link", name="Español").click()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text() == "Centros de detención"
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Facilities"


def test_spanish_layout_holds_at_360px(live_url: str, browser_context) -> None:  # noqa: ANN001, F811
    """Spanish words run longer than English ones; the pages must still fit a phone."""
    page = browser_context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_url + "/?lang=es")
    for path in pages(live_url):
        page.goto(live_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide at a 360px viewport in Spanish"
