"""Demo part: evaluate the alert rules over the demo facts, so pages and feeds show alerts.

It must run after every part that loads facts (it is last in DEMO_PARTS). Evaluating is
idempotent, so re-running the demo changes nothing. No subscribers exist in the demo, so no
mail is queued.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from monitor.alerts.service import evaluate_and_notify
from monitor.config import Settings


def load(session: Session, settings: Settings) -> None:
    """Store the alerts that hold today over the demo data."""
    evaluate_and_notify(session=session, settings=settings, as_of=date.today())
