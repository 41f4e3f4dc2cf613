"""Plain language for every stored code: a label and one sentence, read from data/labels.toml.

Pages, mail, feeds, CSV exports and the API descriptions all ask here, so a rule or a status
reads the same everywhere. Codes remain the values of the API and the CSV files. Labels and
sentences are English in the file and translated through the message catalogs (`make
translations` extracts them with `extract_messages`), in the language being written.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import IO, Any

from markupsafe import Markup, escape

from monitor import i18n
from monitor.record_kinds import kinds as record_kinds
from monitor.resources import package_dir
from scrapers._taxonomy import CATEGORIES

# Kinds of code, in the order the glossary lists them, with the glossary's heading for each.
KINDS: dict[str, str] = {
    "rule": "Alerts",
    "severity": "Alert severity",
    "concurrence": "ICE's answer to a recommendation",
    "resolution": "OIG's view of ICE's plan",
    "implementation": "Whether a recommendation is done",
    "category": "Finding categories",
    "result": "What inspectors found",
    "facility_type": "Facility types",
    "standard": "Detention standards",
    "role_group": "Staff groups",
    "timeline_kind": "Kinds of event",
    "review_kind": "Review tasks",
}


@dataclass(frozen=True)
class Term:
    """One code in words."""

    code: str
    label: str
    explain: str


@cache
def _data() -> dict[str, Any]:
    with (package_dir("monitor") / "data" / "labels.toml").open("rb") as handle:
        return tomllib.load(handle)


def terms(kind: str) -> dict[str, Term]:
    """Every documented code of one kind."""
    if kind == "timeline_kind":  # read live from the record-kind registry, not labels.toml
        return {k.code: Term(k.code, k.label, k.explain) for k in record_kinds()}
    return _file_terms(kind)


@cache
def _file_terms(kind: str) -> dict[str, Term]:
    raw = _data().get(kind, {})
    if kind == "category":  # names from the shared taxonomy, sentences from labels.toml
        return {code: Term(code, name, raw.get(code, "")) for code, name in CATEGORIES.items()}
    return {code: Term(code, entry["label"], entry["explain"]) for code, entry in raw.items()}


def _code(kind: str, code: str) -> str:
    return standard_code(code) or code if kind == "standard" else code


def term(kind: str, code: str | None) -> Term | None:
    """The term for a code, or None when the code is unknown (or empty)."""
    if not code:
        return None
    return terms(kind).get(_code(kind, code))


def label(kind: str, code: str | None) -> str:
    """The human label of a code, in the language being written; an unknown code is shown in
    words rather than hidden."""
    found = term(kind, code)
    if found is not None:
        return i18n.gettext(found.label)
    return (code or "").replace("_", " ")


def explain(kind: str, code: str | None) -> str:
    """The one-sentence explanation of a code ('' when unknown), in the language being written."""
    found = term(kind, code)
    return i18n.gettext(found.explain) if found and found.explain else ""


def lazy_label(kind: str, code: str | None) -> i18n.Words:
    """The label of a code, translated when it is shown (for text built before rendering)."""
    found = term(kind, code)
    return i18n.Words(found.label if found else (code or "").replace("_", " "))


def lazy_explain(kind: str, code: str | None) -> i18n.Words:
    """The explanation of a code, translated when it is shown."""
    found = term(kind, code)
    return i18n.Words(found.explain if found else "")


N_RELEASE = i18n.N_("%(year)s as of %(day)s%(rest)s")
_RELEASE = re.compile(r"(FY\d{4}) as of (\d{4}-\d{2}-\d{2})(.*)")


def release_name(stored: str) -> i18n.Text:
    """A statistics release's label ('FY2026 as of 2026-04-02') in the reader's language."""
    m = _RELEASE.fullmatch(stored)
    if m is None:
        return stored
    day = date.fromisoformat(m.group(2))
    return i18n.Words(N_RELEASE, year=m.group(1), day=day, rest=m.group(3))


def missing(kind: str, codes: list[str] | tuple[str, ...]) -> list[str]:
    """Codes of `kind` with no label or no explanation (what the registry test checks)."""
    known = terms(kind)
    return [c for c in codes if c not in known or not known[c].label or not known[c].explain]


_STANDARDS = [
    (re.compile(r"famil|jfrmu|\bfrs\b", re.I), "FAMILY"),
    (re.compile(r"pbnds\s*2008", re.I), "PBNDS 2008"),
    (re.compile(r"pbnds\s*(2011|2016)", re.I), "PBNDS 2011"),
    (re.compile(r"\bnds\s*2019", re.I), "NDS 2019"),
    (re.compile(r"\bnds\s*2000", re.I), "NDS 2000"),
]


def standard_code(raw: str | None) -> str | None:
    """The standard set a raw label names ('PBNDS 2011 - 2016 Revisions' -> 'PBNDS 2011').

    A bare 'NDS' or 'PBNDS' names no edition, so it gets no code rather than a guess.
    """
    for pattern, code in _STANDARDS:
        if raw and pattern.search(raw):
            return code
    return None


def field_label(name: str) -> str:
    """A column or form field in words ('deficiency_count' -> 'Deficiencies'), translated."""
    known = _data()["field"].get(name)
    return i18n.gettext(known) if known else name.replace("_", " ").capitalize()


def lazy_field(name: str) -> i18n.Words:
    """A field's label, translated when it is shown."""
    return i18n.Words(_data()["field"].get(name) or name.replace("_", " ").capitalize())


