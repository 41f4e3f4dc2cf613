"""The built wheel works on its own: installed in a fresh virtualenv outside the checkout.

Nothing may read files relative to the repository: templates, static files, migrations and
Alembic's configuration must come from the installed package. The commands run from a
working folder outside the checkout, with the checkout's copy of the package out of reach.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.live_server import free_port, get_when_up

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.wheel


def _run(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: int = 600) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh virtualenv with the wheel (and its dependencies) installed, and its env."""
    base = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONITOR_", "PYTHON"))}
    env["MONITOR_INSTANCE_PATH"] = str(base / "instance")
    _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base), str(ROOT)],
        cwd=base,
        env=env,
    )
    wheel = next(base.glob("detention_monitor-*.whl"))
    _run([sys.executable, "-m", "venv", str(base / "venv")], cwd=base, env=env)
    _run([str(base / "venv/bin/pip"), "install", "-q", str(wheel)], cwd=base, env=env, timeout=900)
    return base, env


def test_wheel_carries_templates_static_and_migrations(
    installed: tuple[Path, dict[str, str]],
) -> None:
    base, _ = installed
    names = zipfile.ZipFile(next(base.glob("*.whl"))).namelist()
    for expected in (
        "monitor/templates/base.html",
        "monitor/translations/es/LC_MESSAGES/messages.mo",
        "monitor/templates/errors/error.html",
        "monitor/templates/packets/separators.html",
        "monitor/static/site.css",
        "monitor/migrations/alembic.ini",
        "monitor/migrations/env.py",
        "monitor/migrations/versions/0001_initial.py",
    ):
        assert expected in names


def test_installed_commands_migrate_load_demo_and_build_a_packet(
    installed: tuple[Path, dict[str, str]],
) -> None:
    base, env = installed
    monitor = str(base / "venv/bin/monitor")
    _run([monitor, "db", "upgrade"], cwd=base, env=env)
    _run([monitor, "demo"], cwd=base, env=env)
    _run(
        [monitor, "packet", "torrance-county-detention-facility", "--out", str(base / "p.zip")],
        cwd=base,
        env=env,
    )
    with zipfile.ZipFile(base / "p.zip") as packet:
        assert any(name.endswith("packet.pdf") for name in packet.namelist())


def test_installed_server_serves_pages_and_static_files(
    installed: tuple[Path, dict[str, str]],
) -> None:
    base, env = installed
    monitor = str(base / "venv/bin/monitor")
    _run([monitor, "db", "upgrade"], cwd=base, env=env)
    port = free_port()
    proc = subprocess.Popen(
        [monitor, "serve", "--port", str(port)],
        cwd=base,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        home = get_when_up(f"http://127.0.0.1:{port}/")
        assert home.status_code == 200
        assert "Detention Conditions Monitor" in home.text
        spanish = httpx.get(f"http://127.0.0.1:{port}/?lang=es")
        assert "Monitor de Condiciones de Detención" in spanish.text
        assert httpx.get(f"http://127.0.0.1:{port}/static/site.css").status_code == 200
        missing = httpx.get(f"http://127.0.0.1:{port}/no-such-page")
        assert missing.status_code == 404
        assert "not found" in missing.text.lower()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
