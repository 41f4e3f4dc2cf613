"""Full-text search on the scale dataset: median and p95 over a fixed set of 50 queries.

The set holds words on most pages (the scale pages draw 60 words from a 38-word vocabulary,
so each word is on roughly 80% of them: the worst case), two-word queries, phrases, a
stemmed form (staff = staffing), facility names and a word found nowhere. Timed is the
query function the search page calls (documents, facts and facets, first page with
snippets), on SQLite and, when MONITOR_TEST_POSTGRES_URL is set, on PostgreSQL holding the
same rows. Goal: median and p95 at most 50 ms on each.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.context import BenchContext
from bench.scale_rows import WORDS

GOAL_MS = 50.0
QUERIES: list[str] = (
    WORDS[:20]  # single words, each on most pages
    + [f"{a} {b}" for a, b in zip(WORDS[20:30], WORDS[5:15], strict=True)]  # two words
    + ['"hunger strike"', '"mental health"', '"use of force"', '"corrective action plan"']
    + ["staff", "understaff", "inspections", "deficiencies", "Facility 0001", "Facility 0750",
       "Detention Center", "medical care", "mold plumbing", "sanitation showers",
       "grievances food", "segregation watch", "zebra", "quokka", "telephone library",
       "officers overcrowding"]
)  # fmt: skip
assert len(QUERIES) == 50
# Tables the search reads, copied to PostgreSQL in foreign-key order.
TABLES = ["source", "facility", "document", "document_version", "document_page",
          "document_facility", "search_entry"]  # fmt: skip


def _print_settings(url: str, backend: str) -> None:
    """What the figures were measured on: row counts, server version, timing method."""
    from sqlalchemy import text

    from monitor.db import make_engine
    from monitor.queries.search import PAGE_CAP

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            counts = {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar()
                      for t in ("document", "document_page", "search_entry")}  # fmt: skip
            version = conn.execute(
                text("SELECT sqlite_version()" if backend == "SQLite" else "SHOW server_version")
            ).scalar()
    finally:
        engine.dispose()
    shown = ", ".join(f"{n:,} {t}" for t, n in counts.items())
    print(f"   {backend} {version}: {shown}; {len(QUERIES)} queries, best of 3 runs after "
          f"one warm-up, first page with snippets, at most {PAGE_CAP} pages ranked",
          flush=True)  # fmt: skip


def _time_queries(url: str) -> list[tuple[float, str]]:
    """(milliseconds, query) per query: best of three runs after one warm-up run."""
    from sqlmodel import Session

    from monitor.db import make_engine
    from monitor.queries.search import search

    engine = make_engine(url)
    out = []
    try:
        with Session(engine) as session:
            for query in QUERIES:
                search(session=session, query=query)  # warm the page cache
                runs = []
                for _ in range(3):
                    started = time.perf_counter()
                    search(session=session, query=query)
                    runs.append((time.perf_counter() - started) * 1000)
                out.append((min(runs), query))
    finally:
        engine.dispose()
    return out


def _rows(rows: list[tuple[float, str]], backend: str) -> list[dict]:
    times = sorted(ms for ms, _ in rows)
    median = statistics.median(times)
    p95 = times[int(round(0.95 * (len(times) - 1)))]
    worst_ms, worst = max(rows)
    print(f"   {backend}: worst query {worst!r} {worst_ms:.1f} ms", flush=True)
    return [
        {"name": f"search ({backend}): median over 50 queries", "value": round(median, 1),
         "unit": "ms", "goal": f"<= {GOAL_MS:g} ms", "ok": median <= GOAL_MS},
        {"name": f"search ({backend}): p95 over 50 queries", "value": round(p95, 1),
         "unit": "ms", "goal": f"<= {GOAL_MS:g} ms", "ok": p95 <= GOAL_MS,
         "worst_query": worst, "worst_ms": round(worst_ms, 1)},
    ]  # fmt: skip


def _copy_to_postgres(sqlite_path: Path, base_url: str, name: str) -> str:
    """A PostgreSQL database holding the search tables of the scale file (built once)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from monitor.db import upgrade

    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is not None:
            admin.dispose()
            return make_url(base_url).set(database=name).render_as_string(hide_password=False)
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    _copy_tables(sqlite_path, url)
    return url


def _copy_tables(sqlite_path: Path, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlmodel import SQLModel

    from bench.scale import insert_all

    source = create_engine(f"sqlite:///{sqlite_path}")
    target = create_engine(url)
    with source.connect() as src, target.begin() as dst:
        for name in TABLES:
            table = SQLModel.metadata.tables[name]
            result = src.execute(table.select())
            insert_all(dst, table, _dicts(result))
            dst.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                             f"(SELECT MAX(id) FROM {name}))"))  # fmt: skip
    with target.connect() as conn:  # statistics for the planner, as autovacuum would keep
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    source.dispose()
    target.dispose()


def _dicts(result: Any) -> Iterator[dict[str, Any]]:
    for row in result:
        yield dict(row._mapping)


def run(ctx: BenchContext) -> list[dict]:
    from bench.scale import VERSION, _schema_tag
    from monitor.config import test_postgres_url

    db = ctx.scale_db()
    _print_settings(f"sqlite:///{db}", "SQLite")
    rows = _rows(_time_queries(f"sqlite:///{db}"), "SQLite")
    base = test_postgres_url()
    if base:
        name = f"bench_search_{VERSION.replace('-', '_')}_{_schema_tag()}"
        url = _copy_to_postgres(db, base, name)  # the same rows as the SQLite file
        _print_settings(url, "PostgreSQL")
        rows += _rows(_time_queries(url), "PostgreSQL")
    else:
        print("   PostgreSQL skipped: MONITOR_TEST_POSTGRES_URL not set", flush=True)
    return rows
