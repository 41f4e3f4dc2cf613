"""NGO feed/listing and oversight.gov cases that mutation testing showed no test pinned down."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from scrapers import ngo, oversight_gov
from scrapers._base import Page
from scrapers._ngo_feeds import looks_like_xml, read_listing
from tests.sources.oig_pdfs import fixture

FETCHED = datetime(2024, 1, 5, 9, 30)


def _config(tmp_path: Path, body: str) -> list[ngo.Organization]:
    path = tmp_path / "orgs.toml"
    path.write_text('[[organization]]\nkey = "x"\nname = "X"\nhome = "https://x.org/"\n' + body)
    return ngo.load_organizations(path)


def test_a_listing_with_exactly_the_three_required_selectors_is_accepted(tmp_path: Path) -> None:
    [org] = _config(
        tmp_path,
        'listing_url = "https://x.org/news"\nkeywords = ["Otero", "Torrance"]\n'
        '[organization.selectors]\nitem = "article"\ntitle = "h2"\nlink = "a"\n',
    )
    assert org.selectors == {"item": "article", "title": "h2", "link": "a"}
    assert org.keywords == ("Otero", "Torrance")


def test_an_xml_declaration_alone_marks_a_feed() -> None:
    assert looks_like_xml(b'\xef\xbb\xbf <?xml version="1.0"?>\n<!-- a comment first -->\n<rss/>')
    assert looks_like_xml(b"\n<feed xmlns='http://www.w3.org/2005/Atom'/>")
    assert not looks_like_xml(b"<!DOCTYPE html><html><body>news</body></html>")


def test_listing_items_keep_their_summary() -> None:
    html = (
        b"<html><body><article><h2>Cold cells at Otero</h2><a href='/news/otero'>more</a>"
        b"<p class='teaser'>People held at Otero describe cold cells.</p></article></body></html>"
    )
    page = Page(url="https://x.org/news", content=html, fetched_at=FETCHED)
    selectors = {"item": "article", "title": "h2", "link": "a", "summary": "p.teaser"}
    [item] = read_listing(page, selectors)
    assert (item.title, item.link) == ("Cold cells at Otero", "https://x.org/news/otero")
    assert item.summary == "People held at Otero describe cold cells."


def _open_recommendations(extra_rows: str = "") -> list:
    content = fixture("oversight_gov", "report-open-recommendations.html")
    content = content.replace(b"</tbody>", extra_rows.encode() + b"</tbody>")
    url = "https://www.oversight.gov/agencies/department-homeland-security"
    return oversight_gov.parse(Page(url=url, content=content, fetched_at=FETCHED))


def test_text_in_the_additional_details_column_is_the_quote() -> None:
    second = _open_recommendations()[1]
    assert second.number == 2
    assert second.quote == (
        "We recommend the Executive Assistant Director of Enforcement and Removal Operations "
        "ensure the facility fills its vacant positions."
    )


def test_a_row_without_the_details_cell_takes_its_text_from_the_next_row() -> None:
    rows = (
        "<tr><td>3</td><td>No</td><td>$0</td><td>$0</td></tr><tr><td>Provide clean water.</td></tr>"
    )
    third = _open_recommendations(rows)[2]
    assert (third.number, third.quote) == (3, "Provide clean water.")
