"""Writers: turn parsed records into rows, one module per record family around `base`.

`base` holds the registry (`register`, `WRITERS`) and the shared helpers; each sibling module
registers the writers of its record family when imported. Importing this package imports them
all, so `write_records` here always sees every writer.
"""

from monitor.ingest.writers import facts, ice, stats, status
from monitor.ingest.writers.base import (
    WRITERS,
    UnknownRecordKind,
    WriteContext,
    facility_for,
    register,
    report_document,
    split_place,
    write_records,
)
from monitor.ingest.writers.facts import clear_derived, write_page_texts
from monitor.ingest.writers.status import append_status, latest_status

__all__ = [
    "WRITERS",
    "UnknownRecordKind",
    "WriteContext",
    "append_status",
    "clear_derived",
    "facility_for",
    "facts",
    "ice",
    "latest_status",
    "register",
    "report_document",
    "split_place",
    "stats",
    "status",
    "write_page_texts",
    "write_records",
]
