"""The built-in secret serves only `monitor serve` on loopback; production needs a strong one."""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor import create_app
from monitor.cli import cli
from monitor.cli.core import _is_loopback
from monitor.config import ConfigError


@pytest.fixture
def bare_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An environment with no secret set, as a careless deployment would have."""
    for name in ("MONITOR_SECRET_KEY", "MONITOR_ENV", "MONITOR_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MONITOR_INSTANCE_PATH", str(tmp_path))
    return tmp_path


def test_the_wsgi_app_refuses_the_builtin_secret_in_any_env(bare_env: Path) -> None:
    with pytest.raises(ConfigError, match="built-in development secret"):
        create_app()


def test_gunicorn_cannot_load_the_app_without_a_secret(bare_env: Path) -> None:
    probe = "import monitor; monitor.create_app()"  # exactly what gunicorn calls
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "MONITOR_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("env", ["Production", "prod", "production ", "PRODUCTION"])
def test_monitor_env_accepts_only_known_values(
    bare_env: Path, monkeypatch: pytest.MonkeyPatch, env: str
) -> None:
    monkeypatch.setenv("MONITOR_ENV", env)
    monkeypatch.setenv("MONITOR_SECRET_KEY", secrets.token_urlsafe(32))
    with pytest.raises(ConfigError, match="MONITOR_ENV must be one of development, production"):
        create_app()


@pytest.mark.parametrize("secret", ["abc", "x" * 64, "0123456789abcdef0123456789abcde"])
def test_production_refuses_a_weak_secret(tmp_path: Path, secret: str) -> None:
    with pytest.raises(ConfigError, match="at least 32 random bytes"):
        create_app(_production(tmp_path, secret))


def test_production_accepts_a_generated_secret(tmp_path: Path) -> None:
    app = create_app(_production(tmp_path, secrets.token_urlsafe(32)))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["monitor.engine"].dispose()


def _production(tmp_path: Path, secret: str) -> dict[str, object]:
    return {
        "env": "production",
        "secret_key": secret,
        "base_url": "https://monitor.example",
        "instance_path": tmp_path,
        "database_url": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }


@pytest.mark.parametrize(
    "command",
    [
        ["scheduler", "--once"],
        ["mail", "send"],
        ["digests", "send", "--frequency", "daily"],
        ["serve", "--host", "0.0.0.0"],
    ],
)
def test_production_commands_refuse_the_builtin_secret(bare_env: Path, command: list[str]) -> None:
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2
    assert "MONITOR_SECRET_KEY is not set" in result.output


def test_developer_commands_still_run_on_the_builtin_secret(bare_env: Path) -> None:
    result = CliRunner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output


def test_loopback_is_only_this_machine() -> None:
    assert [_is_loopback(h) for h in ("127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost")] == [
        True
    ] * 5
    assert [_is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.5", "example.org")] == [False] * 4
