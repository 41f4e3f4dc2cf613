"""The worker side of the sandbox: take a parse, limit itself, check the input, parse, answer."""

from __future__ import annotations

import importlib
import pkgutil
import resource
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import scrapers
from scrapers._base import SourceError
from scrapers._limits.budget import Limits, set_current_limits
from scrapers._limits.checks import check_content


def preload_sources() -> None:
    """Import every source module, so the fork server pays for it once, not every worker."""
    for info in pkgutil.iter_modules(scrapers.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"scrapers.{info.name}")


preload_sources()


def serve(conn: Connection) -> None:
    """Answer parse requests until the parent closes the pipe."""
    while True:
        try:
            func, args, content, limits = conn.recv()
        except (EOFError, OSError):
            return
        _reset_peak()
        _limit_self(limits)
        set_current_limits(limits)
        kind, payload, checks_seconds = run_job(func, args, content, limits)
        conn.send((kind, payload, _peak(), checks_seconds))


def run_job(
    func: Callable[..., Any], args: tuple[Any, ...], content: bytes, limits: Limits
) -> tuple[str, Any, float]:
    """The parse's value or its named error (module, class, message, url); the checks' seconds."""
    started = time.perf_counter()
    checked = started
    try:
        check_content(content, limits)
        checked = time.perf_counter()
        return "ok", func(*args), checked - started
    except SourceError as exc:
        error = (type(exc).__module__, type(exc).__name__, str(exc), exc.url)
    except (MemoryError, RecursionError) as exc:
        what = "memory" if isinstance(exc, MemoryError) else "nesting depth"
        error = ("scrapers._base", "ResourceLimitExceeded", f"parsing ran out of {what}", None)
    return "error", error, (checked if checked > started else time.perf_counter()) - started


def _limit_self(limits: Limits) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (min(limits.memory_bytes, _cap(hard)), hard))
    # RLIMIT_CPU counts the whole life of the worker: allow what it has used plus the limit.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (min(used + int(limits.cpu_seconds), _cap(hard)), hard))


def _cap(hard: int) -> int:
    return hard if hard != resource.RLIM_INFINITY else 2**62


def _reset_peak() -> None:
    """Start this parse's peak-memory count afresh (Linux: 5 resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
    except OSError:
        pass  # elsewhere the peak covers the worker's whole life: an overestimate


def _peak() -> int:
    """This process's peak resident memory in bytes (VmHWM)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
