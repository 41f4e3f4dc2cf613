"""Advocates' private notes and uploads on facilities: visible to their author only.

Uploads are stored encrypted under `<instance>/private_uploads` (monitor.accounts.private_store),
apart from the public capture store; note text is sealed in its row (monitor.accounts.sealing)
and readers get a `NoteView` holding the opened text, never the row. No
public page, feed, search index or API reads these tables. An admin may open someone else's
material only after stating a purpose; every view is written to the audit log by the views.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from monitor.accounts.private_store import write_private
from monitor.accounts.sealing import needs_reseal, seal, unseal
from monitor.config import Settings
from monitor.models import Facility, PrivateNote, PrivateUpload, UserAccount
from monitor.review.upload_type import content_type_of

MAX_NOTE_LENGTH = 20_000


class NotVisible(LookupError):
    """The object does not exist or the user may not see it (both look the same: 404)."""


class PurposeRequired(PermissionError):
    """An admin must state why before opening someone else's private material."""


class PrivateInputError(ValueError):
    """A note or upload was refused; the message says why."""


def facility_or_none(*, session: Session, facility_id: int) -> Facility | None:
    """The facility with this id, if any."""
    return session.get(Facility, facility_id)


@dataclass(frozen=True)
class NoteView:
    """A note with its text opened, detached from the database row."""

    id: int
    user_id: int
    facility_id: int
    body: str
    created_at: datetime


def _view(settings: Settings, note: PrivateNote) -> NoteView:
    return NoteView(
        note.id or 0, note.user_id, note.facility_id, unseal(settings, note.body), note.created_at
    )


def add_note(
    *, session: Session, settings: Settings, user: UserAccount, facility_id: int, body: str
) -> NoteView:
    """Save a note on a facility for its author (the text sealed in the row)."""
    text = body.strip()
    if not text:
        raise PrivateInputError("The note is empty.")
    if len(text) > MAX_NOTE_LENGTH:
        raise PrivateInputError(f"Notes are limited to {MAX_NOTE_LENGTH:,} characters.")
    note = PrivateNote(user_id=user.id or 0, facility_id=facility_id, body=seal(settings, text))
    session.add(note)
    session.flush()
    return _view(settings, note)


def reseal_notes(*, session: Session, settings: Settings) -> int:
    """Seal every note under the newest key (after a rotation, or plain text from before)."""
    count = 0
    for note in session.exec(select(PrivateNote)):
        if needs_reseal(settings, note.body):
            note.body = seal(settings, unseal(settings, note.body))
            session.add(note)
            count += 1
    session.flush()
    return count


def store_upload(
    *,
    session: Session,
    settings: Settings,
    user: UserAccount,
    facility_id: int,
    filename: str,
    content_type: str | None,
    content: bytes,
) -> PrivateUpload:
    """Store the bytes encrypted, apart from public captures, and record the upload."""
    if not content:
        raise PrivateInputError("The file is empty.")
    sha = hashlib.sha256(content).hexdigest()
    write_private(settings, sha, content)
    upload = PrivateUpload(
        user_id=user.id or 0,
        facility_id=facility_id,
        filename=(filename or "upload").strip()[:255],
        content_type=content_type_of(content),  # the bytes' type, not the browser's word
        sha256=sha,
        size=len(content),
    )
    session.add(upload)
    session.flush()
    return upload


def _check_access(owner_id: int, user: UserAccount, purpose: str | None) -> bool:
    """True when the user is not the owner (an admin access); raise when not allowed."""
    if owner_id == user.id:
        return False
    if user.role != "admin":
        raise NotVisible()
    if not (purpose or "").strip():
        raise PurposeRequired()
    return True


def open_note(
    *,
    session: Session,
    settings: Settings,
    note_id: int,
    user: UserAccount,
    purpose: str | None = None,
) -> tuple[NoteView, bool]:
    """The note and whether this is someone else's (admin with purpose); else NotVisible."""
    note = session.get(PrivateNote, note_id)
    if note is None:
        raise NotVisible()
    foreign = _check_access(note.user_id, user, purpose)
    return _view(settings, note), foreign


def open_upload(
    *, session: Session, upload_id: int, user: UserAccount, purpose: str | None = None
) -> tuple[PrivateUpload, bool]:
    """The upload and whether this is someone else's (admin with purpose); else NotVisible."""
    upload = session.get(PrivateUpload, upload_id)
    if upload is None:
        raise NotVisible()
    return upload, _check_access(upload.user_id, user, purpose)


def notes_for(
    *, session: Session, settings: Settings, user: UserAccount, facility_id: int | None = None
) -> list[NoteView]:
    """The user's own notes, newest first, optionally on one facility."""
    stmt = select(PrivateNote).where(PrivateNote.user_id == user.id)
    if facility_id is not None:
        stmt = stmt.where(PrivateNote.facility_id == facility_id)
    return [_view(settings, n) for n in session.exec(stmt.order_by(col(PrivateNote.id).desc()))]


def uploads_for(
    *, session: Session, user: UserAccount, facility_id: int | None = None
) -> list[PrivateUpload]:
    """The user's own uploads, newest first, optionally on one facility."""
    stmt = select(PrivateUpload).where(PrivateUpload.user_id == user.id)
    if facility_id is not None:
        stmt = stmt.where(PrivateUpload.facility_id == facility_id)
    return list(session.exec(stmt.order_by(col(PrivateUpload.id).desc())))


def delete_note(*, session: Session, note_id: int, user: UserAccount) -> None:
    """Delete one of the user's own notes (others' look absent)."""
    note = session.get(PrivateNote, note_id)
    if note is None or note.user_id != user.id:
        raise NotVisible()
    session.delete(note)
    session.flush()
