"""`monitor findings add`: record a finding no feed carries, with its captured citation.

The cited URL is fetched through the same fetcher as every source (host guard, robots,
size cap), or an uploaded file is stored through `capture_bytes`; either way the bytes land
in the capture store and the finding points at that document.
"""

from __future__ import annotations

import mimetypes
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import click
from flask.cli import with_appcontext

if TYPE_CHECKING:  # imported in the commands: `monitor --help` stays fast
    from sqlmodel import Session

    from monitor.capture.store import CaptureResult
    from monitor.config import Settings
    from monitor.models import Facility, Finding


from scrapers._taxonomy import CATEGORIES, FINDING_RESULTS

MANUAL_SOURCE = "manual"
MAX_SUMMARY = 4000


class UnknownFacility(LookupError):
    """The facility given on the command line is not (confidently) in the registry."""


def register(cli: click.Group) -> None:
    """Add `monitor findings` to the CLI."""
    cli.add_command(findings_group)


@click.group("findings")
def findings_group() -> None:
    """Findings entered by hand (NGO reports, court filings, letters) with their citation."""


def _fail(message: str) -> NoReturn:
    """Print an error and exit with status 1."""
    click.echo(f"error: {message}", err=True)
    raise click.exceptions.Exit(1)


@findings_group.command("add")
@click.option(
    "--facility",
    required=True,
    help="Facility slug (e.g. torrance-county-detention-facility) or exact name.",
)
@click.option("--url", required=True, help="Public URL of the document the finding cites.")
@click.option(
    "--date",
    "found",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date of the finding (YYYY-MM-DD).",
)
@click.option(
    "--category",
    required=True,
    type=click.Choice(list(CATEGORIES), case_sensitive=False),
    help="Taxonomy category code.",
)
@click.option("--summary", required=True, help="What the document says, in a sentence or two.")
@click.option(
    "--file",
    "file_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Store this file as the cited document instead of fetching the URL.",
)
@click.option(
    "--result", default="allegation", show_default=True, type=click.Choice(FINDING_RESULTS)
)
@click.option("--title", help="Title of the cited document (default: the URL).")
@click.option("--publisher", help="Who published it (e.g. ACLU of New Mexico).")
@click.option("--page", type=int, help="Page of the cited document.")
@click.option("--quote", help="Exact words quoted from the document.")
@with_appcontext
def add_command(**options: object) -> None:  # fmt: skip
    """Capture the cited document and record the finding; nothing is written on any error."""
    from monitor.db import get_settings, session_scope
    from scrapers._base import SourceError

    summary = str(options["summary"]).strip()
    if not summary or len(summary) > MAX_SUMMARY:
        _fail(f"--summary must be 1 to {MAX_SUMMARY} characters")
    url = str(options["url"])
    if urlsplit(url).scheme not in ("http", "https"):
        _fail("--url must be an http(s) URL")
    settings = get_settings()
    try:
        with session_scope() as session:
            finding = add_finding(session=session, settings=settings, url=url, **_fields(options))
            click.echo(f"finding {finding.id} recorded for facility {finding.facility_id} "
                       f"citing document {finding.document_id}")  # fmt: skip
    except UnknownFacility as exc:
        _fail(str(exc))
    except SourceError as exc:
        _fail(f"cannot capture {url}: {exc.describe()}")
    except OSError as exc:
        _fail(f"cannot read the file: {exc.strerror or exc}")


def _fields(options: dict[str, Any]) -> dict[str, Any]:
    """Command-line options as keyword arguments of `add_finding`."""
    found = options["found"]
    return {
        "facility": str(options["facility"]),
        "found_date": found.date() if isinstance(found, datetime) else found,
        "category": str(options["category"]).upper(),
        "summary": str(options["summary"]).strip(),
        "result": str(options["result"]),
        "file_path": options.get("file_path"),
        "title": options.get("title"),
        "publisher": options.get("publisher"),
        "page": options.get("page"),
        "quote": options.get("quote"),
    }


