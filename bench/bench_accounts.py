"""Accounts benchmarks: audit-log append and verify throughput, password hashing cost."""

from __future__ import annotations

import time

from bench.context import BenchContext, median_seconds, row

APPENDS = 2000


def _app(ctx: BenchContext):  # noqa: ANN202  (a Flask app; imported lazily)
    from monitor import create_app
    from monitor.db import upgrade

    path = ctx.work_dir / "accounts.sqlite3"
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    upgrade(url)
    return create_app(
        {
            "database_url": url,
            "instance_path": ctx.work_dir / "accounts-instance",
            "secret_key": "bench-secret",
        }
    )


def _append_rate(app) -> float:  # noqa: ANN001
    from monitor.accounts import audit
    from monitor.db import session_scope

    started = time.perf_counter()
    with app.app_context():
        for i in range(APPENDS):
            # One transaction per entry, as in the web app (each request commits its own).
            with session_scope(app) as db:
                audit.record(
                    session=db,
                    action="bench",
                    target_id=i,
                    details={"i": i},
                    subject_email="someone@example.org",
                )
    return APPENDS / (time.perf_counter() - started)


def _verify_rate(app) -> tuple[float, bool]:  # noqa: ANN001
    from monitor.accounts import audit
    from monitor.db import session_scope

    result: list[bool] = []

    def once() -> None:
        with app.app_context(), session_scope(app) as db:
            result.append(audit.verify(session=db).ok)

    seconds = median_seconds(once, repeat=3)
    return APPENDS / seconds, all(result)


def _hash_ms() -> float:
    from monitor.accounts.passwords import hash_password

    return median_seconds(lambda: hash_password("correct horse battery staple"), repeat=3) * 1000


def run(ctx: BenchContext) -> list[dict]:
    app = _app(ctx)
    appends = _append_rate(app)
    verifies, ok = _verify_rate(app)
    app.extensions["monitor.engine"].dispose()
    hash_ms = _hash_ms()
    return [
        row(
            "audit append (one commit each, SQLite)",
            appends,
            "entries/s",
            goal=">= 200 entries/s",
            ok=appends >= 200,
        ),
        row(
            "audit verify",
            verifies,
            "entries/s",
            goal=">= 20000 entries/s and chain ok",
            ok=verifies >= 20000 and ok,
        ),
        row(
            "argon2id password hash (RFC 9106 low-memory)",
            hash_ms,
            "ms",
            goal="50-1000 ms (slow for attackers, fine for a sign-in)",
            ok=50 <= hash_ms <= 1000,
        ),
    ]
