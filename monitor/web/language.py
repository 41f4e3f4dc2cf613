"""The visitor's language: `?lang=` (remembered in a cookie), else the cookie, else the browser.

Flask-Babel supplies `_()` and `ngettext()` to templates from the catalogs in
`monitor.translations`; the `day`, `num` and `pct` filters format per language; `tr` and `words` translate words
that come from the data (see monitor.web.label_words).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from flask import Blueprint, Flask, Response, current_app, request
from flask_babel import Babel, get_locale, gettext

from monitor import i18n
from monitor.labels import release_name
from monitor.queries.common import label
from monitor.resources import translations_dir

bp = Blueprint("language", __name__)
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _asked() -> str | None:
    """The language named in the query string, if it is one we speak."""
    wanted = request.args.get(COOKIE, "")
    return wanted if wanted in i18n.LANGUAGES else None


def select_language() -> str:
    """Flask-Babel's locale selector: parameter, then cookie, then Accept-Language."""
    chosen = _asked() or request.cookies.get(COOKIE, "")
    if chosen in i18n.LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(i18n.LANGUAGES)) or i18n.DEFAULT_LANGUAGE


def current_language() -> str:
    """The language this request is answered in ("en" outside a request)."""
    return i18n.normalize(str(get_locale() or i18n.DEFAULT_LANGUAGE))


def remember_choice(response: Response) -> Response:
    """Keep a `?lang=` choice in a cookie; pages vary by language, so say so to caches."""
    asked = _asked()
    if asked and request.cookies.get(COOKIE) != asked:
        settings = current_app.extensions.get("monitor.settings")
        response.set_cookie(
            COOKIE,
            asked,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=bool(settings and settings.is_production),
        )
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def _day(value: date | datetime | None) -> str:
    return i18n.day(value, current_language())


def _num(value: float | int | None) -> str:
    return i18n.number(value, current_language())


def _pct(value: float | None) -> str:
    return i18n.percent(value, current_language())


def _tr(value: str | None) -> str:
    """A word from the data (a kind, a category label) in the visitor's language."""
    return gettext(value) if value else ""


def _words(value: str | None) -> str:
    """A stored code in words (non_concur -> non-concur), in the visitor's language."""
    return _tr(label(value))


def _release(value: str | None) -> i18n.Text:
    """A statistics release's label in the visitor's language."""
    return release_name(value) if value else ""


def _tr_options(options: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(value, label) pairs for a <select>, labels translated."""
    return [(value, _tr(text)) for value, text in options]


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and the formatting filters (`iso` and `pct` now follow the language)."""
    Babel(
        app,
        locale_selector=select_language,
        default_translation_directories=str(translations_dir()),
    )
    app.jinja_env.globals.update(current_language=current_language, LANGUAGES=i18n.LANGUAGES)
    app.jinja_env.filters.update(
        day=_day,
        iso=_day,
        num=_num,
        pct=_pct,
        tr=_tr,
        words=_words,
        tr_options=_tr_options,
        release=_release,
    )
    app.before_request(_write_in_visitors_language)
    app.teardown_request(_back_to_default)
    app.after_request(remember_choice)


def _write_in_visitors_language() -> None:
    """Labels and text built in Python follow the page's language (see monitor.i18n)."""
    i18n.write_in(current_language())


def _back_to_default(_error: BaseException | None) -> None:
    i18n.write_in(None)