def find_facility(*, session: Session, text: str) -> Facility:
    """The facility named by slug, or by a name the registry matches confidently."""
    from sqlmodel import select

    from monitor.facilities.registry import resolve_facility
    from monitor.models import Facility

    facility = session.exec(select(Facility).where(Facility.slug == text.strip().lower())).first()
    if facility is not None:
        return facility
    match = resolve_facility(session=session, name=text)
    if match.facility_id is not None:
        found = session.get(Facility, match.facility_id)
        if found is not None:
            return found
    raise UnknownFacility(
        f"unknown facility {text!r}: give its slug (see `monitor facilities show`) or exact name"
    )


def add_finding(
    *, session: Session, settings: Settings, facility: str, url: str, found_date: date,
    category: str, summary: str, result: str = "allegation", file_path: object = None,
    title: object = None, publisher: object = None, page: object = None, quote: object = None,
) -> Finding:  # fmt: skip
    """Resolve the facility, capture the citation, then write the finding and the link."""
    from monitor.models import Finding

    target = find_facility(session=session, text=facility)
    label = str(title) if title else url
    if isinstance(file_path, Path):
        captured = _capture_file(session, settings, file_path, url, label, publisher)
    else:
        captured = capture_url(session=session, settings=settings, url=url, title=label)
    doc = captured.document
    doc.published_date = doc.published_date or found_date
    doc.publisher = doc.publisher or (str(publisher) if publisher else None)
    session.add(doc)
    _link(session, doc.id or 0, target.id or 0)
    finding = Finding(
        document_id=doc.id or 0, facility_id=target.id, category=category, result=result,
        raw_label=(str(title) if title else summary)[:200], summary=summary, found_date=found_date,
        page=int(str(page)) if page is not None else None, quote=str(quote) if quote else None,
    )  # fmt: skip
    session.add(finding)
    session.flush()
    return finding


def _capture_file(
    session: Session, settings: Settings, path: Path, url: str, title: str, publisher: object
) -> CaptureResult:
    """Store an uploaded file as a version of the document at `url`."""
    from monitor.capture.store import capture_bytes

    return capture_bytes(
        session=session, settings=settings, source_key=MANUAL_SOURCE, content=path.read_bytes(),
        url=url, external_id=url, kind="manual", title=title,
        publisher=str(publisher) if publisher else None,
        content_type=mimetypes.guess_type(path.name)[0],
    )  # fmt: skip


def capture_url(*, session: Session, settings: Settings, url: str, title: str) -> CaptureResult:
    """Fetch `url` through the project's fetcher (its host only) and capture the response."""
    from monitor.capture.client import Fetcher, policy_for
    from monitor.capture.store import capture_page
    from scrapers._base import SourceInfo, SourceUnavailable

    host = urlsplit(url).hostname or ""
    info = SourceInfo(key=MANUAL_SOURCE, name="Manual entry", url=url, allowed_hosts=(host,),
                      schedule="", expected_cadence_days=1, publisher="")  # fmt: skip
    with Fetcher(policy_for(settings, info)) as fetcher:
        page = fetcher.get(url, conditional=False)
    if page is None:
        raise SourceUnavailable("the server sent no content", url=url)
    return capture_page(session=session, settings=settings, source_key=MANUAL_SOURCE,
                        page=page, external_id=url, kind="manual", title=title)  # fmt: skip


def _link(session: Session, document_id: int, facility_id: int) -> None:
    """Note that the document is about the facility (once)."""
    from sqlmodel import select

    from monitor.models import DocumentFacility

    exists = session.exec(
        select(DocumentFacility).where(
            DocumentFacility.document_id == document_id, DocumentFacility.facility_id == facility_id
        )  # fmt: skip
    ).first()
    if exists is None:
        session.add(DocumentFacility(document_id=document_id, facility_id=facility_id,
                                     raw_name=None, role="subject"))  # fmt: skip
