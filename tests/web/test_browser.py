"""End-to-end in a real headless Chromium (Debian's package, driven by Playwright): the advocate's path,
axe-core accessibility checks and a 360 px phone layout."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.web.conftest import CHROMIUM

SLUG = "torrance-county-detention-facility"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"chromium not installed at {CHROMIUM}"),
]


def test_advocate_follows_torrance_from_search_to_csv(live_url: str, browser_context) -> None:  # noqa: ANN001
    page = browser_context.new_page()
    page.goto(live_url + "/")
    page.get_by_label("Find a facility by name, alias or city").fill("Torrance")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Torrance County Detention Facility").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Torrance County Detention Facility"
    item = page.locator("li.kind-recommendation", has_text="OIG-22-31: recommendation 1")
    assert "relocate" in item.inner_text().lower()
    assert "non-concur" in item.inner_text()
    item.locator("p.cite a").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("OIG-22-31:")
    assert "SHA-256" in page.content() and "Torrance County Detention Facility" in page.content()
    page.goto(live_url + "/tracker")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    relocate = next(r for r in rows if r["Report number"] == "OIG-22-31")
    assert relocate["ICE's answer"] == "non_concur" and relocate["Open or closed"] == "open"


STATIC_PAGES = [
    "/",
    "/facilities",
    f"/facilities/{SLUG}",
    "/tracker",
    "/search?q=torrance",
    "/sources",
    "/about",
]


def pages(live_url: str) -> list[str]:
    """The pages to check, with OIG-22-31's document and recommendation pages."""
    import httpx

    rec = httpx.get(f"{live_url}/api/recommendations?report=OIG-22-31").json()["items"][0]
    return [*STATIC_PAGES, f"/documents/{rec['document_id']}", f"/recommendations/{rec['id']}"]


def test_axe_finds_no_serious_or_critical_violations(live_url: str, browser_context) -> None:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = browser_context.new_page()
    problems = []
    for path in pages(live_url):
        page.goto(live_url + path)
        results = axe.run(page)
        assert results.response["testEngine"]["name"] == "axe-core"
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []


def test_layout_holds_at_360px(live_url: str, browser_context) -> None:  # noqa: ANN001
    page = browser_context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    for path in pages(live_url):
        page.goto(live_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide at a 360px viewport"


def test_no_csp_violations_or_outside_requests(live_url: str, browser_context) -> None:  # noqa: ANN001
    page = browser_context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: requests.append(req.url))
    for path in pages(live_url):
        page.goto(live_url + path)
    assert errors == []
    assert all(url.startswith(live_url) for url in requests)
