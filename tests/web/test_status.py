"""The database's status computation agrees with the Python fold, on every backend."""

from __future__ import annotations

from datetime import date

from flask import Flask

from monitor.db import session_scope
from monitor.models import Recommendation, RecommendationStatusEvent
from monitor.queries.common import StatusEvent, fold_status
from monitor.queries.recommendations import load_recommendations
from monitor.queries.status_sql import current_statuses
from tests.web.builder import Built

TWISTY = [  # closed, reopened, closed again; the target date slips twice; axes arrive apart
    (date(2020, 1, 1), "concur", None, "open", date(2020, 6, 30)),
    (date(2020, 7, 1), None, "resolved", None, date(2020, 12, 31)),
    (date(2021, 1, 5), None, None, "closed", None),
    (date(2021, 3, 1), None, "unresolved", "open", date(2021, 9, 30)),
    (date(2021, 10, 1), None, None, "closed", None),
    (date(2022, 1, 1), None, None, "closed", None),
]


def _add_twisty(app: Flask, ids: Built) -> int:
    with session_scope(app) as session:
        rec = Recommendation(
            document_id=ids.ids["report"],
            facility_id=ids.ids["facility"],
            number=9,
            text="Twisty",
            issued_date=date(2020, 1, 1),
        )
        session.add(rec)
        session.flush()
        for observed, concurrence, resolution, implementation, target in TWISTY:
            session.add(
                RecommendationStatusEvent(
                    recommendation_id=rec.id,
                    observed_date=observed,
                    concurrence=concurrence,
                    resolution=resolution,
                    implementation=implementation,
                    target_date=target,
                )
            )
        return rec.id or 0


def test_sql_status_matches_the_fold(built_db: tuple[Flask, Built]) -> None:
    app, ids = built_db
    twisty = _add_twisty(app, ids)
    with session_scope(app) as session:
        in_sql = current_statuses(session=session)
        rows = load_recommendations(session=session)
    assert len(rows) == 4
    for row in rows:
        folded, computed = row.status, in_sql[row.id]
        for axis in ("concurrence", "resolution", "implementation", "target_date", "closed_date"):
            assert getattr(computed, axis) == getattr(folded, axis), (row.id, axis)
    twisted = in_sql[twisty]
    assert twisted.implementation == "closed" and twisted.closed_date == date(2021, 10, 1)
    assert twisted.resolution == "unresolved" and twisted.target_date == date(2021, 9, 30)


def test_fold_counts_target_date_slips() -> None:
    events = [StatusEvent(o, c, r, i, t) for o, c, r, i, t in TWISTY]
    status = fold_status(events)
    assert status.target_dates == [date(2020, 6, 30), date(2020, 12, 31), date(2021, 9, 30)]
    assert status.last_observed == date(2022, 1, 1)
