"""Web benchmarks on the scale dataset: facility page time, throughput against Datasette,
full-text search time, and resident memory per gunicorn worker. Loopback only, bounded loops."""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.context import BenchContext, row
from bench.scale import BUSIEST_SLUG
from bench.web_load import (
    WRK_SETTINGS,
    LoadResult,
    free_port,
    load,
    start,
    stop,
    wait_ready,
    worker_rss_mb,
)

PAGE_GOAL_MS = 15.0
SEARCH_GOAL_MS = 50.0
RSS_GOAL_MB = 150.0
TYPICAL_SLUG = "facility-0750"  # documents spread evenly over the other facilities: ~13 each
SEARCH_QUERIES = ["Facility 0001", '"hunger strike"', "mold plumbing"]
LOAD_SECONDS = 8.0
BIN = Path(sys.executable).parent


def _prepare(ctx: BenchContext) -> Path:
    """A private copy of the scale database with any index the current models declare."""
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import monitor.models  # noqa: F401

    work = ctx.work_dir / "web"
    work.mkdir(exist_ok=True)
    target = work / "scale-web.sqlite3"
    source = ctx.scale_db()
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        shutil.copy(source, target)
    # The cached scale file may predate an index the models now declare: add what is missing.
    engine = create_engine(f"sqlite:///{target}")
    with engine.begin() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for index in table.indexes:
                index.create(conn, checkfirst=True)
    engine.dispose()
    return target


def _app(db: Path, work: Path) -> Any:
    from monitor import create_app

    return create_app(
        {
            "database_url": f"sqlite:///{db}",
            "secret_key": "bench-secret",
            "instance_path": work / "instance",
        }
    )


def _times_ms(client: Any, url: str, repeat: int, before: Any = None) -> list[float]:
    """In-process times of GET `url` (after warm-up) in milliseconds, sorted; `before()` runs
    untimed ahead of each request."""
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def _median_ms(client: Any, url: str, repeat: int = 25) -> float:
    """Median in-process time of GET `url` (after warm-up), in milliseconds."""
    return statistics.median(_times_ms(client, url, repeat))


def _p95(times: list[float]) -> float:
    return round(times[max(0, round(0.95 * len(times)) - 1)], 1)


def _after_a_write(app: Any) -> Any:
    """A function making the smallest write, so the next page finds nothing kept."""
    from sqlalchemy import text

    from monitor.db import get_engine

    def bump() -> None:
        with get_engine(app).begin() as conn:
            conn.execute(text("UPDATE data_version SET version = version + 1"))

    return bump


def _page_rows(app: Any, client: Any) -> list[dict]:
    """The facility page: the busiest and a typical facility, then the busiest after a write."""
    rows = []
    for slug, what in ((BUSIEST_SLUG, "busiest"), (TYPICAL_SLUG, "typical")):
        times = _times_ms(client, f"/facilities/{slug}", repeat=25)
        page = statistics.median(times)
        rows.append(row(f"web: {what} facility page, median server time", round(page, 1), "ms",
                        p95_ms=_p95(times), goal=f"<= {PAGE_GOAL_MS:g} ms",
                        ok=page <= PAGE_GOAL_MS))  # fmt: skip
    cold = _times_ms(client, f"/facilities/{BUSIEST_SLUG}", 15, before=_after_a_write(app))
    rows.append(row("web: busiest facility page right after a write (re-rendered, no goal)",
                    round(statistics.median(cold), 1), "ms", p95_ms=_p95(cold)))  # fmt: skip
    return rows


def _in_process(db: Path, work: Path) -> list[dict]:
    app = _app(db, work)
    client = app.test_client()
    pages = _page_rows(app, client)
    searches = [_median_ms(client, f"/search?q={q}", repeat=15) for q in SEARCH_QUERIES]
    search = statistics.median(searches)
    broad = _median_ms(client, "/search?q=staffing", repeat=5)
    national = _median_ms(client, "/national", repeat=5)
    return pages + [
        row(
            "web: full-text search, median server time",
            round(search, 1),
            "ms",
            queries=SEARCH_QUERIES,
            per_query_ms=[round(s, 1) for s in searches],
            goal=f"<= {SEARCH_GOAL_MS:g} ms",
            ok=search <= SEARCH_GOAL_MS,
        ),
        row("web: search for a word on 80% of pages (worst case, no goal)", round(broad, 1), "ms"),
        row("web: national page with map of every facility (no goal)", round(national, 1), "ms"),
    ]


