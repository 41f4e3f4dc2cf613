"""Every kind of record a facility's timeline lists, declared once.

The timeline's query and its "Show only" filter, the `kind` parameter of pages and API with its
OpenAPI enum, the glossary, the search facets and the Spanish catalog all read `RECORD_KINDS`,
so a new kind of published document (a court filing, a congressional letter) is one entry here.
The whole path, five files, is in docs/DEVELOPING.md ("Adding a record kind"), and
tests/web/test_record_kinds.py checks that it still works.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from monitor.i18n import N_

# Codes go into SQL as literals (the timeline's CASE) and into URLs: lower-case words only.
_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")


class BadRecordKind(ValueError):
    """A record kind declared with a code or a rule the timeline cannot use."""


@dataclass(frozen=True)
class RecordKind:
    """One kind of record: its code, its words, and which rows the timeline lists as it.

    A kind with `own_rows` has its own table and its own part of the timeline query
    (monitor/queries/timeline_index.py). Any other kind is a published document, listed as this
    kind when its `document.report_type` is one of `report_types` or its `document.kind` one of
    `document_kinds`; the one document kind with neither rule takes every other document.
    """

    code: str  # the value of `?kind=`, of the API and CSV `kind` column, and of item keys
    label: str  # marked with N_() so `make translations` asks for its Spanish
    explain: str  # one sentence: the glossary and the API description show it
    own_rows: bool = False
    document_kinds: tuple[str, ...] = ()
    report_types: tuple[str, ...] = ()
    on_facility_page: bool = True  # False: the page shows it in a panel of its own

    def __post_init__(self) -> None:
        for value in (self.code, *self.document_kinds, *self.report_types):
            if not _CODE.fullmatch(value):
                raise BadRecordKind(
                    f"record kind {self.code!r}: {value!r} is not a lower-case code"
                )
        if self.own_rows and (self.document_kinds or self.report_types):
            raise BadRecordKind(f"record kind {self.code!r} has its own rows: no document rules")
        if not self.label or not self.explain:
            raise BadRecordKind(f"record kind {self.code!r} needs a label and an explanation")


def _kinds(*kinds: RecordKind) -> dict[str, RecordKind]:
    return {kind.code: kind for kind in kinds}


# In the order the timeline filter, the API enum and the glossary list them.
RECORD_KINDS: dict[str, RecordKind] = _kinds(
    RecordKind(
        code="inspection",
        label=N_("Inspection"),
        explain="A visit by ICE's inspectors (ODO), its contractors or OIG, with its rating "
        "and counts.",
        own_rows=True,
    ),
    RecordKind(
        code="finding",
        label=N_("Finding"),
        explain="One thing an inspection or report found, good or bad, by category.",
        own_rows=True,
    ),
    RecordKind(
        code="report",
        label=N_("Report"),
        explain="A published report naming the facility.",
    ),
    RecordKind(
        code="management_alert",
        label=N_("Management alert"),
        explain="OIG's urgent warning to ICE about conditions needing immediate action.",
        report_types=("management_alert",),
    ),
    RecordKind(
        code="recommendation",
        label=N_("Recommendation"),
        explain="What OIG told ICE to do, with ICE's answer and OIG's status.",
        own_rows=True,
    ),
    RecordKind(
        code="staffing",
        label=N_("Staffing"),
        explain="A staffing figure as a document reported it.",
        own_rows=True,
    ),
    RecordKind(
        code="statistics",
        label=N_("Statistics release"),
        explain="ICE's detention statistics: population, guaranteed minimum and last inspection.",
        own_rows=True,
    ),
    RecordKind(
        code="death",
        label=N_("Death in custody"),
        explain="A person who died in ICE custody, with the reports ICE owes.",
        own_rows=True,
    ),
    RecordKind(
        code="ngo",
        label=N_("NGO report"),
        explain="A report by a non-governmental organisation: allegations, not official findings.",
        document_kinds=("ngo",),
    ),
    RecordKind(
        code="alert",
        label=N_("Alert"),
        explain="Something the monitor's rules flag as needing attention.",
        own_rows=True,
        on_facility_page=False,  # active alerts have their own panel at the top of the page
    ),
)


def kinds() -> list[RecordKind]:
    """Every registered kind, in listing order (read at call time, so tests can add one)."""
    return list(RECORD_KINDS.values())


def page_codes() -> tuple[str, ...]:
    """The kinds a facility page offers in its "Show only" filter."""
    return tuple(k.code for k in kinds() if k.on_facility_page)


def document_codes() -> tuple[str, ...]:
    """The kinds listed from published documents rather than from their own table."""
    return tuple(k.code for k in kinds() if not k.own_rows)


def fallback_document_kind() -> RecordKind:
    """The one document kind with no rule: every document no other kind claims."""
    found = [k for k in kinds() if not k.own_rows and not k.document_kinds and not k.report_types]
    if len(found) != 1:
        raise BadRecordKind(f"need exactly one document kind without rules, not {len(found)}")
    return found[0]


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)  # safe: __post_init__ allows [a-z0-9_] only


def document_kind_sql(kind_column: str, report_type_column: str) -> str:
    """A SQL CASE giving a document row its record kind by exact values (first rule wins)."""
    whens = []
    for kind in kinds():
        tests = []
        if kind.report_types:
            tests.append(f"{report_type_column} IN ({_sql_list(kind.report_types)})")
        if kind.document_kinds:
            tests.append(f"{kind_column} IN ({_sql_list(kind.document_kinds)})")
        if tests:
            whens.append(f"WHEN {' OR '.join(tests)} THEN '{kind.code}'")
    return f"CASE {' '.join(whens)} ELSE '{fallback_document_kind().code}' END"


def document_kind_labels() -> dict[str, str]:
    """`document.kind` value -> label, for the kinds a document's own `kind` names."""
    return {value: kind.label for kind in kinds() for value in kind.document_kinds}


class KindLabels(Mapping[str, str]):
    """Code -> English label of every registered kind, read live from `RECORD_KINDS`."""

    def __getitem__(self, code: str) -> str:
        return RECORD_KINDS[code].label

    def __iter__(self) -> Iterator[str]:
        return iter(list(RECORD_KINDS))

    def __len__(self) -> int:
        return len(RECORD_KINDS)


LABELS = KindLabels()
