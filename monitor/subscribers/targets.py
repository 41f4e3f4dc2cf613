"""What a subscription can cover: scopes, targets and their descriptions, form validation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

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


def normalize_email(raw: str) -> str:
    """A lower-cased, trimmed address, or SubscriptionInvalid."""
    email = (raw or "").strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise SubscriptionInvalid("Enter a valid email address.")
    return email


def describe(*, session: Session, scope: str, target: str) -> str:
    """What a subscription covers, in words; raises SubscriptionInvalid for unknown targets."""
    if scope == "all":
        return "every alert"
    if scope == "facility":
        facility = session.exec(select(Facility).where(col(Facility.slug) == target)).first()
        if facility is None:
            raise SubscriptionInvalid("Choose a facility from the list.")
        return f"alerts for {facility.name}"
    if scope == "recommendation":
        rec = session.get(Recommendation, int(target)) if target.isdigit() else None
        if rec is None:
            raise SubscriptionInvalid("That recommendation does not exist.")
        return f"alerts on recommendation {rec.number} (document {rec.document_id})"
    if scope == "state" and re.fullmatch(r"[A-Z]{2}", target):
        return f"alerts for facilities in {target}"
    if scope == "aor" and target in AOR_CODES:
        return f"alerts for the {target} field office"
    raise SubscriptionInvalid("Choose what to subscribe to.")


def validate(*, session: Session, email: str, scope: str, target: str, frequency: str) -> Request:
    """Check a form submission; the returned request is safe to act on."""
    if scope not in SCOPES:
        raise SubscriptionInvalid("Choose what to subscribe to.")
    if frequency not in FREQUENCIES:
        raise SubscriptionInvalid("Choose how often to receive alerts.")
    target = "" if scope == "all" else target.strip()
    target = target.upper() if scope in ("state", "aor") else target
    describe(session=session, scope=scope, target=target)
    return Request(normalize_email(email), scope, target, frequency)


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
