"""What a subscription can cover: scopes, targets and their descriptions, form validation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from sqlmodel import Session, col, select

from monitor.i18n import N_, normalize
from monitor.mail.render import translate
from monitor.models import Facility, Recommendation

SCOPES = ("facility", "recommendation", "state", "aor", "all")
FREQUENCIES = ("immediate", "daily", "weekly")
AOR_CODES = [
    "ATL",
    "BAL",
    "BOS",
    "BUF",
    "CHI",
    "DAL",
    "DEN",
    "DET",
    "ELP",
    "HLG",
    "HOU",
    "LOS",
    "MIA",
    "NEW",
    "NOL",
    "NYC",
    "PHI",
    "PHO",
    "SEA",
    "SFR",
    "SLC",
    "SNA",
    "SND",
    "SPM",
    "MSP",
    "WAS",
]
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


class SubscriptionInvalid(ValueError):
    """The form asked for something that cannot be subscribed to (the message says what)."""


@dataclass(frozen=True)
class Request:
    email: str
    scope: str
    target: str
    frequency: str
    language: str = "en"


def normalize_email(raw: str) -> str:
    """A lower-cased, trimmed address, or SubscriptionInvalid."""
    email = (raw or "").strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise SubscriptionInvalid(N_("Enter a valid email address."))
    return email


def describe(*, session: Session, scope: str, target: str, language: str = "en") -> str:
    """What a subscription covers, in words; raises SubscriptionInvalid for unknown targets."""
    say = partial(translate, language)
    if scope == "all":
        return say(N_("every alert"))
    if scope == "facility":
        facility = session.exec(select(Facility).where(col(Facility.slug) == target)).first()
        if facility is None:
            raise SubscriptionInvalid(say(N_("Choose a facility from the list.")))
        return say(N_("news and alerts for %(facility)s"), facility=facility.name)
    if scope == "recommendation":
        rec = session.get(Recommendation, int(target)) if target.isdigit() else None
        if rec is None:
            raise SubscriptionInvalid(say(N_("That recommendation does not exist.")))
        return say(
            N_("alerts on recommendation %(number)s (document %(document)s)"),
            number=rec.number,
            document=rec.document_id,
        )
    if scope == "state" and re.fullmatch(r"[A-Z]{2}", target):
        return say(N_("news and alerts for facilities in %(state)s"), state=target)
    if scope == "aor" and target in AOR_CODES:
        return say(N_("news and alerts for the %(aor)s field office"), aor=target)
    raise SubscriptionInvalid(say(N_("Choose what to subscribe to.")))


def validate(
    *,
    session: Session,
    email: str,
    scope: str,
    target: str,
    frequency: str,
    language: str = "en",
) -> Request:
    """Check a form submission; the returned request is safe to act on."""
    if scope not in SCOPES:
        raise SubscriptionInvalid(translate(language, N_("Choose what to subscribe to.")))
    if frequency not in FREQUENCIES:
        raise SubscriptionInvalid(translate(language, N_("Choose how often to receive alerts.")))
    target = "" if scope == "all" else target.strip()
    target = target.upper() if scope in ("state", "aor") else target
    describe(session=session, scope=scope, target=target, language=language)
    try:
        address = normalize_email(email)
    except SubscriptionInvalid as exc:
        raise SubscriptionInvalid(translate(language, str(exc))) from exc
    return Request(address, scope, target, frequency, normalize(language))


def facility_choices(*, session: Session) -> list[tuple[str, str]]:
    """(slug, name) of every facility, by name, for the form."""
    return [
        (s, n)
        for s, n in session.exec(
            select(col(Facility.slug), col(Facility.name)).order_by(col(Facility.name))
        ).all()
    ]


def state_choices(*, session: Session) -> list[str]:
    """States where the monitor knows facilities."""
    rows = session.exec(
        select(col(Facility.state)).where(col(Facility.state).is_not(None)).distinct()
    ).all()
    return sorted(s for s in rows if s)
