"""Run parses in a child process with memory, CPU and wall-clock limits.

One worker process per parent parses files one at a time (PDFium is single-threaded anyway).
Before each parse it sets RLIMIT_AS to the memory limit and RLIMIT_CPU to the CPU it has used
plus the CPU limit, resets its peak-memory counter, and checks the input against the declared
limits; the parent kills it at the wall-clock limit. A worker that hit any limit, died, or
has served `JOBS_PER_WORKER` parses is replaced, so one file's leftovers never weigh on the
next. Reusing the worker keeps the cost per parse to a pickle each way (a new process per
file cost 20-70 ms, more than many parses). Whatever happens, the caller gets a value or a
named error in one line, and the peak resident memory of the parse.
"""

from __future__ import annotations

import importlib
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scrapers._base import ResourceLimitExceeded, SourceError
from scrapers._limits.budget import Limits
from scrapers._limits.worker import serve

JOBS_PER_WORKER = 200
# Imported once by the fork server so that workers start with them loaded. "__main__" is
# the entry script (monitor, gunicorn, pytest): loaded once there, not again in each worker.
PRELOAD = ["__main__", "scrapers._limits.worker"]
_lock = threading.Lock()
_worker: _Worker | None = None


@dataclass
class ChildOutcome:
    """What the child did: a value or a named error, and what it cost."""

    value: Any = None
    error: SourceError | None = None
    peak_rss_bytes: int = 0
    seconds: float = 0.0  # the whole call, as the caller waited for it
    checks_seconds: float = 0.0  # the checks made before the parse, inside the child


def run_limited(func: Callable[..., Any], *args: Any, content: bytes, limits: Limits) -> Any:
    """Return `func(*args)` run in the limited child; raise its named error otherwise."""
    outcome = run_in_child(func, *args, content=content, limits=limits)
    if outcome.error is not None:
        raise outcome.error
    return outcome.value


def run_in_child(
    func: Callable[..., Any], *args: Any, content: bytes, limits: Limits
) -> ChildOutcome:
    """Run `func(*args)` in the worker under `limits`; `content` is what gets checked first."""
    global _worker
    started = time.monotonic()
    with _lock:
        if _worker is None or not _worker.usable():
            _worker = _Worker()
        outcome = _worker.run(func, args, content, limits)
        if outcome.error is not None and not _worker.usable():
            _worker = None
    outcome.seconds = time.monotonic() - started
    return outcome


class _Worker:
    """One child process and the pipe to it."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self.conn, child_end = context.Pipe()
        self.process = context.Process(target=serve, args=(child_end,), daemon=True)
        self.process.start()
        child_end.close()
        self.jobs = 0
        self.broken = False

    def usable(self) -> bool:
        return not self.broken and self.jobs < JOBS_PER_WORKER and self.process.is_alive()

    def run(
        self, func: Callable[..., Any], args: tuple[Any, ...], content: bytes, limits: Limits
    ) -> ChildOutcome:
        self.jobs += 1
        deadline = time.monotonic() + limits.wall_seconds
        try:
            self.conn.send((func, args, content, limits))
        except (BrokenPipeError, OSError):
            return self._fail(limits, 0)
        return self._collect(limits, deadline)

    def _collect(self, limits: Limits, deadline: float) -> ChildOutcome:
        """Wait for the answer until the wall-clock limit, watching the worker's memory."""
        peak = 0
        while not self.conn.poll(0.02):
            peak = max(peak, resident_peak(self.process.pid))
            if time.monotonic() >= deadline:
                self._stop()
                message = f"parsing took over {limits.wall_seconds:g} s; stopped"
                return ChildOutcome(error=ResourceLimitExceeded(message), peak_rss_bytes=peak)
            if not self.process.is_alive() and not self.conn.poll(0):
                return self._fail(limits, peak)
        try:
            kind, payload, child_peak, checks_seconds = self.conn.recv()
        except (EOFError, OSError):
            return self._fail(limits, peak)
        peak = max(peak, child_peak)
        if kind == "ok":
            return ChildOutcome(value=payload, peak_rss_bytes=peak, checks_seconds=checks_seconds)
        error = _rebuild_error(*payload)
        # A worker that ran out of something may be left fragmented: start afresh.
        self.broken = isinstance(error, ResourceLimitExceeded)
        return ChildOutcome(error=error, peak_rss_bytes=peak, checks_seconds=checks_seconds)

    def _fail(self, limits: Limits, peak: int) -> ChildOutcome:
        """The one-line error for a worker that died without answering."""
        self._stop()
        code = self.process.exitcode or 0
        if code == -signal.SIGXCPU:
            message = f"parsing used over {limits.cpu_seconds} s of CPU; stopped"
        else:
            memory = limits.memory_bytes // (1024 * 1024)
            message = f"the parser died (exit {code}), most likely at its {memory} MB memory limit"
        return ChildOutcome(error=ResourceLimitExceeded(message), peak_rss_bytes=peak)

    def _stop(self) -> None:
        self.broken = True
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def resident_peak(pid: int | None) -> int:
    """A process's peak resident memory so far, from /proc (0 when it has gone)."""
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


def parse_page(
    module_name: str, page: Any, with_texts: bool, ocr: Any = None
) -> tuple[list[Any], Any]:
    """In the child: a source's records for `page`, and its PDF pages' text when asked.

    `ocr` (OcrLimits) bounds OCR of scanned pages here as the parent's settings say.
    """
    from scrapers._ocr import set_default_limits
    from scrapers._pdftext import is_pdf
    from scrapers._scanned import read_pages

    if ocr is not None:
        set_default_limits(ocr)
    module = importlib.import_module(module_name)
    records = module.parse(page)
    texts = read_pages(page.content, url=page.url) if with_texts and is_pdf(page.content) else None
    return records, texts
