"""Private note text is sealed in the database row; keys rotate without losing a note."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text

from monitor.accounts.private_notes import add_note, notes_for, reseal_notes
from monitor.accounts.sealing import SealedUnreadable, unseal
from monitor.accounts.users import create_user
from monitor.db import get_settings, session_scope
from tests.security.conftest import PASSWORD, login

SECRET_TEXT = "Client reports no insulin for 3 days (privileged)"
OLD_KEY = "o" * 16 + "ld-key-0123456789abcdef"
NEW_KEY = "n" * 16 + "ew-key-0123456789abcdef"


def _raw_bodies(app: Flask) -> list[str]:
    with app.app_context(), session_scope(app) as db:
        return [row[0] for row in db.execute(text("SELECT body FROM private_note"))]


def _setup(app: Flask) -> tuple[int, int]:
    from monitor.models import Facility

    with app.app_context(), session_scope(app) as db:
        user = create_user(
            session=db, email="lawyer@example.org", password=PASSWORD, role="advocate"
        )
        place = Facility(slug="torrance", name="Torrance County Detention Facility", state="NM")
        db.add(place)
        db.flush()
        return user.id or 0, place.id or 0


def _notes(app: Flask, user_id: int) -> list[str]:
    from monitor.models import UserAccount

    with app.app_context(), session_scope(app) as db:
        user = db.get(UserAccount, user_id)
        assert user is not None
        return [n.body for n in notes_for(session=db, settings=get_settings(app), user=user)]


def test_the_raw_row_holds_no_plaintext(db_app: Flask) -> None:
    from monitor.models import Facility

    with db_app.app_context(), session_scope(db_app) as db:
        create_user(session=db, email="adv@example.org", password=PASSWORD, role="advocate")
    client = db_app.test_client()
    assert login(client, "adv@example.org").status_code == 302

    with db_app.app_context(), session_scope(db_app) as db:
        place = Facility(slug="torrance", name="Torrance County Detention Facility", state="NM")
        db.add(place)
        db.flush()
        facility_id = place.id
    from tests.security.conftest import csrf_from

    token = csrf_from(client, f"/private/facilities/{facility_id}")
    client.post(
        f"/private/facilities/{facility_id}/notes", data={"csrf_token": token, "body": SECRET_TEXT}
    )
    [raw] = _raw_bodies(db_app)
    assert "insulin" not in raw and raw.startswith("sealed:v1:")
    page = client.get(f"/private/facilities/{facility_id}").get_data(as_text=True)
    assert "Client reports no insulin for 3 days (privileged)" in page


def test_keys_rotate_without_losing_a_note(app: Flask) -> None:
    settings = get_settings(app)
    settings.data_keys = (OLD_KEY,)
    user_id, facility_id = _setup(app)
    with app.app_context(), session_scope(app) as db:
        from monitor.models import UserAccount

        user = db.get(UserAccount, user_id)
        assert user is not None
        add_note(
            session=db, settings=settings, user=user, facility_id=facility_id, body=SECRET_TEXT
        )
    settings.data_keys = (NEW_KEY, OLD_KEY)  # the new key in front; the old one still opens
    assert _notes(app, user_id) == [SECRET_TEXT]
    with app.app_context(), session_scope(app) as db:
        assert reseal_notes(session=db, settings=settings) == 1
    settings.data_keys = (NEW_KEY,)  # the old key dropped
    assert _notes(app, user_id) == [SECRET_TEXT]
    [raw] = _raw_bodies(app)
    settings.data_keys = (OLD_KEY,)
    try:
        unseal(settings, raw)
    except SealedUnreadable as exc:
        assert "not configured" in str(exc)
    else:
        raise AssertionError("the old key alone must no longer open the note")
