"""No visible English is left outside _() in templates, and data words have catalog entries."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from monitor.models import FINDING_RESULTS, SEVERITIES
from monitor.queries.common import label
from monitor.queries.timeline_items import KINDS
from monitor.queries.tracker import TRACKER_SORTS
from monitor.web.label_words import LABELS
from scrapers._taxonomy import CATEGORIES

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
# Evidence packets are assembled in English on purpose (court exhibits); CSS has no prose.
ENGLISH_ONLY = {"packets/packet.html", "packets/separators.html", "packets/certification.txt"}
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
HTML = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->|<[^>]*>", re.S)
ATTRIBUTE = re.compile(r'\b(?:title|aria-label|placeholder|alt|data-label)="([^"]*)"')
WORD = re.compile(r"[A-Za-z]{2,}")


def _templates() -> list[Path]:
    paths = [*TEMPLATES.rglob("*.html"), *TEMPLATES.glob("mail/*.txt")]
    return sorted(p for p in paths if str(p.relative_to(TEMPLATES)) not in ENGLISH_ONLY)


def _unmarked(source: str) -> list[str]:
    """Literal text a reader would see that no _() call covers."""
    bare = JINJA.sub(" ", source)
    found = [v for v in ATTRIBUTE.findall(bare) if WORD.search(v)]
    text = HTML.sub(" ", bare)
    found += [line.strip() for line in text.splitlines() if WORD.search(line)]
    return found


def test_every_visible_template_string_is_marked_for_translation() -> None:
    leftovers = {
        str(path.relative_to(TEMPLATES)): found
        for path in _templates()
        if (found := _unmarked(path.read_text(encoding="utf-8")))
    }
    assert leftovers == {}


def test_words_from_the_data_are_in_the_label_list() -> None:
    codes = [*FINDING_RESULTS, *SEVERITIES, "open", "closed", "resolved", "unresolved"]
    codes += ["concur", "non_concur", "partial", *TRACKER_SORTS]
    wanted = {*KINDS.values(), *CATEGORIES.values(), *(label(c) for c in codes)}
    assert wanted - set(LABELS) == set()


def test_spanish_catalog_translates_every_data_word() -> None:
    with (ROOT / "translations/es/LC_MESSAGES/messages.po").open("rb") as fh:
        spanish = {m.id: m.string for m in read_po(fh) if m.id}
    assert [w for w in LABELS if not spanish.get(w)] == []
