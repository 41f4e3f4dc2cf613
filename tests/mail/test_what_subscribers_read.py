"""Mail as a subscriber reads it, delivered through a real SMTP server (aiosmtpd).

Confirmation sent at once, the welcome digest of what is active now, mail about a new
document, all with words instead of codes, a quote with its page, and working links.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from email.message import EmailMessage

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from monitor import i18n
from monitor.db import get_engine, get_settings, session_scope
from monitor.mail.notify import queue_news
from monitor.mail.sender import send_pending
from monitor.models import (
    Alert,
    Document,
    DocumentFacility,
    Finding,
    OutboxMessage,
    Recommendation,
    RecommendationStatusEvent,
    ReviewItem,
    Source,
    Subscription,
    utcnow,
)
from tests.mail.conftest import SmtpServer, free_port, subscriber
from tests.web.conftest import built  # noqa: F401  (the Torrance story)

pytestmark = pytest.mark.usefixtures("built")
SLUG = "torrance-county-detention-facility"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
CONFIRM = re.compile(r"https://monitor\.test(/subscribe/confirm/[\w.\-]+)")


def _subscribe(client: FlaskClient, email: str, lang: str = "en") -> None:
    form = client.get(f"/subscribe?lang={lang}").text
    answer = client.post(
        "/subscribe",
        data={
            "csrf_token": TOKEN.search(form).group(1),  # type: ignore[union-attr]
            "email": email,
            "scope": "facility",
            "target_facility": SLUG,
            "frequency": "immediate",
        },
    )
    assert answer.status_code == 200


def _confirm(client: FlaskClient, message: EmailMessage) -> str:
    path = CONFIRM.search(_text(message)).group(1)  # type: ignore[union-attr]
    token = TOKEN.search(client.get(path).text).group(1)  # type: ignore[union-attr]
    return client.post(path, data={"csrf_token": token}).text


def _text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def _html(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()  # type: ignore[union-attr]


def _outbox(app: Flask) -> list[tuple[str, str]]:
    with Session(get_engine(app)) as s:
        return [(m.kind, m.status) for m in s.exec(select(OutboxMessage).order_by("id")).all()]


def _open_age_alert(app: Flask) -> None:
    """OIG-22-31's relocation recommendation, open for years (as the rules would raise it)."""
    with session_scope(app) as s:
        rec = s.exec(select(Recommendation).where(Recommendation.number == 1)).first()
        assert rec is not None
        s.add(
            Alert(
                rule="OPEN_AGE",
                dedup_key="open-age-1",
                facility_id=rec.facility_id,
                recommendation_id=rec.id,
                document_id=rec.document_id,
                subject="OIG-22-31 #1: open 730+ days",
                severity="high",
                since=date(2024, 3, 16),
            )
        )


def test_confirmation_is_sent_at_once(app: Flask, client: FlaskClient, smtp: SmtpServer) -> None:
    get_settings(app).smtp_url = smtp.url
    _subscribe(client, "advocate@example.org")
    [mail] = smtp.collector.messages  # no scheduler ran: the web process handed it over
    assert mail["Subject"] == "Confirm your subscription"
    assert "news and alerts for Torrance County Detention Facility (as it happens)" in _text(mail)
    assert _outbox(app) == [("confirm", "sent")]


def test_confirmation_waits_in_the_outbox_when_the_server_is_down(
    app: Flask, client: FlaskClient
) -> None:
    settings = get_settings(app)
    settings.smtp_url = f"smtp://127.0.0.1:{free_port()}"  # nothing listens there
    _subscribe(client, "advocate@example.org")
    assert _outbox(app) == [("confirm", "pending")]
    server = SmtpServer(port=int(settings.smtp_url.rsplit(":", 1)[1])).start()
    try:
        with session_scope(app) as s:  # the scheduler's sender, once the backoff has passed
            s.exec(select(OutboxMessage)).one().next_attempt_at = utcnow() - timedelta(seconds=1)
        assert send_pending(engine=get_engine(app), settings=settings).sent == 1
        assert server.collector.messages[0]["Subject"] == "Confirm your subscription"
    finally:
        server.stop()


