"""The audit chain: verification, tamper detection, database guards, concurrent appends."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from monitor.accounts import audit
from monitor.db import get_engine, session_scope
from monitor.models import AuditLog


def _append(app: Flask, n: int, **kwargs: object) -> None:
    with app.app_context():
        for i in range(n):
            with session_scope(app) as db:
                audit.record(session=db, action="test", target_id=i, details={"i": i}, **kwargs)


def _verify(app: Flask) -> audit.VerifyResult:
    with app.app_context(), session_scope(app) as db:
        return audit.verify(session=db)


def _tamper(app: Flask, sql: str) -> None:
    """Change the log as an attacker with the database owner's rights would."""
    engine = get_engine(app)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
            conn.execute(text(sql))
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
            conn.execute(text(sql))


def test_an_intact_chain_verifies(db_app: Flask) -> None:
    _append(db_app, 5, subject_email="Someone@Example.org ")
    result = _verify(db_app)
    assert result.ok and result.checked == 5
    with db_app.app_context(), session_scope(db_app) as db:
        rows = db.exec(select(AuditLog).order_by(AuditLog.id)).all()
        expected = audit.subject_hash("someone@example.org")
    assert rows[0].prev_hash == audit.GENESIS
    assert all(r.prev_hash == p.entry_hash for p, r in zip(rows, rows[1:], strict=False))
    # The address is never stored, only its keyed hash.
    assert {r.subject_hash for r in rows} == {expected}


def test_verify_detects_an_edited_row(db_app: Flask) -> None:
    _append(db_app, 4)
    _tamper(db_app, "UPDATE audit_log SET purpose = 'nothing to see' WHERE id = 2")
    result = _verify(db_app)
    assert not result.ok and result.first_bad_id == 2 and "edited" in (result.problem or "")


def test_verify_detects_a_deleted_row(db_app: Flask) -> None:
    _append(db_app, 4)
    _tamper(db_app, "DELETE FROM audit_log WHERE id = 2")
    result = _verify(db_app)
    assert not result.ok and result.first_bad_id == 3 and "deleted" in (result.problem or "")


def test_verify_detects_an_inserted_row(db_app: Flask) -> None:
    _append(db_app, 3)
    with db_app.app_context(), session_scope(db_app) as db:
        second = db.get(AuditLog, 2)
        assert second is not None
        forged = AuditLog(
            action="login", prev_hash=second.prev_hash, entry_hash="f" * 64, at=second.at
        )
        db.add(forged)
    result = _verify(db_app)
    assert not result.ok and result.first_bad_id in (2, 4)


def test_the_database_refuses_update_and_delete(db_app: Flask) -> None:
    _append(db_app, 2)
    engine = get_engine(db_app)
    for sql in ("UPDATE audit_log SET action = 'x' WHERE id = 1", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))
    assert _verify(db_app).checked == 2


def test_concurrent_appends_keep_one_chain(db_app: Flask) -> None:
    threads = [threading.Thread(target=_append, args=(db_app, 10)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = _verify(db_app)
    assert result.ok and result.checked == 40


def test_an_anchor_reveals_entries_cut_from_the_end(db_app: Flask) -> None:
    _append(db_app, 3)
    anchor = _verify(db_app).head_hash
    _append(db_app, 1)
    with db_app.app_context(), session_scope(db_app) as db:
        assert audit.verify(session=db, anchor=anchor).ok
    _tamper(db_app, "DELETE FROM audit_log WHERE id >= 3")
    with db_app.app_context(), session_scope(db_app) as db:
        plain, anchored = audit.verify(session=db), audit.verify(session=db, anchor=anchor)
    assert plain.ok and plain.checked == 2  # a cut at the end is invisible without an anchor
    assert not anchored.ok and "removed from the end" in (anchored.problem or "")
