"""`monitor serve` (what `make run` ends with) really serves the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from monitor.db import upgrade
from tests.live_server import free_port, get_when_up


def test_monitor_serve_answers_on_its_port(tmp_path: Path) -> None:
    upgrade(f"sqlite:///{tmp_path / 'monitor.sqlite3'}")
    env = {**os.environ, "MONITOR_INSTANCE_PATH": str(tmp_path)}
    env.pop("MONITOR_DATABASE_URL", None)
    port = free_port()
    cmd = [sys.executable, "-m", "monitor", "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        response = get_when_up(f"http://127.0.0.1:{port}/")
        assert response.status_code == 200
        assert "Detention Conditions Monitor" in response.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
