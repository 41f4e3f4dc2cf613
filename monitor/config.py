"""The one settings object. Every environment read in the project happens here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_SECRET = "dev-insecure-change-me"


class ConfigError(RuntimeError):
    """The settings cannot be used (for example a default secret in production)."""


@dataclass
class Settings:
    """Runtime settings; `from_env` reads MONITOR_* variables, tests pass overrides."""

    # Relative to where the command runs (`make` sets MONITOR_INSTANCE_PATH to the checkout's).
    instance_path: Path = field(default_factory=lambda: Path.cwd() / "instance")
    database_url: str = ""
    data_dir: Path = Path()
    secret_key: str = DEFAULT_SECRET
    base_url: str = "http://127.0.0.1:5000"
    smtp_url: str = ""
    mail_from: str = "Detention Conditions Monitor <alerts@localhost>"
    env: str = "development"
    user_agent_contact: str = "https://github.com/detention-monitor/monitor"
    # Parse limits by name (monitor/ingest/sandbox.py `setting_names`), from MONITOR_PARSE_*.
    parse_limits: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.instance_path = Path(self.instance_path)
        if not self.database_url:
            self.database_url = f"sqlite:///{self.instance_path / 'monitor.sqlite3'}"
        if not str(self.data_dir) or str(self.data_dir) == ".":
            self.data_dir = self.instance_path / "captures"
        self.data_dir = Path(self.data_dir)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def outbox_dir(self) -> Path:
        """Where messages are written as .eml files when no SMTP server is configured."""
        return self.instance_path / "outbox"

    def validate(self) -> None:
        """Refuse settings that must never run in production."""
        if self.is_production and self.secret_key in ("", DEFAULT_SECRET):
            raise ConfigError("MONITOR_SECRET_KEY must be set to a real secret in production")
        if self.is_production and not self.base_url.startswith("https://"):
            raise ConfigError("MONITOR_BASE_URL must be an https:// URL in production")

    @classmethod
    def from_env(cls, overrides: dict[str, Any] | None = None) -> Settings:
        """Build settings from MONITOR_* environment variables, then apply overrides."""
        env = os.environ
        values: dict[str, Any] = {}
        mapping = {
            "instance_path": "MONITOR_INSTANCE_PATH",
            "database_url": "MONITOR_DATABASE_URL",
            "data_dir": "MONITOR_DATA_DIR",
            "secret_key": "MONITOR_SECRET_KEY",
            "base_url": "MONITOR_BASE_URL",
            "smtp_url": "MONITOR_SMTP_URL",
            "mail_from": "MONITOR_MAIL_FROM",
            "env": "MONITOR_ENV",
        }
        for attr, var in mapping.items():
            if env.get(var):
                values[attr] = env[var]
        parse = {
            k[len("MONITOR_PARSE_") :].lower(): v
            for k, v in env.items()
            if k.startswith("MONITOR_PARSE_")
        }
        if parse:
            values["parse_limits"] = parse
        known = {f.name for f in fields(cls)}
        for key, value in (overrides or {}).items():
            if key in known:
                values[key] = value
            else:
                values.setdefault("extra", {})[key] = value
        return cls(**values)


def test_postgres_url() -> str | None:
    """The PostgreSQL server the test suite should also run against, if any."""
    return os.environ.get("MONITOR_TEST_POSTGRES_URL") or None
