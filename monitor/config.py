"""The one settings object. Every environment read in the project happens here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_SECRET = "dev-insecure-change-me"
# The Internet Archive's Save Page Now endpoint: GET <endpoint><url> asks it to archive <url>.
INTERNET_ARCHIVE_SAVE = "https://web.archive.org/save/"


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
    # Packet signing: the key and certificate `monitor keys create` writes, and an optional
    # RFC 3161 timestamp authority (empty: packets are signed without a trusted time).
    signing_dir: Path = Path()
    tsa_url: str = ""
    # Independent captures: submit every new public capture to a web archive's save endpoint.
    archive_captures: bool = False
    archive_save_url: str = INTERNET_ARCHIVE_SAVE
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.instance_path = Path(self.instance_path)
        if not self.database_url:
            self.database_url = f"sqlite:///{self.instance_path / 'monitor.sqlite3'}"
        if not str(self.data_dir) or str(self.data_dir) == ".":
            self.data_dir = self.instance_path / "captures"
        self.data_dir = Path(self.data_dir)
        if not str(self.signing_dir) or str(self.signing_dir) == ".":
            self.signing_dir = self.instance_path / "signing"
        self.signing_dir = Path(self.signing_dir)
        if isinstance(self.archive_captures, str):
            self.archive_captures = self.archive_captures.strip().lower() in ("1", "true", "yes")

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
            "signing_dir": "MONITOR_SIGNING_DIR",
            "tsa_url": "MONITOR_TSA_URL",
            "archive_captures": "MONITOR_ARCHIVE_CAPTURES",
            "archive_save_url": "MONITOR_ARCHIVE_SAVE_URL",
        }
        for attr, var in mapping.items():
            if env.get(var):
                values[attr] = env[var]
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
