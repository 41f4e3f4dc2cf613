"""A reviewer accepting a doubtful statistics row folds it into the facility it resembles."""

from __future__ import annotations

import pytest
from sqlmodel import select

from monitor.db import session_scope
from monitor.facilities.registry import create_facility, queue_for_review, resolve_facility
from monitor.models import Facility, FacilityAlias, ReviewItem, UserAccount
from monitor.review.queue import ReviewError, accept, reject


def _doubtful_pair(session) -> ReviewItem:
    """As the workbook import does: resolve, find no confident match, keep the row apart."""
    known = create_facility(
        session=session, name="Northwest ICE Processing Center", city="Tacoma", state="WA"
    )
    name = "Northwest Detention Annex Processing (NWIPC)"
    match = resolve_facility(session=session, name=name, city="Tacoma", state="WA")
    assert match.facility_id is None
    new = create_facility(session=session, name=name, city="Tacoma", state="WA")
    item = queue_for_review(
        session=session,
        kind="facility_match",
        reason="resembles",
        payload={"name": name},
        match=match,
    )
    item.subject_table, item.subject_id = "facility", new.id
    item.candidate_facility_id = item.candidate_facility_id or known.id
    session.add(item)
    session.flush()
    return item


def _reviewer(session) -> UserAccount:
    user = UserAccount(email="r@example.org", password_hash="x", role="reviewer")
    session.add(user)
    session.flush()
    return user


def test_accept_merges_the_row_into_the_candidate(db_app) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        item = _doubtful_pair(session)
        accept(session=session, item=item, user=_reviewer(session), note="same campus")
    with session_scope(db_app) as session:
        names = [f.name for f in session.exec(select(Facility))]
        aliases = {a.alias for a in session.exec(select(FacilityAlias))}
        decided = session.exec(select(ReviewItem)).one()
    assert names == ["Northwest ICE Processing Center"]
    assert "Northwest Detention Annex Processing (NWIPC)" in aliases
    assert decided.status == "accepted"


def test_reject_keeps_them_apart(db_app) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        item = _doubtful_pair(session)
        reject(session=session, item=item, user=_reviewer(session), note="different site")
    with session_scope(db_app) as session:
        assert len(session.exec(select(Facility)).all()) == 2


def test_accept_without_a_candidate_is_refused(db_app) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        item = _doubtful_pair(session)
        item.candidate_facility_id = None
        with pytest.raises(ReviewError, match="choose the facility"):
            accept(session=session, item=item, user=_reviewer(session))
