"""Review a person can do: the item names its facility and document (page and quote), labels
every field in words and previews an edit; reviewers get "correct this" on public pages, and
corrections reach the API, the CSV and the feeds."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from monitor.db import session_scope
from monitor.models import Document, Finding, ReviewItem
from tests.security.conftest import csrf_from

SLUG = "torrance-nm"


def _cite(app: Flask, facts: dict[str, int], added_by: int | None = None) -> None:
    """Give the held finding a page and a quote, its document a date, its item a payload."""
    with app.app_context(), session_scope(app) as db:
        finding = db.get(Finding, facts["finding"])
        doc = db.get(Document, facts["document"])
        item = db.get(ReviewItem, facts["item"])
        assert finding and doc and item
        finding.page, finding.quote = 4, "Detainees waited weeks for sick call."
        doc.published_date = date(2022, 9, 28)
        item.payload = {"document_id": doc.id, "added_by": added_by, "organisation": "ACLU-NM"}
        db.add_all([finding, doc, item])


def test_item_names_facility_document_page_and_quote(app: Flask, facts, signed_in) -> None:
    client = signed_in("reviewer", "r@example.org")
    _cite(app, facts, added_by=1)
    html = client.get(f"/review/{facts['item']}").get_data(as_text=True)
    assert "<h1>Check an NGO allegation: Torrance County Detention Facility</h1>" in html
    assert f'href="/facilities/{SLUG}"' in html
    assert f'href="/documents/{facts["document"]}">Conditions report</a>' in html
    assert f'href="/documents/{facts["document"]}/pages/4">page 4</a>' in html
    assert "Detainees waited weeks for sick call." in html
    assert "Accepting publishes this finding on the page of Torrance County" in html
    for code in ("added_by", "document_id", "facility_id", "is_repeat", ">1<", ">34<"):
        assert f"<dt>{code}</dt>" not in html and f">{code}</label>" not in html, code
    assert "<dt>Added by</dt><dd>r@example.org</dd>" in html
    assert ">Found before (repeat)</label>" in html and "Now: no" in html
    assert ">Facility</label>" in html and "Now: Torrance County Detention Facility" in html


def test_preview_shows_what_an_edit_would_change(app: Flask, facts, signed_in) -> None:
    client = signed_in("reviewer", "r@example.org")
    token = csrf_from(client, f"/review/{facts['item']}")
    data = {"csrf_token": token, "action": "preview", "field_category": "MENTAL_HEALTH_SUICIDE",
            "field_raw_label": "Medical care delayed", "field_is_repeat": "False"}  # fmt: skip
    html = client.post(f"/review/{facts['item']}/decide", data=data).get_data(as_text=True)
    assert "Saving these edits would change" in html
    assert '<td data-label="Now" class="old">Medical care (MEDICAL_CARE)</td>' in html
    assert "Mental health and suicide prevention (MENTAL_HEALTH_SUICIDE)" in html
    assert "Heading in the document" not in html.split("Saving these edits")[1].split("</table>")[0]
    with app.app_context(), session_scope(app) as db:
        finding = db.get(Finding, facts["finding"])
        assert finding and finding.category == "MEDICAL_CARE"  # a preview saves nothing


def _accept_and_correct(app: Flask, facts, client: FlaskClient) -> None:
    token = csrf_from(client, f"/review/{facts['item']}")
    client.post(f"/review/{facts['item']}/decide", data={"csrf_token": token, "action": "accept"})
    path = f"/review/correct/finding/{facts['finding']}"
    token = csrf_from(client, path)
    response = client.post(path, data={"csrf_token": token, "field": "raw_label",
                                       "value": "Sick call delayed", "reason": "Heading on p. 4"})  # fmt: skip
    assert response.status_code == 302


def test_correct_this_links_only_for_reviewers(app: Flask, client, facts, signed_in) -> None:
    _cite(app, facts)
    reviewer = signed_in("reviewer", "r@example.org")
    _accept_and_correct(app, facts, reviewer)
    link = f'href="/review/correct/finding/{facts["finding"]}"'
    assert link in reviewer.get(f"/facilities/{SLUG}").get_data(as_text=True)
    assert link in reviewer.get(f"/documents/{facts['document']}").get_data(as_text=True)
    assert f'href="/review/correct/facility/{facts["facility"]}"' in reviewer.get(
        f"/facilities/{SLUG}"
    ).get_data(as_text=True)
    anonymous = app.test_client()
    assert "/review/correct/" not in anonymous.get(f"/facilities/{SLUG}").get_data(as_text=True)
    assert "Correct this" not in anonymous.get(f"/documents/{facts['document']}").get_data(
        as_text=True
    )


def test_corrections_reach_api_csv_and_feed(app: Flask, facts, signed_in) -> None:
    _cite(app, facts)
    _accept_and_correct(app, facts, signed_in("reviewer", "r@example.org"))
    public = app.test_client()
    items = public.get(f"/api/facilities/{SLUG}/timeline").get_json()["items"]
    (finding,) = [i for i in items if i["kind"] == "finding"]
    (fix,) = finding["corrections"]
    assert fix["field"] == "raw_label" and fix["field_label"] == "Heading in the document"
    assert (fix["old_value"], fix["new_value"], fix["reason"]) == (
        "Medical care delayed",
        "Sick call delayed",
        "Heading on p. 4",
    )
    text = public.get(f"/facilities/{SLUG}/timeline.csv").get_data(as_text=True)
    (row,) = [r for r in csv.DictReader(io.StringIO(text)) if r["Kind"] == "finding"]
    assert "Heading in the document Medical care delayed -> Sick call delayed" in row["Corrections"]
    feed = public.get(f"/facilities/{SLUG}/feed.atom").get_data(as_text=True)
    assert "Corrected on" in feed and "Heading on p. 4" in feed
