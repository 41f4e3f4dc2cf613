"""Which dates a staffing figure in an OIG report describes (never the publication date).

A passage that dates its own figure ("As of January 2022, only 98 positions were filled")
keeps that date. Otherwise the figure describes what the inspectors saw: the report's
inspection dates ("during our February 1-3, 2022 inspection", "From February 1 to 3, 2022,
we conducted an unannounced inspection", "Between August and November 2020, we conducted a
remote inspection").
"""

from __future__ import annotations

import re
from datetime import date

from scrapers._described_dates import DescribedDate, anchored_date, find_described_dates

# Sentences about the contract's history date the contract, not the staffing figure.
_CONTRACT_HISTORY = re.compile(r"\b(?:signed|entered|awarded|agreement|modification)\b", re.I)
_INSPECTION = re.compile(r"\b(?:inspect\w*|visit\w*|on-?site|site review)\b", re.I)


def passage_period(sentences: list[str]) -> DescribedDate | None:
    """The date a passage gives its own figure, or None."""
    for sentence in sentences:
        if _CONTRACT_HISTORY.search(sentence):
            continue
        when = anchored_date(sentence)
        if when is not None:
            return when
    return None


def report_period(text: str, published: date | None = None) -> DescribedDate | None:
    """The inspection dates a report states: the first date next to 'inspection' or 'visit'.

    The cover date sits next to "What We Found ... During our unannounced inspection" on
    highlights pages, so the publication date, and anything after it, is never taken.
    """
    for found in find_described_dates(text):
        if published is not None and found.when.start >= published:
            continue
        if found.when.precision == "year":
            continue  # "in 2019, we conducted ..." is too coarse to date a figure
        around = text[max(0, found.start - 80) : found.end + 80]
        if _INSPECTION.search(around):
            return found.when
    return None
