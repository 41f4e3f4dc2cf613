"""Deterministic scale dataset for benchmarks: a migrated SQLite file, built once per VERSION.

1,500 facilities, 20,000 documents (one version and one text page each), 200,000 findings,
20,000 recommendations with 100,000 status events, 100,000 statistics snapshots, plus
inspections, staffing observations and deaths. The busiest facility is `facility-0001`
(every twentieth document, so 1,000 documents and 10,000 findings). The same VERSION always
gives the same rows; change VERSION when the generator changes.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from bench.scale_rows import ScaleRows, archived_bytes

VERSION = "scale-v1"
BUSIEST_SLUG = "facility-0001"
CHUNK = 5_000


def _schema_tag() -> str:
    """A short hash of the migrations, so a schema change rebuilds the cached dataset."""
    versions = Path(__file__).resolve().parents[1] / "migrations" / "versions"
    digest = hashlib.sha256()
    for path in sorted(versions.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def ensure_scale_db(work_dir: Path) -> Path:
    """Path of the scale database, building it first when this VERSION and schema are not cached."""
    work_dir.mkdir(parents=True, exist_ok=True)
    target = work_dir / f"{VERSION}-{_schema_tag()}.sqlite3"
    if target.exists():
        return target
    partial = work_dir / f"{VERSION}.{os.getpid()}.partial.sqlite3"
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    build(partial)
    partial.replace(target)  # atomic: readers never see a half-built file
    print(f"   (built {target.name} in {time.perf_counter() - started:.1f} s)", flush=True)
    return target


def build(path: Path) -> None:
    """Migrate a fresh SQLite file at `path` and fill it with the scale rows."""
    from monitor.db import make_engine, upgrade
    from monitor.ingest.search_entries import refresh_entries

    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    rows = ScaleRows()
    try:
        with engine.begin() as conn:
            conn.execute(text("PRAGMA synchronous=OFF"))
            insert_tables(conn, rows)
        with engine.begin() as conn:
            refresh_entries(conn)
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        with engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    finally:
        engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def insert_tables(conn: Connection, rows: ScaleRows) -> None:
    """Insert every table of the dataset, in foreign-key order (any backend)."""
    for table_name, generator in rows.tables():
        insert_all(conn, SQLModel.metadata.tables[table_name], generator)


def write_archive(data_dir: Path, rows: ScaleRows, facility_id: int) -> int:
    """Write the archived files of one facility's documents (the bytes their sha256 names).

    The benchmark database has no files; a crawl that follows download links needs them.
    """
    written = 0
    for version in rows.versions():
        if rows.doc_facility[version["document_id"] - 1] != facility_id:
            continue
        path = data_dir / version["storage_path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(archived_bytes(version["document_id"] - 1))
        written += 1
    return written


def insert_all(conn: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Bulk-insert rows in chunks (Core executemany); returns the number inserted."""
    total = 0
    for chunk in _chunks(rows, CHUNK):
        conn.execute(table.insert(), chunk)
        total += len(chunk)
    return total


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


if __name__ == "__main__":
    from bench.context import BenchContext

    print(ensure_scale_db(BenchContext(root=Path(__file__).resolve().parent).work_dir))
