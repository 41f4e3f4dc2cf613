"""NGO findings: the shipped organisation list, feeds, listings, articles and their writing."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from monitor.capture.sources import ensure_source
from monitor.capture.store import capture_bytes
from monitor.db import get_settings
from monitor.facilities.registry import create_facility
from monitor.ingest.writers import WriteContext, write_records
from monitor.models import Document, DocumentFacility, Finding, ReviewItem, StaffingObservation
from scrapers import ngo
from scrapers._ngo_feeds import FeedNotXml

from .ice_helpers import fixture_bytes, mutations, only_named_errors, page

DWN = "https://www.detentionwatchnetwork.org/pressroom/releases"


def test_shipped_config_has_one_structure_for_every_organisation() -> None:
    orgs = ngo.load_organizations()
    keys = {org.key for org in orgs}
    assert {"aclu_nm", "detention_watch_network", "innovation_law_lab",
            "american_immigration_council", "nijc", "hrw", "phr",
            "freedom_for_immigrants"} <= keys  # fmt: skip
    for org in orgs:
        assert org.name and org.home.startswith("https://")
        assert bool(org.feed_url) != bool(org.listing_url)
        if org.listing_url:
            assert {"item", "title", "link"} <= set(org.selectors)
    hosts = set(ngo.SOURCE.allowed_hosts)
    assert all(Path(org.start_url).parts[1] in hosts for org in orgs)


def test_bad_config_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "orgs.toml"
    path.write_text('[[organization]]\nkey = "x"\nname = "X"\nhome = "https://x.org/"\n'
                    'feed_url = "https://x.org/feed"\nlisting_url = "https://x.org/news"\n')  # fmt: skip
    with pytest.raises(ngo.BadNgoConfig, match="exactly one"):
        ngo.load_organizations(path)
    tomllib.loads(path.read_text())  # the file itself is valid TOML: the check is ours


def test_rss_items_allegations_observations_and_relevance() -> None:
    items = ngo.parse(
        page(fixture_bytes("ngo", "rss.xml"), url="https://innovationlawlab.org/feed/")
    )
    assert [i.title for i in items] == [
        "People held at Otero County Processing Center describe cold cells",
        "What the inspection report says about Torrance",
    ]  # the volunteer training item is not about detention
    otero, torrance = items
    assert otero.organization == "Innovation Law Lab" and otero.doc_kind == "ngo"
    assert otero.published_date == date(2023, 3, 14)
    assert otero.facility_names == ["Otero County Processing Center"]
    assert otero.findings[0].result == "allegation"
    assert torrance.findings[0].result == "observation"  # cites OIG-22-75
    assert torrance.staffing[0].pct_vacant_reported == 46


def test_atom_entry() -> None:
    [item] = ngo.parse(page(fixture_bytes("ngo", "atom.xml"), url="https://phr.org/feed/"))
    assert item.url == "https://phr.org/our-work/resources/krome-medical-neglect/"
    assert item.published_date == date(2024, 2, 1)
    assert item.findings[0].category == "MEDICAL_CARE"
    assert item.facility_names == ["Krome North Service Processing Center"]


def test_listing_with_selectors() -> None:
    items = ngo.parse(page(fixture_bytes("ngo", "listing.html"), url=DWN))
    assert [i.url for i in items] == [
        "https://www.detentionwatchnetwork.org/pressroom/releases/2023/hunger-strike-northwest",
        "https://www.detentionwatchnetwork.org/pressroom/releases/2023/sunrise-unit",
    ]
    assert items[0].published_date == date(2023, 6, 12)
    assert items[0].findings[0].category == "HUNGER_STRIKE"


def test_article_page() -> None:
    [item] = ngo.parse(page(fixture_bytes("ngo", "article.html"),
                            url="https://www.aclu-nm.org/en/news/torrance-staffing",
                            ngo_item=True, organization="aclu_nm"))  # fmt: skip
    assert item.title == "Torrance staffing crisis continues"
    assert item.published_date == date(2022, 9, 30)
    assert item.staffing[0].pct_vacant_reported == 54
    assert "Site menu" not in (item.summary or "")


def test_feed_that_is_not_xml_is_named() -> None:
    with pytest.raises(FeedNotXml):
        ngo.parse(page(fixture_bytes("ngo", "not-xml.html"), url="https://phr.org/feed/"))


def test_listing_whose_markup_changed_is_named() -> None:
    with pytest.raises(ngo.LayoutChanged):
        ngo.parse(page(b"<html><body><ul><li>new design</li></ul></body></html>", url=DWN))


def test_page_of_an_unknown_organisation_is_named() -> None:
    with pytest.raises(ngo.UnknownOrganization):
        ngo.parse(page(fixture_bytes("ngo", "listing.html"), url="https://example.org/news"))


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml", "listing.html"])
@pytest.mark.parametrize("seed", range(8))
def test_damaged_inputs_raise_only_named_errors(name: str, seed: int) -> None:
    for damaged in mutations(fixture_bytes("ngo", name), seed):
        only_named_errors(ngo.parse, damaged, url=DWN)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=1500))
def test_random_feeds_raise_only_named_errors(content: bytes) -> None:
    only_named_errors(ngo.parse, b"<?xml version='1.0'?>" + content, url="https://phr.org/feed/")


def _write(app, session, content: bytes, url: str, **meta) -> None:
    settings_ = get_settings(app)
    captured = capture_bytes(session=session, settings=settings_, source_key="ngo", content=content,
                             url=url, external_id=url, kind="ngo", title=url)  # fmt: skip
    ctx = WriteContext(session=session, settings=settings_, source=ensure_source(session=session, key="ngo"),
                       document=captured.document, version=captured.version)  # fmt: skip
    write_records(ctx, ngo.parse(page(content, url=url, **meta)))


def test_feed_items_become_ngo_documents_with_findings(app, session) -> None:
    torrance = create_facility(session=session, name="Torrance County Detention Facility",
                               city="Estancia", state="NM")  # fmt: skip
    _write(app, session, fixture_bytes("ngo", "rss.xml"), "https://innovationlawlab.org/feed/")
    docs = session.exec(select(Document).where(Document.kind == "ngo")).all()
    assert {d.title for d in docs} >= {"What the inspection report says about Torrance"}
    item = next(d for d in docs if "Torrance" in d.title)
    assert item.publisher == "Innovation Law Lab" and item.published_date == date(2022, 10, 5)
    link = session.exec(
        select(DocumentFacility).where(DocumentFacility.document_id == item.id)
    ).one()
    assert link.facility_id == torrance.id
    finding = session.exec(select(Finding).where(Finding.document_id == item.id)).one()
    assert finding.result == "observation" and finding.facility_id == torrance.id
    staffing = session.exec(select(StaffingObservation)).one()
    assert staffing.pct_vacant_reported == 46 and staffing.facility_id == torrance.id
    # Otero is not in this registry: queued for review, and its finding is attached to nobody
    review = session.exec(select(ReviewItem)).all()
    assert any("Otero County Processing Center" in r.reason for r in review)
    otero = session.exec(select(Finding).where(Finding.result == "allegation")).one()
    assert otero.facility_id is None


def test_run_reads_feed_then_item_pages(app, session, monkeypatch) -> None:
    import httpx

    from monitor.ingest.runner import RunOptions, run_source

    org = next(o for o in ngo.load_organizations() if o.key == "innovation_law_lab")
    monkeypatch.setattr(ngo, "organizations", lambda: (org,))
    create_facility(
        session=session, name="Torrance County Detention Facility", city="Estancia", state="NM"
    )
    routes = {
        "/feed/": fixture_bytes("ngo", "rss.xml"),
        "/news/torrance-inspection/": fixture_bytes("ngo", "article.html"),
        "/news/otero-cold-cells/": b"<html><body><article><h1>Cold cells</h1><p>Detained people"
                                   b" at Otero County Processing Center were cold.</p></article></body></html>",
    }  # fmt: skip

    def handler(request: httpx.Request) -> httpx.Response:
        body = routes.get(request.url.path)
        return httpx.Response(200, content=body) if body else httpx.Response(404)

    options = RunOptions(transport=httpx.MockTransport(handler),
                         fetch={"check_dns": False, "respect_robots": False, "requests_per_second": 1000})  # fmt: skip
    summary = run_source(session=session, settings=get_settings(app), key="ngo", options=options)
    assert summary.status == "success", summary.error
    assert summary.new == 3
    article = session.exec(select(Document).where(
        Document.external_id == "https://innovationlawlab.org/news/torrance-inspection/")).one()  # fmt: skip
    assert article.kind == "ngo" and article.current_version_id is not None
    # the article's own text replaces what the feed's summary said about that item
    vacancy = [s.pct_vacant_reported for s in session.exec(select(StaffingObservation)).all()]
    assert vacancy == [54.0]
    again = run_source(session=session, settings=get_settings(app), key="ngo", options=options)
    assert again.status == "success" and again.new == 0
    assert len(session.exec(select(StaffingObservation)).all()) == 1
    from monitor.ingest.reparse import reparse_source

    reparsed = reparse_source(session=session, settings=get_settings(app), key="ngo")
    assert reparsed.failed == 0, reparsed.error
    assert [s.pct_vacant_reported for s in session.exec(select(StaffingObservation)).all()] == [
        54.0
    ]


def test_stored_article_reparses_as_an_item_without_fetch_meta() -> None:
    url = "https://www.aclu-nm.org/en/news/torrance-staffing"
    [item] = ngo.parse(page(fixture_bytes("ngo", "article.html"), url=url))
    assert item.title == "Torrance staffing crisis continues" and item.url == url


@pytest.mark.parametrize(
    "description", ["&lt;?xml version='1.0'?&gt;&lt;a/&gt;", "http://example.org/x"]
)
def test_odd_feed_descriptions_do_not_warn(description: str) -> None:
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><item><title>Detention news</title>'
            f"<link>https://phr.org/a</link><description>{description}</description></item></channel></rss>")  # fmt: skip
    [item] = ngo.parse(page(feed.encode(), url="https://phr.org/feed/"))
    assert item.title == "Detention news"
