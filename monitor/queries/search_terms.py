"""What a person typed, as a full-text expression for SQLite FTS5 or PostgreSQL.

Words are ANDed, "quoted phrases" match in order. The porter stemmer (and PostgreSQL's
english one) treats double-consonant words unevenly: "staffing" stems to "staf" while
"staff" stays "staff". Each word therefore also matches its other form, so staff = staffing.
"""

from __future__ import annotations

import re

_TERM = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)
_SUFFIX = re.compile(r"(ing|ed|er|ers)$")
_NO_TRIM = set("lsz")  # porter keeps these doubled (fall, pass, buzz)
MAX_TERMS = 12  # bounded work on a pasted paragraph


class BadSearchQuery(ValueError):
    """The query has no searchable words."""


def terms(query: str) -> list[list[str]]:
    """Each term as its list of words (one word, or a phrase's words in order)."""
    out = []
    for phrase, word in _TERM.findall(query):
        words = re.findall(r"\w+", phrase) if phrase else [word]
        if words:
            out.append([w.lower() for w in words])
    if not out:
        raise BadSearchQuery("Enter at least one word to search for.")
    return out[:MAX_TERMS]


def variants(word: str) -> list[str]:
    """The word and the form the stemmer would otherwise keep apart (staff / staf)."""
    forms = [word]
    stem = _SUFFIX.sub("", word)
    if stem != word and len(stem) > 2 and _doubled(stem):
        forms.append(stem)  # staffing -> staff
    if _doubled(word):
        forms.append(word[:-1])  # staff -> staf, as "staffing" is indexed
    return forms


def _doubled(word: str) -> bool:
    return (
        len(word) > 3 and word[-1] == word[-2] and word[-1] not in _NO_TRIM and word[-1].isalpha()
    )


def fts5_expression(query: str) -> str:
    """FTS5 MATCH text: ("staff" OR "staf") AND "hunger strike"."""
    parts = []
    for words in terms(query):
        if len(words) > 1:
            parts.append('"' + " ".join(words) + '"')
            continue
        forms = [f'"{form}"' for form in variants(words[0])]
        parts.append(forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")")
    return " AND ".join(parts)


def tsquery_expression(query: str) -> str:
    """PostgreSQL to_tsquery text: (staff | staf) & hunger <-> strike."""
    parts = []
    for words in terms(query):
        if len(words) > 1:
            parts.append("(" + " <-> ".join(words) + ")")
            continue
        parts.append("(" + " | ".join(variants(words[0])) + ")")
    return " & ".join(parts)
