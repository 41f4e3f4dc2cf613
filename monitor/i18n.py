"""Languages of the site and its mail: catalogs, the visitor's choice, dates and numbers.

Independent of Flask so the scheduler's mail renders in a subscriber's language too; the web
side (`monitor.web.language`) plugs the same catalogs into Flask-Babel.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

from monitor.resources import translations_dir

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
# English keeps ISO dates (the project's unambiguous default); Spanish readers get "16 mar 2022".
DATE_PATTERNS = {"en": "yyyy-MM-dd", "es": "d MMM y"}


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


def day(value: date | datetime | None, language: str) -> str:
    """A calendar date written for readers of `language`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    lang = normalize(language)
    return format_date(value, DATE_PATTERNS[lang], locale=lang)


def number(value: float | int | None, language: str) -> str:
    """A count or measure with the language's digit grouping and decimal mark."""
    return "" if value is None else format_decimal(value, locale=normalize(language))


def percent(value: float | None, language: str) -> str:
    """A percentage given on the 0-100 scale, rounded to a whole number."""
    if value is None:
        return ""
    return format_percent(value / 100, "#,##0%", locale=normalize(language))