def unlabelled_fields(names: list[str]) -> list[str]:
    """Column or field names without an entry of their own (the CSV column test checks)."""
    return [n for n in names if n not in _data()["field"]]


def field_office(code: str | None) -> str:
    """An AOR code as its field office ('ELP' -> 'El Paso')."""
    return _data()["field_office"].get((code or "").upper(), code or "")


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviation -> expansion, for <abbr> markup and the glossary."""
    return dict(_data()["abbreviation"])


# Names every reader of this site knows stay unmarked (they appear in nearly every title);
# the glossary still lists them.
UNMARKED = frozenset({"ICE", "DHS", "OIG", "NGO"})


@cache
def _abbr_pattern() -> re.Pattern[str]:
    words = sorted(set(abbreviations()) - UNMARKED, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b")


def mark_abbreviations(text: object) -> Markup:
    """Escape `text` and wrap each known abbreviation in <abbr title="expansion">."""
    escaped = str(escape("" if text is None else text))
    expansions = abbreviations()

    def wrap(m: re.Match[str]) -> str:
        return f'<abbr title="{escape(expansions[m.group(1)])}">{m.group(1)}</abbr>'

    return Markup(_abbr_pattern().sub(wrap, escaped))


def _translated(kind: str) -> list[Term]:
    return [Term(t.code, label(kind, t.code), explain(kind, t.code)) for t in terms(kind).values()]


def glossary() -> list[tuple[str, str, list[Term]]]:
    """(kind, heading, terms) for each kind, then abbreviations and field offices."""
    sections = [(kind, heading, _translated(kind)) for kind, heading in KINDS.items()]
    abbrs = [Term(a, a, e) for a, e in sorted(abbreviations().items())]
    offices = [Term(c, n, f"ICE ERO field office in {n}.") for c, n in _offices().items()]
    return [*sections, ("abbreviation", "Abbreviations", abbrs), ("aor", "Field offices", offices)]


def _offices() -> dict[str, str]:
    return dict(sorted(_data()["field_office"].items()))


def describe_enum(kind: str, codes: list[str] | tuple[str, ...]) -> str:
    """An API description listing what each code means ('`concur`: ICE agreed; ...').

    The API document is built once per process, so it is English whoever asks first.
    """
    with i18n.writing(i18n.DEFAULT_LANGUAGE):
        return "; ".join(f"`{c}`: {label(kind, c)}" for c in codes)


# Kinds whose labels and sentences readers see in their language; abbreviations and field
# offices are names (an agency's programme, a city) and stay as they are.
TRANSLATED = (*KINDS, "field")


def extract_messages(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor for labels.toml: every label and explanation, as catalog messages."""
    data = tomllib.load(fileobj)
    for kind in TRANSLATED:
        for entry in data.get(kind, {}).values():
            if isinstance(entry, str):  # [field] names and [category] sentences
                yield 0, "gettext", entry, []
                continue
            yield 0, "gettext", entry["label"], []
            yield 0, "gettext", entry["explain"], []
