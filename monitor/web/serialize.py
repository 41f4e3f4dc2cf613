"""JSON shapes of the richer API objects (facility header, document, status history)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from monitor.charts import PopulationPoint, StaffingPoint
from monitor.queries.common import StatusEvent
from monitor.queries.documents import DocumentView
from monitor.queries.facilities import FacilityHeader
from monitor.queries.shapes import (
    DocumentJSON,
    FacilityJSON,
    OperatorJSON,
    PopulationPointJSON,
    ResponseJSON,
    StaffingPointJSON,
    StatusEventJSON,
)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _operators(header: FacilityHeader) -> list[OperatorJSON]:
    return [{"operator": o.operator, "start_date": _iso(o.start_date),
             "end_date": _iso(o.end_date), "document_id": o.document_id, "page": o.page}
            for o in header.operators]  # fmt: skip


def _staffing(staffing: Sequence[StaffingPoint]) -> list[StaffingPointJSON]:
    return [{"as_of": _iso(p.as_of), "role_group": p.role_group, "pct_filled": p.pct_filled,
             "document_id": p.document_id, "page": p.page} for p in staffing]  # fmt: skip


def _population(population: Sequence[PopulationPoint]) -> list[PopulationPointJSON]:
    return [{"release": p.label, "release_date": _iso(p.release_date), "adp": p.adp,
             "guaranteed_minimum": p.guaranteed_minimum} for p in population]  # fmt: skip


def facility_json(
    header: FacilityHeader, staffing: Sequence[StaffingPoint], population: Sequence[PopulationPoint]
) -> FacilityJSON:
    """A facility's header facts and chart series."""
    f = header.facility
    return {
        "slug": f.slug, "name": f.name, "aliases": header.aliases, "detloc": f.detloc,
        "address": f.address, "city": f.city, "state": f.state, "zip": f.zip, "aor": f.aor,
        "type_detailed": f.type_detailed, "capacity": f.capacity,
        "guaranteed_minimum": header.guaranteed_minimum, "adp": header.adp,
        "statistics_release": header.release_label, "operators": _operators(header),
        "staffing": _staffing(staffing), "population": _population(population),
    }  # fmt: skip


def history_json(events: Sequence[StatusEvent]) -> list[StatusEventJSON]:
    return [
        {
            "observed_date": _iso(e.observed_date),
            "concurrence": e.concurrence,
            "resolution": e.resolution,
            "implementation": e.implementation,
            "target_date": _iso(e.target_date),
            "document_id": e.document_id,
            "page": e.page,
            "quote": e.quote,
        }
        for e in events
    ]


def response_json(event: StatusEvent | None) -> ResponseJSON | None:
    """The component's response with the page and quote that state it, or None."""
    if event is None or not event.concurrence or not event.quote:
        return None
    return {"concurrence": event.concurrence, "observed_date": _iso(event.observed_date),
            "document_id": event.document_id, "page": event.page, "quote": event.quote}  # fmt: skip


def document_json(view: DocumentView) -> DocumentJSON:
    d = view.document
    return {
        "id": d.id,
        "title": d.title,
        "kind": d.kind,
        "report_number": d.report_number,
        "report_type": d.report_type,
        "publisher": d.publisher,
        "url": d.url,
        "published_date": _iso(d.published_date),
        "fiscal_year": d.fiscal_year,
        "summary": d.summary,
        "source": view.source.key,
        "versions": [
            {
                "id": v.id,
                "sha256": v.sha256,
                "size": v.size,
                "content_type": v.content_type,
                "request_url": v.request_url,
                "final_url": v.final_url,
                "fetched_at": _iso(v.fetched_at),
                "current": v.id == (view.current.id if view.current else None),
            }
            for v in view.versions
        ],
        "facilities": [
            {"slug": f.slug, "name": f.name, "raw_name": f.raw_name, "role": f.role}
            for f in view.facilities
        ],
        "facts": [
            {"kind": f.kind, "text": f.text, "page": f.page, "quote": f.quote} for f in view.facts
        ],
        "pages": view.page_numbers,
    }
