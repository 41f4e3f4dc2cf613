"""HTML helpers shared by sources: tables by header name, labelled fields, pager links."""

from __future__ import annotations

import re
import warnings
from urllib.parse import urljoin

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag, XMLParsedAsHTMLWarning

from scrapers._base import BadDocument, Page

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def soup_of(page: Page) -> BeautifulSoup:
    """Parse a page's HTML (refusing bytes that are clearly not HTML)."""
    head = page.content[:1024].lstrip()
    if head.startswith(b"%PDF") or b"\x00" in head:
        raise BadDocument("expected an HTML page", url=page.url)
    with warnings.catch_warnings():
        # bs4 warns about XML-looking or URL-looking input; a source page is HTML regardless.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return BeautifulSoup(page.content, "lxml")
        except ValueError:
            # lxml refuses control characters; drop them and try once more.
            text = _CONTROL.sub("", page.content.decode("utf-8", "replace"))
            try:
                return BeautifulSoup(text, "lxml")
            except ValueError as exc:
                raise BadDocument(
                    f"the page cannot be parsed as HTML ({exc})", url=page.url
                ) from exc


def text_of(node: Tag | None) -> str:
    """Visible text of a node with whitespace collapsed."""
    if node is None:
        return ""
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True)).strip()


def header_key(text: str) -> str:
    """'Issue Date Sort ascending' -> 'issue date' (sort widgets dropped)."""
    text = re.sub(r"\b(sort|ascending|descending)\b", "", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def find_table(soup: BeautifulSoup, required: tuple[str, ...]) -> tuple[Tag, dict[str, int]] | None:
    """The first table whose header row names every `required` column; with column indexes."""
    for table in soup.find_all("table"):
        header_row = table.find("tr")
        if header_row is None:
            continue
        names = [header_key(text_of(cell)) for cell in header_row.find_all(["th", "td"])]
        if all(name in names for name in required):
            return table, {name: index for index, name in enumerate(names)}
    return None


def body_rows(table: Tag) -> list[list[Tag]]:
    """Data rows of a table (rows holding <td> cells), each as a list of cells."""
    rows: list[list[Tag]] = []
    for row in table.find_all("tr"):
        cells = [cell for cell in row.find_all("td", recursive=False) if isinstance(cell, Tag)]
        if cells:
            rows.append(cells)
    return rows


def labelled_fields(soup: BeautifulSoup, labels: tuple[str, ...]) -> dict[str, Tag]:
    """Value nodes of 'Label / value' pairs (div pairs, dt/dd, th/td), keyed by label."""
    wanted = {label.lower(): label for label in labels}
    found: dict[str, Tag] = {}
    for node in soup.find_all(
        ["div", "dt", "th", "span", "strong", "h2", "h3", "h4", "label", "p"]
    ):
        label = text_of(node).rstrip(":").strip().lower()
        if label not in wanted or wanted[label] in found:
            continue
        if any(
            text_of(child).rstrip(":").strip().lower() == label for child in node.find_all(True)
        ):
            continue  # a deeper node carries the label itself
        value = _value_after(node)
        if value is not None:
            found[wanted[label]] = value
    return found


def _value_after(node: Tag) -> Tag | None:
    sibling = node.find_next_sibling()
    if sibling is not None:
        return sibling
    parent = node.parent
    if isinstance(parent, Tag):
        after = parent.find_next_sibling()
        return after if isinstance(after, Tag) else None
    return None


def next_page_url(soup: BeautifulSoup, base_url: str) -> str | None:
    """The pager's 'next' link, if any."""
    link = soup.find("a", rel=lambda v: v is not None and "next" in v)
    if link is None:
        link = soup.find("a", string=re.compile(r"^\s*(next|›|»|next\s*[›»])", re.I))
    if link is None:
        item = soup.select_one("li.pager__item--next a, li.pager-next a")
        link = item
    href = link.get("href") if isinstance(link, Tag) else None
    return urljoin(base_url, str(href)) if href else None


def absolute(base_url: str, href: object) -> str | None:
    """An absolute URL for a link target."""
    return urljoin(base_url, str(href)) if href else None
