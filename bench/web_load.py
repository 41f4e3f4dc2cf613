"""Helpers for the web benchmark: wrk (a compiled load generator) and server processes."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, timeout: float = 60.0) -> None:
    """Poll `url` until it answers 200, or raise after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server at {url} did not become ready in {timeout:g} s")


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    p50_ms: float | None = None
    p99_ms: float | None = None

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


class LoadGeneratorMissing(RuntimeError):
    """wrk is not installed (Debian package `wrk`; `.ci/run` installs it)."""


WRK_SETTINGS = {"threads": 2, "connections": 8}


def load(url: str, *, seconds: float, connections: int = 8, threads: int = 2) -> LoadResult:
    """Run wrk against `url` for `seconds`; count non-2xx and socket errors as errors."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise LoadGeneratorMissing("wrk is not installed: apt-get install wrk")
    cmd = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency", url]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=seconds + 60)
    return parse_wrk(out.stdout)


def parse_wrk(text: str) -> LoadResult:
    """Requests, errors, duration and latency percentiles from wrk's report."""
    done = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", text)
    if done is None:
        raise RuntimeError(f"unexpected wrk output: {text[:200]!r}")
    scale = {"ms": 0.001, "s": 1.0, "m": 60.0}[done.group(3)]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return LoadResult(
        requests=int(done.group(1)),
        errors=errors,
        seconds=float(done.group(2)) * scale,
        p50_ms=_latency(text, "50%"),
        p99_ms=_latency(text, "99%"),
    )


def _latency(text: str, percentile: str) -> float | None:
    found = re.search(rf"^\s*{re.escape(percentile)}\s+([\d.]+)(us|ms|s)", text, re.MULTILINE)
    if found is None:
        return None
    return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start a server process writing its output to `log` (stopped later by its pid)."""
    handle = log.open("wb")
    return subprocess.Popen(
        args, env={**os.environ, **env}, stdout=handle, stderr=subprocess.STDOUT
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a server we started, by its own pid."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each child (gunicorn worker) of `master_pid`, in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    out = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out.append(int(line.split()[1]) / 1024)
    return out
