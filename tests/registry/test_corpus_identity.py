"""Renamed and respelt facilities in the six real releases: matched or queued, never split
silently; distinct facilities never merged (skipped when ../shared/corpus is absent)."""

from __future__ import annotations

import pytest
from flask import Flask

from bench.registry_truth import DIFFERENT, SAME
from monitor.db import session_scope
from monitor.facilities.registry.accuracy import identity_report, street_audit
from monitor.facilities.registry.lookup import facility_details, find_facilities
from tests.registry.test_corpus import _import_corpus

pytestmark = pytest.mark.corpus


def test_labelled_pairs_have_no_false_split_and_no_false_merge(app: Flask) -> None:
    with app.app_context(), session_scope(app) as session:
        _import_corpus(session)
        report = identity_report(session=session, same=SAME, different=DIFFERENT)
        audit = street_audit(session=session)
        (richwood,) = find_facilities(session=session, query="richwood correctional")
        towns = [
            s["city"] for s in facility_details(session=session, facility=richwood)["snapshots"]
        ]
    assert report.missing == []  # every labelled row is in the corpus releases
    assert [p.note for p in report.false_splits] == []
    assert [p.note for p in report.false_merges] == []
    assert report.kept_apart == len(DIFFERENT)
    assert report.matched + report.queued == len(SAME)
    assert report.matched >= 5  # the respelt cities and the plain renamings match outright
    assert towns == ["RICHWOOD"] * 4 + ["MONROE"] * 2
    # Beyond the labelled pairs: no facility at a known street created without a review item,
    # and no facility whose rows differ in both street and town.
    assert (audit.silent_splits, audit.moved) == ([], [])
