"""Run one parse in a child process with memory, CPU and wall-clock limits.

The child is forked from a small fork server that has already imported the parsers, so a
parse pays a fork and a pickle, not a Python start-up. The child sets RLIMIT_AS and
RLIMIT_CPU on itself, checks the input against the declared limits, then parses; the parent
kills it at the wall-clock limit. Whatever happens, the parent gets a named error in one line,
and the child's peak resident memory is reported so tests can hold it to a budget.
"""

from __future__ import annotations

import importlib
import multiprocessing
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from scrapers._base import ResourceLimitExceeded, SourceError
from scrapers._limits.budget import Limits, set_current_limits
from scrapers._limits.checks import check_content

# Imported once by the fork server so that children start with them loaded. "__main__" is
# the entry script (monitor, gunicorn, pytest): loaded once there, not again in every child.
PRELOAD = [
    "__main__",
    "scrapers._limits.pdf",
    "scrapers._limits.xlsx",
    "scrapers._pdftext",
    "scrapers._workbook",
    "scrapers.dhs_oig",
    "scrapers.ice_contract_inspections",
    "scrapers.ice_deaths",
    "scrapers.ice_odo",
    "scrapers.ice_stats",
    "scrapers.ngo",
    "scrapers.oversight_gov",
]
_context: Any = None


@dataclass
class ChildOutcome:
    """What the child did: a value or a named error, and what it cost."""

    value: Any = None
    error: SourceError | None = None
    peak_rss_bytes: int = 0
    seconds: float = 0.0


def run_limited(func: Callable[..., Any], *args: Any, content: bytes, limits: Limits) -> Any:
    """Return `func(*args)` run in a limited child; raise its named error otherwise."""
    outcome = run_in_child(func, *args, content=content, limits=limits)
    if outcome.error is not None:
        raise outcome.error
    return outcome.value


def run_in_child(
    func: Callable[..., Any], *args: Any, content: bytes, limits: Limits
) -> ChildOutcome:
    """Run `func(*args)` in a child process under `limits`; `content` is what gets checked."""
    started = time.monotonic()
    receiver, sender = _fork_context().Pipe(duplex=False)
    child = _fork_context().Process(
        target=_child_main, args=(sender, func, args, content, limits), daemon=True
    )
    child.start()
    sender.close()
    try:
        outcome = _collect(child, receiver, limits, started)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    outcome.seconds = time.monotonic() - started
    return outcome


def _fork_context() -> Any:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _collect(child: Any, receiver: Connection, limits: Limits, started: float) -> ChildOutcome:
    """Wait for the child's message until the wall-clock limit, watching its memory."""
    peak = 0
    deadline = started + limits.wall_seconds
    while not receiver.poll(0.05):
        peak = max(peak, _resident_peak(child.pid))
        if time.monotonic() >= deadline:
            child.kill()
            error = ResourceLimitExceeded(f"parsing took over {limits.wall_seconds:g} s; stopped")
            return ChildOutcome(error=error, peak_rss_bytes=peak)
        if not child.is_alive() and not receiver.poll(0):
            return ChildOutcome(error=_death(child, limits), peak_rss_bytes=peak)
    try:
        kind, payload, child_peak = receiver.recv()
    except EOFError:
        child.join()
        return ChildOutcome(error=_death(child, limits), peak_rss_bytes=peak)
    peak = max(peak, child_peak)
    if kind == "ok":
        return ChildOutcome(value=payload, peak_rss_bytes=peak)
    return ChildOutcome(error=_rebuild_error(*payload), peak_rss_bytes=peak)


def _death(child: Any, limits: Limits) -> ResourceLimitExceeded:
    """The one-line error for a child that died without answering."""
    child.join()
    code = child.exitcode or 0
    if code == -signal.SIGXCPU:
        return ResourceLimitExceeded(f"parsing used over {limits.cpu_seconds} s of CPU; stopped")
    name = signal.Signals(-code).name if code < 0 else f"exit status {code}"
    memory = limits.memory_bytes // (1024 * 1024)
    return ResourceLimitExceeded(f"the parser died ({name}), most likely at its {memory} MB limit")


def _resident_peak(pid: int | None) -> int:
    """The child's peak resident memory so far, from /proc (0 when it has gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _rebuild_error(module: str, name: str, message: str, url: str | None) -> SourceError:
    """The child's named error, rebuilt in the parent (only SourceError classes cross)."""
    cls = getattr(importlib.import_module(module), name, None)
    if isinstance(cls, type) and issubclass(cls, SourceError):
        return cls(message, url=url)
    return SourceError(message, url=url)


def _child_main(
    sender: Connection,
    func: Callable[..., Any],
    args: tuple[Any, ...],
    content: bytes,
    limits: Limits,
) -> None:
    """In the child: limit itself, check the input, parse, send the answer."""
    _limit_self(limits)
    set_current_limits(limits)
    try:
        check_content(content, limits)
        message: tuple[str, Any] = ("ok", func(*args))
    except SourceError as exc:
        message = ("error", (type(exc).__module__, type(exc).__name__, str(exc), exc.url))
    except (MemoryError, RecursionError) as exc:
        what = "memory" if isinstance(exc, MemoryError) else "nesting depth"
        error = ("scrapers._base", "ResourceLimitExceeded", f"parsing ran out of {what}", None)
        message = ("error", error)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    sender.send((*message, peak))
    sender.close()


def _limit_self(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    cpu = max(1, int(limits.cpu_seconds))
    # The soft limit sends SIGXCPU (which ends the process); the hard one is a backstop.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def parse_page(module_name: str, page: Any, with_texts: bool) -> tuple[list[Any], list[str] | None]:
    """In the child: a source's records for `page`, and its PDF page texts when asked."""
    from scrapers._pdftext import is_pdf, page_texts

    module = importlib.import_module(module_name)
    records = module.parse(page)
    texts = page_texts(page.content, url=page.url) if with_texts and is_pdf(page.content) else None
    return records, texts