def test_welcome_digest_tells_what_is_active_now(
    app: Flask, client: FlaskClient, smtp: SmtpServer
) -> None:
    get_settings(app).smtp_url = smtp.url
    _open_age_alert(app)
    _subscribe(client, "advocate@example.org")
    page = _confirm(client, smtp.collector.messages[0])
    assert "Torrance County Detention Facility" in page
    welcome = smtp.collector.messages[1]
    assert welcome["Subject"] == "Active now: 2 alerts for what you follow"
    assert welcome["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert welcome["List-Unsubscribe"].startswith("<https://monitor.test/subscribe/unsubscribe/")
    text = _text(welcome)
    days = f"{(date.today() - date(2022, 3, 16)).days:,}"
    assert f"Torrance County: ICE has not acted on OIG recommendation 1 for {days} days" in text
    assert "OIG closes a recommendation only when ICE shows it has carried it out" in text
    assert "(page 2)" in text and "relocate" in text.lower()  # the quote, with its page
    assert "https://monitor.test/documents/" in text and "/pages/2" in text
    assert f"https://monitor.test/facilities/{SLUG}" in text
    assert "OPEN_AGE" not in text and "NON_CONCUR_OPEN" not in text
    assert text.index("ICE did not concur with relocating") < text.index("has not acted")
    assert "Read it on page 2 of the document" in _html(welcome)
    assert [kind for kind, _ in _outbox(app)] == ["confirm", "welcome"]


def _age_the_story(app: Flask) -> None:
    """The builder's records arrived long ago, so only the new document is news."""
    long_ago = utcnow() - timedelta(days=30)
    with session_scope(app) as s:
        for doc in s.exec(select(Document)).all():
            doc.created_at = long_ago
        for event in s.exec(select(RecommendationStatusEvent)).all():
            event.recorded_at = long_ago


def _new_document(app: Flask) -> None:
    _age_the_story(app)
    with session_scope(app) as s:
        source = s.exec(select(Source)).first()
        facility_id = s.exec(select(DocumentFacility)).first().facility_id  # type: ignore[union-attr]
        doc = Document(
            source_id=source.id,  # type: ignore[union-attr]
            external_id="ODO-2024-10",
            kind="inspection_report",
            title="Compliance Inspection, Torrance County Detention Facility",
            publisher="ICE Office of Detention Oversight",
            published_date=date(2024, 12, 2),
        )
        s.add(doc)
        s.flush()
        s.add(DocumentFacility(document_id=doc.id, facility_id=facility_id))
        s.add(
            Finding(
                document_id=doc.id,
                facility_id=facility_id,
                category="MEDICAL_CARE",
                result="deficient",
                raw_label="Sick call requests",
                page=7,
                quote="Staff did not triage sick call requests within 24 hours.",
            )
        )


def test_new_document_mail(app: Flask, smtp: SmtpServer) -> None:
    settings = get_settings(app)
    settings.smtp_url = smtp.url
    with session_scope(app) as s:
        person = subscriber(s, "watcher@example.org")
        s.add(Subscription(subscriber_id=person.id, scope="facility", target=SLUG, confirmed=True))
    _new_document(app)
    with session_scope(app) as s:
        queued = queue_news(session=s, settings=settings)
    assert queued == 1
    with session_scope(app) as s:
        assert queue_news(session=s, settings=settings) == 0  # never twice
    send_pending(engine=get_engine(app), settings=settings)
    [mail] = [m for m in smtp.collector.messages if "Compliance Inspection" in m["Subject"]]
    assert mail["Subject"] == (
        "Torrance County: new document, Compliance Inspection, Torrance County Detention Facility"
    )
    text = _text(mail)
    assert "Published 2024-12-02 by ICE Office of Detention Oversight." in text
    assert "It records 1 findings and 0 recommendations." in text
    assert "“Staff did not triage sick call requests within 24 hours.” (page 7)" in text
    assert re.search(r"https://monitor\.test/documents/\d+/pages/7", text)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("lang", ["es"])
def test_spanish_subscriber_reads_spanish(
    app: Flask, client: FlaskClient, smtp: SmtpServer, lang: str
) -> None:
    get_settings(app).smtp_url = smtp.url
    _open_age_alert(app)
    _subscribe(client, "defensora@example.org", lang=lang)
    confirm = smtp.collector.messages[0]
    assert confirm["Subject"] == "Confirme su suscripción"
    assert "a medida que ocurran" in _text(confirm)
    _confirm(client, confirm)
    welcome = smtp.collector.messages[1]
    text = _text(welcome)
    days = i18n.number((date.today() - date(2022, 3, 16)).days, "es")  # "1.724"
    assert (
        f"Torrance County: ICE no ha actuado sobre la recomendación 1 de la OIG en {days} días"
        in text
    )
    assert "Relocate all detainees" in text or "relocate" in text.lower()  # quotes stay in English
    assert '<html lang="es">' in _html(welcome)


def test_status_change_mail(app: Flask, smtp: SmtpServer) -> None:
    settings = get_settings(app)
    settings.smtp_url = smtp.url
    _age_the_story(app)
    with session_scope(app) as s:
        person = subscriber(s, "watcher@example.org")
        s.add(Subscription(subscriber_id=person.id, scope="facility", target=SLUG, confirmed=True))
        rec = s.exec(select(Recommendation).where(Recommendation.number == 1)).first()
        s.add(
            RecommendationStatusEvent(
                recommendation_id=rec.id,  # type: ignore[union-attr]
                document_id=rec.document_id,  # type: ignore[union-attr]
                observed_date=date(2024, 9, 30),
                concurrence="non_concur",
                resolution="unresolved",
                implementation="closed",
                page=4,
                quote="OIG considers this recommendation closed and unresolved.",
            )
        )
    with session_scope(app) as s:
        assert queue_news(session=s, settings=settings) == 1
    send_pending(engine=get_engine(app), settings=settings)
    [mail] = smtp.collector.messages
    assert mail["Subject"] == (
        "Torrance County: OIG recommendation 1 is now closed without agreement"
    )
    text = _text(mail)
    assert "Status as of 2024-09-30. ICE did not concur with it." in text
    assert "“OIG considers this recommendation closed and unresolved.” (page 4)" in text


def test_daily_digest_carries_news(app: Flask, smtp: SmtpServer) -> None:
    from monitor.mail.digests import queue_digests

    settings = get_settings(app)
    settings.smtp_url = smtp.url
    with session_scope(app) as s:
        person = subscriber(s, "daily@example.org")
        s.add(
            Subscription(
                subscriber_id=person.id,
                scope="state",
                target="NM",
                frequency="daily",
                confirmed=True,
            )
        )
    _new_document(app)
    with session_scope(app) as s:
        assert queue_news(session=s, settings=settings) == 0  # not an immediate subscriber
        assert queue_digests(session=s, settings=settings, frequency="daily") == 1
    send_pending(engine=get_engine(app), settings=settings)
    [mail] = smtp.collector.messages
    assert mail["Subject"].startswith("Torrance County: new document, Compliance Inspection")
    assert "Your daily digest for" in _text(mail)


def test_ngo_finding_is_news_once_a_reviewer_accepts_it(app: Flask, smtp: SmtpServer) -> None:
    settings = get_settings(app)
    settings.smtp_url = smtp.url
    _age_the_story(app)
    with session_scope(app) as s:
        person = subscriber(s, "watcher@example.org")
        s.add(Subscription(subscriber_id=person.id, scope="facility", target=SLUG, confirmed=True))
        facility_id = s.exec(select(DocumentFacility)).first().facility_id  # type: ignore[union-attr]
        doc = Document(
            source_id=s.exec(select(Source)).first().id,  # type: ignore[union-attr]
            external_id="ngo-2024",
            kind="ngo_report",
            title="Conditions at Torrance, 2024",
            publisher="An advocacy group",
            published_date=date(2024, 5, 1),
            review_status="pending",
            created_at=utcnow() - timedelta(days=20),  # held for review for weeks
        )
        s.add(doc)
        s.flush()
        finding = Finding(
            document_id=doc.id,
            facility_id=facility_id,
            category="MEDICAL_CARE",
            result="allegation",
            raw_label="Delayed care",
            page=3,
            quote="People waited days to see a nurse.",
            review_status="pending",
        )
        s.add(finding)
        s.flush()
        item = ReviewItem(
            kind="ngo_allegation", reason="NGO", subject_table="finding", subject_id=finding.id
        )
        s.add(item)
    with session_scope(app) as s:
        assert queue_news(session=s, settings=settings) == 0  # held: not public, not news
        item = s.exec(select(ReviewItem)).one()
        item.status, item.decided_at = "accepted", utcnow()
        s.get(Finding, item.subject_id).review_status = "accepted"  # type: ignore[union-attr]
        s.exec(
            select(Document).where(Document.external_id == "ngo-2024")
        ).one().review_status = "accepted"
    with session_scope(app) as s:
        assert queue_news(session=s, settings=settings) == 1
    send_pending(engine=get_engine(app), settings=settings)
    [mail] = smtp.collector.messages
    assert mail["Subject"] == "Torrance County: new document, Conditions at Torrance, 2024"
    assert "“People waited days to see a nurse.” (page 3)" in _text(mail)
