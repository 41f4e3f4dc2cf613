"""Text built in Python (timeline titles, chart captions, the glance, alert subjects, rule names,
mail subjects and summaries) reaches Spanish readers in Spanish.

The English phrases are read from the code itself, the way `make translations` reads them, so a
new English sentence in one of these builders that skips the catalog fails here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from monitor import labels
from monitor.db import get_settings, session_scope
from monitor.demo import load_demo
from monitor.models import OutboxMessage, Subscriber, Subscription
from monitor.subscribers.welcome import queue_welcome

ROOT = Path(__file__).resolve().parents[2]
SLUG = "torrance-county-detention-facility"
# The modules that build page and mail text in Python.
BUILDERS = [
    "monitor/queries/timeline_items.py",
    "monitor/queries/timeline_stats.py",
    "monitor/charts.py",
    "monitor/facilities/map_svg.py",
    "monitor/facilities/national.py",
    "monitor/alerts/rules_recommendations.py",
    "monitor/alerts/rules_facilities.py",
    "monitor/alerts/rules_staffing.py",
    "monitor/mail/wording.py",
    "monitor/mail/stories.py",
]
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy": None, "lazy_plural": (1, 2)}
# Label kinds a page or a mail shows in words (labels.toml, translated through the catalog).
SHOWN_KINDS = ("rule", "severity", "timeline_kind", "role_group", "facility_type")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")
# Elements that hold the documents' own words, which stay in their language on purpose.
QUOTED = re.compile(
    r"<(blockquote|h1|h4|title|script|style)\b.*?</\1>|<p class=\"cite\">.*?</p>|<option\b.*?</option>",
    re.S,
)


def _english_messages() -> set[str]:
    found: set[str] = set()
    for name in BUILDERS:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(ROOT / name), keywords=KEYWORDS
        ):
            found.update([message] if isinstance(message, str) else message)
    for kind in SHOWN_KINDS:
        found.update(t.label for t in labels.terms(kind).values())
        found.update(t.explain for t in labels.terms(kind).values())
    return found


def english_phrases() -> set[str]:
    """Runs of three or more words from the builders' messages (shorter runs could be Spanish
    too, or a name), and every label of two or more words."""
    phrases: set[str] = set()
    for message in _english_messages():
        for part in PLACEHOLDER.split(message):
            words = part.strip(" .,;:()").split()
            if len(words) >= 3 or (len(words) == 2 and not PLACEHOLDER.search(message)):
                phrases.add(" ".join(words))
    return phrases


def visible_text(page: str) -> str:
    """What a reader sees, without the documents' own words (quotes, titles, citations)."""
    text = re.sub(r"<[^>]+>", " ", QUOTED.sub(" ", page))
    return " ".join(html.unescape(text).split())


def test_the_phrase_list_comes_from_the_code() -> None:
    phrases = english_phrases()
    assert {"of required positions filled", "Past its target date", "Death in custody"} <= phrases
    assert "ICE has not acted on OIG recommendation" in phrases  # a mail subject
    assert len(phrases) > 150


@pytest.fixture
def demo(app: Flask) -> Flask:
    with app.app_context(), session_scope(app) as session:
        load_demo(session, get_settings(app))
    return app


def _english_left(text: str) -> list[str]:
    """English phrases found as whole words ('mental health' is not in 'Environmental health')."""
    return sorted(p for p in english_phrases() if re.search(rf"\b{re.escape(p)}\b", text))


@pytest.mark.parametrize(
    "path", [f"/facilities/{SLUG}", "/national", "/alerts", f"/facilities/{SLUG}?kind=alert"]
)
def test_spanish_pages_carry_no_english_from_python(demo: Flask, path: str) -> None:
    client: FlaskClient = demo.test_client()
    sep = "&" if "?" in path else "?"
    english = client.get(path).get_data(as_text=True)
    spanish = client.get(f"{path}{sep}lang=es").get_data(as_text=True)
    assert _english_left(visible_text(english)), "the English page should show these phrases"
    assert _english_left(visible_text(spanish)) == []


def test_spanish_facility_page_in_spanish_words(demo: Flask) -> None:
    page = demo.test_client().get(f"/facilities/{SLUG}?lang=es").get_data(as_text=True)
    text = visible_text(page)
    assert "murió el 15 ago 2022" in text  # the date the review states, written in Spanish
    assert "Pasada su fecha objetivo" in text and "pasó la fecha objetivo del 31 dic 2022" in text
    assert "Personal: porcentaje de puestos requeridos cubiertos" in page  # chart title
    assert "ICE garantiza el pago de 505 camas" in text


def test_spanish_welcome_mail_carries_no_english_from_python(demo: Flask) -> None:
    with demo.app_context(), session_scope(demo) as session:
        person = Subscriber(email="defensora@example.org", email_hash="hash-es", language="es")
        session.add(person)
        session.flush()
        sub = Subscription(
            subscriber_id=person.id or 0, scope="facility", target=SLUG, confirmed=True
        )
        session.add(sub)
        session.flush()
        settings = get_settings(demo)
        queue_welcome(session=session, settings=settings, subscriber=person, sub=sub, what=SLUG)
        mail = session.exec(select(OutboxMessage)).one()
        subject, text, body = mail.subject, mail.body_text, mail.body_html
    assert subject.startswith("Activas ahora")
    assert "Torrance County: ICE no ha actuado sobre la recomendación" in text
    assert _english_left(" ".join([subject, visible_text(body)])) == []


def test_the_api_stays_english_for_a_spanish_visitor(demo: Flask) -> None:
    client = demo.test_client()
    client.get("/?lang=es")  # the language cookie is set
    items = client.get(f"/api/facilities/{SLUG}/timeline?kind=death").get_json()["items"]
    assert items[0]["title"] == "Death in custody: Kesley Vial"
    page = client.get(f"/facilities/{SLUG}?kind=death").get_data(as_text=True)
    assert "Muerte bajo custodia: Kesley Vial" in page
