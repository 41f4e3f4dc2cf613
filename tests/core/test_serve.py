"""`monitor serve` (what `make run` ends with) really serves the app."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from monitor.db import upgrade


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_monitor_serve_answers_on_its_port(tmp_path: Path) -> None:
    upgrade(f"sqlite:///{tmp_path / 'monitor.sqlite3'}")
    env = {**os.environ, "MONITOR_INSTANCE_PATH": str(tmp_path)}
    env.pop("MONITOR_DATABASE_URL", None)
    port = _free_port()
    cmd = [sys.executable, "-m", "monitor", "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        response = _get_when_up(f"http://127.0.0.1:{port}/")
        assert response.status_code == 200
        assert "Detention Conditions Monitor" in response.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()


def _get_when_up(url: str) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
