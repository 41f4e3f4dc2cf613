"""Languages of the site and its mail: catalogs, the visitor's choice, dates and numbers.

Independent of Flask so the scheduler's mail renders in a subscriber's language too; the web
side (`monitor.web.language`) plugs the same catalogs into Flask-Babel.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

from monitor.resources import translations_dir

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
# English keeps ISO dates (the project's unambiguous default); Spanish readers get "16 mar 2022".
ISO_PATTERN = "yyyy-MM-dd"
DATE_PATTERNS = {"en": ISO_PATTERN, "es": "d MMM y"}


def N_(message: str) -> str:  # noqa: N802 (the name pybabel looks for)
    """Mark a string for extraction; it is translated later, in the reader's language."""
    return message


def normalize(language: str | None) -> str:
    """A supported language code ("es-MX" -> "es"); unknown ones fall back to English."""
    code = (language or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of a language (English is the source text: no catalog)."""
    if normalize(language) == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(translations_dir()), [Locale.parse(language)])


@cache
def _locale(language: str) -> Locale:
    """Babel's locale, parsed once (parsing it on every date cost seconds per alert pass)."""
    return Locale.parse(normalize(language))


def day(value: date | datetime | None, language: str) -> str:
    """A calendar date written for readers of `language`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    lang = normalize(language)
    if DATE_PATTERNS[lang] == ISO_PATTERN and value.year >= 1000:
        return value.isoformat()  # the same text, without Babel's pattern machinery
    return format_date(value, DATE_PATTERNS[lang], locale=_locale(lang))


def number(value: float | int | None, language: str) -> str:
    """A count or measure with the language's digit grouping and decimal mark."""
    if value is None:
        return ""
    lang = normalize(language)
    if lang == "en" and isinstance(value, int):
        return f"{value:,}"  # what Babel writes for an English whole number
    return format_decimal(value, locale=_locale(lang))


def percent(value: float | None, language: str) -> str:
    """A percentage given on the 0-100 scale, rounded to a whole number."""
    if value is None:
        return ""
    return format_percent(value / 100, "#,##0%", locale=_locale(language))


# The language of the page or mail being written: set per request by monitor.web.language and
# around each mail by monitor.mail.render, so labels and Python-built text need no argument.
_WRITING: ContextVar[str | None] = ContextVar("monitor_language", default=None)


def current() -> str:
    """The language being written now (English outside a request or a mail)."""
    return _WRITING.get() or DEFAULT_LANGUAGE


def write_in(language: str | None) -> None:
    """Write in `language` until told otherwise (None: back to English)."""
    _WRITING.set(normalize(language) if language else None)


@contextmanager
def writing(language: str) -> Iterator[None]:
    """Write in `language` inside the block, then return to the language before it."""
    token = _WRITING.set(normalize(language))
    try:
        yield
    finally:
        _WRITING.reset(token)


def _shown(value: object, language: str) -> object:
    """A value placed in a sentence: dates and numbers as the language writes them."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, date):
        return day(value, language)
    if isinstance(value, int | float):
        return number(value, language)
    return str(value) if isinstance(value, Words) else value


def gettext(message: str, **values: object) -> str:
    """`message` in the current language, %(name)s values filled in per locale."""
    language = current()
    translated = translations(language).gettext(message)
    if not values:
        return translated
    return translated % {k: _shown(v, language) for k, v in values.items()}


def ngettext(singular: str, plural: str, count: int, **values: object) -> str:
    """The singular or plural sentence for `count` (available as %(num)s), in the current language."""
    language = current()
    translated = translations(language).ngettext(singular, plural, count)
    return translated % {k: _shown(v, language) for k, v in {"num": count, **values}.items()}


class Words:
    """A sentence translated when it is shown, in the language of that page or mail.

    Query results can be cached and shared between English and Spanish readers, so text built
    from the data is kept as message and values until a template or a CSV writer asks for it.
    """

    __slots__ = ("message", "plural", "count", "values")

    def __init__(self, message: str, **values: object) -> None:
        self.message, self.values = message, values
        self.plural: str | None = None
        self.count: int | None = None

    def __str__(self) -> str:
        if self.plural is not None and self.count is not None:
            return ngettext(self.message, self.plural, self.count, **self.values)
        return gettext(self.message, **self.values)

    def __html__(self) -> Markup:
        return escape(str(self))

    def __repr__(self) -> str:
        return f"Words({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, str | Words) else NotImplemented

    def __hash__(self) -> int:
        return hash((self.message, self.plural, self.count, tuple(sorted(self.values.items()))))

    def __bool__(self) -> bool:
        return bool(self.message)

    def __len__(self) -> int:
        return len(str(self))


def stored(words: Words) -> dict[str, Any]:
    """A sentence as JSON, to be stored now and shown later in any language."""
    return {"message": words.message, "values": {k: _stored(v) for k, v in words.values.items()}}


def _stored(value: object) -> object:
    if isinstance(value, Words):
        return {"words": stored(value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def restored(data: dict[str, Any]) -> Words:
    """The sentence `stored` kept (ValueError when the JSON is not one)."""
    if not isinstance(data, dict) or not isinstance(data.get("message"), str):
        raise ValueError(f"not a stored sentence: {data!r}")
    return Words(data["message"], **{k: _restored(v) for k, v in data.get("values", {}).items()})


def _restored(value: object) -> object:
    if isinstance(value, dict) and "words" in value:
        return restored(value["words"])
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    return value


def shown(value: date | float | int) -> Words:
    """A date or number, written the way the reader's language writes it when shown."""
    return Words("%(value)s", value=value)


def lazy(message: str, **values: object) -> Words:
    """`message` to be translated when shown (mark it for extraction with this name)."""
    return Words(message, **values)


def lazy_plural(singular: str, plural: str, count: int, **values: object) -> Words:
    """A singular or plural sentence for `count` (%(num)s), translated when shown."""
    words = Words(singular, **values)
    words.plural, words.count = plural, count
    return words


# Text a template shows: plain words from the data, or a sentence translated when shown.
Text = str | Words