def _facility_id(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(
            conn.execute("SELECT id FROM facility WHERE slug = ?", (BUSIEST_SLUG,)).fetchone()[0]
        )


# Like for like: one server process on each side, the same 100 rows of the same table as JSON,
# load from wrk (compiled) with the same threads and connections.
PROCESSES = 1
ROWS = 100


def _gunicorn(db: Path, work: Path, processes: int) -> subprocess.Popen[bytes]:
    port = free_port()
    env = {
        "MONITOR_DATABASE_URL": f"sqlite:///{db}",
        "MONITOR_SECRET_KEY": "bench-secret-" + "x" * 40,
        "MONITOR_INSTANCE_PATH": str(work / "instance"),
    }
    args = [str(BIN / "gunicorn"), "-w", str(processes), "-b", f"127.0.0.1:{port}",
            "--log-level", "warning", "monitor:create_app()"]  # fmt: skip
    proc = start(args, env, work / "gunicorn.log")
    proc.port = port  # type: ignore[attr-defined]
    return proc


def _datasette(db: Path, work: Path) -> subprocess.Popen[bytes]:
    port = free_port()
    args = [str(BIN / "datasette"), "serve", str(db), "-p", str(port), "-h", "127.0.0.1",
            "--setting", "suggest_facets", "off", "--setting", "default_page_size", str(ROWS)]  # fmt: skip
    proc = start(args, {}, work / "datasette.log")
    proc.port = port  # type: ignore[attr-defined]
    return proc


def _measure(proc: subprocess.Popen[bytes], path: str) -> tuple[LoadResult, list[float]]:
    """wrk's result against one server, and its workers' resident memory after the load."""
    url = f"http://127.0.0.1:{proc.port}{path}"  # type: ignore[attr-defined]
    try:
        wait_ready(url)
        load(url, seconds=1.0)  # warm up
        result = load(url, seconds=LOAD_SECONDS, **WRK_SETTINGS)
        return result, worker_rss_mb(proc.pid)
    finally:
        stop(proc)


def _served(db: Path, work: Path) -> list[dict]:
    facility_id = _facility_id(db)
    ours_path = f"/api/facilities/{BUSIEST_SLUG}/timeline?kind=finding&per_page={ROWS}"
    theirs_path = (f"/{db.stem}/finding.json?facility_id={facility_id}"
                   f"&_sort_desc=found_date&_size={ROWS}")  # fmt: skip
    ours, _ = _measure(_gunicorn(db, work, PROCESSES), ours_path)
    theirs, _ = _measure(_datasette(db, work), theirs_path)
    page, rss = _measure(_gunicorn(db, work, 2), f"/facilities/{BUSIEST_SLUG}")
    ratio = ours.per_second / theirs.per_second if theirs.per_second else None
    settings = {"load_generator": "wrk", **WRK_SETTINGS, "seconds": LOAD_SECONDS,
                "server_processes": PROCESSES, "rows": ROWS, "format": "JSON"}  # fmt: skip
    worst = max(rss, default=0.0)
    return [
        row(
            f"web: {ROWS} findings of the busiest facility as JSON, gunicorn {PROCESSES} worker",
            round(ours.per_second, 1),
            "req/s",
            peer=f"datasette, 1 process, the same {ROWS} rows as JSON",
            peer_value=round(theirs.per_second, 1),
            ratio=round(ratio, 2) if ratio else None,
            ours_url=ours_path,
            peer_url=theirs_path,
            settings=settings,
            p50_ms=ours.p50_ms,
            p99_ms=ours.p99_ms,
            peer_p50_ms=theirs.p50_ms,
            peer_p99_ms=theirs.p99_ms,
            errors=ours.errors,
            peer_errors=theirs.errors,
            goal=">= datasette req/s",
            ok=bool(ratio and ratio >= 1.0 and not ours.errors),
        ),
        row(
            "web: busiest facility page (HTML), gunicorn 2 workers, wrk",
            round(page.per_second, 1),
            "req/s",
            settings={**settings, "server_processes": 2, "format": "HTML"},
            p50_ms=page.p50_ms,
            p99_ms=page.p99_ms,
            errors=page.errors,
        ),
        row(
            "web: resident memory per worker after load",
            round(worst, 1),
            "MB",
            workers=[round(r, 1) for r in rss],
            goal=f"<= {RSS_GOAL_MB:g} MB",
            ok=bool(rss) and worst <= RSS_GOAL_MB,
        ),
    ]


def run(ctx: BenchContext) -> list[dict]:
    """All web figures, in-process first, then served by gunicorn beside Datasette."""
    db = _prepare(ctx)
    work = db.parent
    return _in_process(db, work) + _served(db, work)
