"""oversight.gov through the runner: each scrape adds status observations; none overwritten."""

from __future__ import annotations

import re

from pytest_httpserver import HTTPServer
from sqlmodel import select

from monitor.db import get_settings
from monitor.demo import facilities, oig
from monitor.ingest.runner import RunOptions, run_source
from monitor.models import Document, Recommendation, RecommendationStatusEvent
from tests.capture.test_runner import LOCAL
from tests.sources.oig_pdfs import fixture

REPORT = "/reports/inspection-evaluation/violations-detention-standards-ices-torrance-county-detention-facility"
CLOSED_TWO = b"""<h2>Closed Recommendations</h2><table><tr><th>Recommendation Number</th>
<th>Significant Recommendation</th><th>Additional Details</th></tr>
<tr><td>2</td><td>No</td><td>We recommend ... fills its vacant positions.</td></tr></table>"""


def _single_page(listing: bytes) -> bytes:
    """The listing without its pager."""
    return re.sub(rb"<nav class=\"pager\">.*?</nav>", b"", listing, flags=re.S)


def _serve(httpserver: HTTPServer, report_page: bytes) -> str:
    httpserver.clear()
    listing = _single_page(fixture("oversight_gov", "listing-dhs.html"))
    httpserver.expect_request("/agencies/department-homeland-security").respond_with_data(
        listing, content_type="text/html"
    )
    httpserver.expect_request(REPORT).respond_with_data(report_page, content_type="text/html")
    return httpserver.url_for("/agencies/department-homeland-security")


def _scrape(app, session, start: str):
    options = RunOptions(start_url=start, fetch=dict(LOCAL))
    return run_source(
        session=session, settings=get_settings(app), key="oversight_gov", options=options
    )


def _events(session, number: int) -> list[RecommendationStatusEvent]:
    rec = session.exec(
        select(Recommendation)
        .join(Document)
        .where(Document.report_number == "OIG-22-75", Recommendation.number == number)
    ).one()
    return list(
        session.exec(
            select(RecommendationStatusEvent)
            .where(RecommendationStatusEvent.recommendation_id == rec.id)
            .order_by(RecommendationStatusEvent.id)
        ).all()
    )


def test_status_changes_append_history_on_the_report(app, session, httpserver) -> None:
    settings = get_settings(app)
    facilities.load(session, settings)
    oig.load(session, settings)
    page = fixture("oversight_gov", "report-open-recommendations.html")
    first = _scrape(app, session, _serve(httpserver, page))
    assert first.status == "success", first.error
    assert [e.implementation for e in _events(session, 2)] == ["open"]  # agrees: nothing added
    later = re.sub(rb"<tr><td>2</td>.*?</tr>", b"", page).replace(
        b"</main>", CLOSED_TWO + b"</main>"
    )
    assert later.count(b"<td>2</td>") == 1  # now only in the closed table
    second = _scrape(app, session, _serve(httpserver, later))
    assert second.status == "success", second.error
    events = _events(session, 2)
    assert [(e.concurrence, e.resolution, e.implementation) for e in events] == [
        ("concur", "resolved", "open"),
        ("concur", "resolved", "closed"),
    ]
    assert events[0].target_date == events[1].target_date  # carried over, not lost
    reports = session.exec(select(Document).where(Document.report_number == "OIG-22-75")).all()
    assert len(reports) == 1  # oversight.gov's rows joined the captured OIG report


def test_unchanged_report_pages_are_not_parsed_again(app, session, httpserver) -> None:
    from werkzeug import Request, Response

    page = fixture("oversight_gov", "report-open-recommendations.html")
    start = _serve(httpserver, page)

    def report(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"r1"':
            return Response(status=304)
        return Response(page, content_type="text/html", headers={"ETag": '"r1"'})

    httpserver.clear()
    listing = _single_page(fixture("oversight_gov", "listing-dhs.html"))
    httpserver.expect_request("/agencies/department-homeland-security").respond_with_data(
        listing, content_type="text/html"
    )
    httpserver.expect_request(REPORT).respond_with_handler(report)
    first = _scrape(app, session, start)
    again = _scrape(app, session, start)
    assert first.parses == 2  # the listing and the report page
    assert again.parses == 0 and again.unchanged == 2  # same listing bytes, report page 304


def test_a_pager_that_goes_round_in_circles_stops(app, session, httpserver) -> None:
    page = fixture("oversight_gov", "report-open-recommendations.html")
    httpserver.clear()
    # The server ignores ?page=N, so "next" always serves the first page again.
    httpserver.expect_request("/agencies/department-homeland-security").respond_with_data(
        fixture("oversight_gov", "listing-dhs.html"), content_type="text/html"
    )
    httpserver.expect_request(REPORT).respond_with_data(page, content_type="text/html")
    summary = _scrape(app, session, httpserver.url_for("/agencies/department-homeland-security"))
    assert summary.status == "success"
    assert summary.parses <= 4
