"""Every page type at 360 px and 1280 px in a real Chromium: no horizontal page scroll, axe-core
clean, chart text of at least 11 px, tap targets of at least 44 px, and the facility summary
within 3,000 px of the top at 1280 px. Screenshots of the Torrance page land in tmp_path (or
SCREENSHOT_DIR) for a person to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from flask import Flask
from sqlmodel import select

from monitor.accounts.users import create_user
from monitor.db import session_scope
from monitor.models import Document, Facility, Finding
from monitor.review.queue import submit
from tests.web.conftest import CHROMIUM
from tests.web.test_browser import SLUG

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"chromium not installed at {CHROMIUM}"),
]
PASSWORD = "correct horse battery staple"
PUBLIC = ["/", "/facilities", f"/facilities/{SLUG}", "/alerts", "/tracker", "/national",
          "/glossary", "/search?q=torrance", "/sources", "/about", "/subscribe",
          "/subscribe?scope=facility&target=" + SLUG, "/account/login"]  # fmt: skip
WIDTHS = (360, 1280)


@pytest.fixture
def held(demo: Flask) -> dict[str, int]:
    """A reviewer account and one NGO allegation about Torrance waiting for review."""
    with demo.app_context(), session_scope(demo) as db:
        create_user(session=db, email="reviewer@example.org", password=PASSWORD, role="admin")
        facility = db.exec(select(Facility).where(Facility.slug == SLUG)).one()
        doc = db.exec(select(Document).where(Document.report_number == "OIG-22-31")).one()
        finding = Finding(document_id=doc.id or 0, facility_id=facility.id, category="MEDICAL_CARE",
                          result="allegation", raw_label="Sick call delayed", page=2,
                          quote="Detainees waited weeks for sick call.")  # fmt: skip
        db.add(finding)
        db.flush()
        item = submit(session=db, kind="ngo_allegation", reason="NGO allegation",
                      subject_table="finding", subject_id=finding.id)  # fmt: skip
        return {"item": item.id or 0, "facility": facility.id or 0, "finding": finding.id or 0}


def public_pages(url: str) -> list[str]:
    rec = httpx.get(f"{url}/api/recommendations?report=OIG-22-31").json()["items"][0]
    doc = rec["document_id"]
    return [
        *PUBLIC,
        f"/documents/{doc}",
        f"/documents/{doc}/pages/1",
        f"/recommendations/{rec['id']}",
    ]


def private_pages(held: dict[str, int]) -> list[str]:
    return ["/review/", f"/review/{held['item']}", f"/review/correct/finding/{held['finding']}",
            f"/facilities/{SLUG}/packet", f"/private/facilities/{held['facility']}",
            "/private/findings/new", "/admin/"]  # fmt: skip


def sign_in(page: Any, url: str) -> None:
    page.goto(url + "/account/login")
    page.get_by_label("Email").fill("reviewer@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.fixture
def every_page(
    live_url: str, held: dict[str, int], browser_context: Any
) -> Iterator[tuple[Any, list[str]]]:
    page = browser_context.new_page()
    paths = public_pages(live_url)
    sign_in(page, live_url)
    yield page, paths + private_pages(held)
    page.close()


WIDE = "document.documentElement.scrollWidth"
SMALL_TEXT = """() => [...document.querySelectorAll('svg text')].filter(t => t.getClientRects().length)
  .map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b)])
  .filter(([, px]) => px < 11)"""
# A column squeezed until its words break letter by letter ("Obs/erv/ado"): the cell is
# narrower than its longest unbreakable run (words split at spaces and after hyphens; URLs
# and hashes are meant to break anywhere; a card table's header is hidden on phones).
CRUSHED_CELLS = """() => [...document.querySelectorAll('table th, table td')]
  .filter(c => c.getClientRects().length && c.textContent.trim() && !c.querySelector('.url, .hash'))
  .filter(c => !(c.closest('thead') && c.closest('thead').getBoundingClientRect().width <= 1))
  .map(c => {
    const probe = document.createElement('span');
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
    const word = c.textContent.trim().split(/\\s+|(?<=[-\u2010\u2013])/).sort((a, b) => b.length - a.length)[0];
    probe.textContent = word; c.appendChild(probe);
    const needed = probe.getBoundingClientRect().width; probe.remove();
    return [word, needed, c.clientWidth - parseFloat(getComputedStyle(c).paddingLeft)
            - parseFloat(getComputedStyle(c).paddingRight)];
  })
  .filter(([, needed, room]) => needed > room + 1)
  .map(([word]) => word)"""
SMALL_TARGETS = """() => [...document.querySelectorAll(
  'header.site nav a, .actions a, .pager a, .kind-links a, button, select, summary, ' +
  'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), label:has(> input[type=checkbox])')]
  .filter(e => e.getClientRects().length && !e.closest('.visually-hidden, [hidden]'))
  .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height])
  .filter(([, h]) => h < 44)"""


def test_no_page_scrolls_sideways_at_either_width(live_url: str, every_page: Any) -> None:
    page, paths = every_page
    wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for path in paths:
            page.goto(live_url + path)
            if (got := page.evaluate(WIDE)) > width:
                wide.append(f"{path} is {got}px wide at {width}px")
    assert wide == []


def test_phone_text_and_tap_targets(live_url: str, every_page: Any) -> None:
    page, paths = every_page
    page.set_viewport_size({"width": 360, "height": 800})
    problems = []
    for path in paths:
        page.goto(live_url + path)
        problems += [
            f"{path}: chart text {t!r} at {px:.1f}px" for t, px in page.evaluate(SMALL_TEXT)
        ]
        problems += [
            f"{path}: {html} is {h:.0f}px tall" for html, h in page.evaluate(SMALL_TARGETS)
        ]
        problems += [f"{path}: {word!r} broken inside a table cell"
                     for word in page.evaluate(CRUSHED_CELLS)]  # fmt: skip
    assert problems == []


def test_axe_clean_at_both_widths(live_url: str, every_page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, paths = every_page
    axe, problems = Axe(), []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for path in paths:
            page.goto(live_url + path)
            for v in axe.run(page).response["violations"]:
                if v["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in v["nodes"]][:3]
                    problems.append(f"{width}px {path}: {v['id']} ({v['impact']}) {targets}")
    assert problems == []


def test_torrance_summary_fits_above_the_timeline(
    live_url: str, browser_context: Any, tmp_path: Path
) -> None:
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page = browser_context.new_page()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_url}/facilities/{SLUG}")
        page.screenshot(path=str(shots / f"torrance-{width}.png"), full_page=True)
        if width == 1280:
            top = page.evaluate(
                "document.querySelector('.year-heading').getBoundingClientRect().top + scrollY"
            )
            assert top <= 3000, f"the first timeline year starts at {top:.0f}px"
    panel = page.locator(".alerts-panel")
    # In words, whether among the first five shown or folded under "more alerts".
    assert "ICE disagreed and it is still open" in (panel.text_content() or "")
    assert page.locator("ol.timeline li.kind-alert").count() == 0  # alerts are a panel only
    assert "Open recommendations" in page.locator(".glance").inner_text()
