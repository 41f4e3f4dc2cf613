"""The one settings object. Every environment read in the project happens here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_SECRET = "dev-insecure-change-me"
# Exactly these; "Production" is a typo that must not quietly mean development.
KNOWN_ENVS = ("development", "production")
MIN_SECRET_BYTES = 32
# A secret of 32 bytes with fewer distinct characters than this was typed, not generated.
MIN_SECRET_DISTINCT = 10


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
    # Only the CLI sets this, for commands that never face the public (see `require_real_secret`).
    allow_dev_secret: bool = False

    def __post_init__(self) -> None:
        if self.env not in KNOWN_ENVS:
            raise ConfigError(
                f"MONITOR_ENV must be one of {', '.join(KNOWN_ENVS)}; got {self.env!r}"
            )
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

    @property
    def uses_dev_secret(self) -> bool:
        return self.secret_key in ("", DEFAULT_SECRET)

    def validate(self) -> None:
        """Refuse settings that must never serve anyone: the built-in secret, a weak one."""
        if self.uses_dev_secret and not (self.allow_dev_secret and not self.is_production):
            raise ConfigError(
                "MONITOR_SECRET_KEY is not set: the built-in development secret only serves "
                "`monitor serve` on a loopback address"
            )
        if self.is_production:
            self._validate_production()

    def _validate_production(self) -> None:
        secret = self.secret_key.encode()
        if len(secret) < MIN_SECRET_BYTES or len(set(secret)) < MIN_SECRET_DISTINCT:
            raise ConfigError(
                f"MONITOR_SECRET_KEY must be at least {MIN_SECRET_BYTES} random bytes in "
                "production; make one with: python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'"
            )
        if not self.base_url.startswith("https://"):
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


def require_real_secret(settings: Settings) -> None:
    """Refuse the built-in secret here, even when the CLI allowed it (scheduler, mail, serve)."""
    settings.allow_dev_secret = False
    settings.validate()
