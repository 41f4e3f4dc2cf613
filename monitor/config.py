"""The one settings object. Every environment read in the project happens here.

Everything a deployer tunes is a typed field: top-level ones read `MONITOR_<FIELD>`, the
sections read `MONITOR_<SECTION>_<FIELD>` (`MONITOR_ALERT_OPEN_AGE_HIGH_DAYS=900`,
`MONITOR_MAIL_BATCH_SIZE=50`). A `MONITOR_*` variable or an override that names no setting is
refused at start-up, so a misspelt key fails loudly instead of being ignored.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

DEFAULT_SECRET = "dev-insecure-change-me"
# The Internet Archive's Save Page Now endpoint: GET <endpoint><url> asks it to archive <url>.
INTERNET_ARCHIVE_SAVE = "https://web.archive.org/save/"
# Bates numbers read DCM-000001 unless a packet asks for another prefix.
DEFAULT_BATES_PREFIX = "DCM"
ENV_PREFIX = "MONITOR_"
# Variables read by the test suite and CI scripts, not by the application.
TOOLING_VARIABLES = frozenset({"MONITOR_TEST_POSTGRES_URL", "MONITOR_CHROMIUM"})
# Settings only code may set: no environment variable can allow the built-in secret.
CODE_ONLY = frozenset({"allow_dev_secret"})
# Exactly these; "Production" is a typo that must not quietly mean development.
KNOWN_ENVS = ("development", "production")
MIN_SECRET_BYTES = 32
# A secret of 32 bytes with fewer distinct characters than this was typed, not generated.
MIN_SECRET_DISTINCT = 10


class ConfigError(RuntimeError):
    """The settings cannot be used (a default secret in production, an unknown key...)."""


@dataclass
class AlertThresholds:
    """Every number an alert rule compares against (domain.md section 8)."""

    response_due_days: int = 90
    resolution_due_days: int = 183
    overdue_high_days: int = 180
    overdue_critical_days: int = 365
    ecd_slips: int = 2
    open_age_warning_days: int = 365
    open_age_high_days: int = 730
    repeat_window_days: int = 730
    repeat_inspections: int = 2
    critical_new_days: int = 365
    management_alert_days: int = 365
    contradiction_window_days: int = 180
    many_deficiencies: int = 10
    inspection_gap_days: int = 365
    inspection_gap_min_adp: float = 10.0
    staffing_warning_pct: float = 80.0
    staffing_critical_pct: float = 60.0
    staffing_medical_pct: float = 70.0
    staffing_persistent_days: int = 90
    guaranteed_min_cut_pct: float = 20.0
    death_report_days: int = 90
    source_silent_factor: float = 1.5
    source_failures: int = 3


@dataclass
class MailSettings:
    """Delivery pace and abuse limits of outgoing mail."""

    batch_size: int = 100
    claim_seconds: int = 300
    backoff_seconds: int = 60
    max_backoff_seconds: int = 600
    max_attempts: int = 200
    # Above this many alert mails for one person in one pass, they get one summary instead.
    max_single_per_pass: int = 10
    subscribe_per_client_per_hour: int = 10
    subscribe_per_address_per_hour: int = 3


@dataclass
class SchedulerSettings:
    """The scheduler process: its leader lease and how often it sends mail."""

    lease_seconds: float = 30.0
    poll_seconds: float = 5.0
    mail_every_seconds: int = 60


@dataclass
class FetchSettings:
    """Overrides of every source's fetch policy (None keeps the source's own value)."""

    allowed_hosts: tuple[str, ...] | None = None
    requests_per_second: float | None = None
    timeout: float | None = None
    max_bytes: int | None = None
    max_retries: int | None = None
    backoff_base: float | None = None
    backoff_max: float | None = None
    max_retry_after: float | None = None
    max_redirects: int | None = None
    respect_robots: bool | None = None
    allow_loopback: bool | None = None
    check_dns: bool | None = None
    max_workers: int | None = None

    def overrides(self) -> dict[str, Any]:
        """The fields that were set, for FetchPolicy."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


@dataclass
class ParseSettings:
    """What parsing one file may use (scrapers/_limits; docs/capture.md explains each)."""

    max_input_mb: int = 200
    max_decompressed_mb: int = 128
    max_member_mb: int = 64
    max_zip_members: int = 2_000
    max_pages: int = 5_000
    max_rows: int = 100_000
    max_columns: int = 2_000
    max_cells: int = 5_000_000
    max_shared_strings: int = 1_000_000
    max_nesting: int = 256
    memory_mb: int = 768
    cpu_seconds: int = 120
    wall_seconds: float = 240.0  # above OCR's own 180 s limit (scrapers/_ocr.py)


@dataclass
class OcrSettings:
    """Bounds of OCR for one scanned document (exceeding one is OcrLimitExceeded)."""

    max_pages: int = 40
    seconds: float = 180.0
    dpi: int = 200
    max_pixels: int = 40_000_000
    workers: int = 2  # pages read at once: one Tesseract per core

    def limits(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


SECTIONS: dict[str, type] = {
    "alerts": AlertThresholds,
    "mail": MailSettings,
    "scheduler": SchedulerSettings,
    "fetch": FetchSettings,
    "parse": ParseSettings,
    "ocr": OcrSettings,
}
# Environment prefix of each section (MONITOR_ALERT_..., MONITOR_MAIL_...).
SECTION_ENV = {
    "alerts": "ALERT",
    "mail": "MAIL",
    "scheduler": "SCHEDULER",
    "fetch": "FETCH",
    "parse": "PARSE",
    "ocr": "OCR",
}


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
    # Packet signing: the key and certificate `monitor keys create` writes (default
    # instance/signing), and an RFC 3161 timestamp authority (empty: no trusted timestamp).
    signing_dir: Path = Path()
    tsa_url: str = ""
    # Independent captures: submit every new public capture to a web archive's save endpoint.
    archive_captures: bool = False
    archive_save_url: str = INTERNET_ARCHIVE_SAVE
    # Days an unsubscribed or unconfirmed address is kept before only its keyed hash remains.
    retention_days: int = 30
    # Seconds a shared cache may serve a public page before revalidating (ETag, 304).
    public_max_age: int = 60
    # A mirror or local server standing in for a source's start URL, by source key.
    start_urls: dict[str, str] = field(default_factory=dict)
    alerts: AlertThresholds = field(default_factory=AlertThresholds)
    mail: MailSettings = field(default_factory=MailSettings)
    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    parse: ParseSettings = field(default_factory=ParseSettings)
    # Keys sealing private note text, newest first (monitor/accounts/sealing.py); none: derived.
    data_keys: tuple[str, ...] = ()
    # Reverse proxies in front of the app whose X-Forwarded-* headers are believed (0: none).
    trusted_proxy_hops: int = 0
    # A login ends after this long without a request, and after this long whatever happens.
    session_idle_minutes: int = 120
    session_max_hours: int = 12
    # Only the CLI sets this, for commands that never face the public (`require_real_secret`).
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
        if not str(self.signing_dir) or str(self.signing_dir) == ".":
            self.signing_dir = self.instance_path / "signing"
        self.signing_dir = Path(self.signing_dir)

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
        if any(len(key) < MIN_SECRET_BYTES for key in self.data_keys):
            raise ConfigError(
                f"each of MONITOR_DATA_KEYS must be at least {MIN_SECRET_BYTES} characters"
            )

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
    def from_env(
        cls, overrides: Mapping[str, Any] | None = None, *, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Build settings from MONITOR_* variables, then apply overrides; unknown keys fail."""
        values = _read_environment(os.environ if environ is None else environ)
        for key, value in (overrides or {}).items():
            if key == "TESTING":  # Flask's own flag, handled by create_app
                continue
            if key in SECTIONS:
                values[key] = _merge_section(key, values.get(key), value)
            elif key in _top_level_fields():
                values[key] = value
            else:
                raise ConfigError(f"unknown setting {key!r}")
        return cls(**values)


def _top_level_fields() -> set[str]:
    return {f.name for f in fields(Settings)} - set(SECTIONS)


def _merge_section(name: str, current: Any, value: Any) -> Any:
    """A section built from defaults, the environment's values, then the override's."""
    section_type = SECTIONS[name]
    if isinstance(value, section_type):
        return value
    if not isinstance(value, Mapping):
        raise ConfigError(f"setting {name!r} takes a mapping of {section_type.__name__} fields")
    known = {f.name for f in fields(section_type)}
    unknown = sorted(set(value) - known)
    if unknown:
        raise ConfigError(f"unknown {name} setting(s): {', '.join(unknown)}")
    base = current if current is not None else section_type()
    return dataclasses.replace(base, **dict(value))


def _read_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Typed values of every MONITOR_* variable; an unknown one is a ConfigError."""
    targets = _environment_targets()
    values: dict[str, Any] = {}
    sections: dict[str, dict[str, Any]] = {}
    unknown = []
    for var, raw in environ.items():
        if not var.startswith(ENV_PREFIX) or var in TOOLING_VARIABLES:
            continue
        target = targets.get(var)
        if target is None:
            unknown.append(var)
            continue
        section, name, kind = target
        parsed = _parse(var, raw, kind)
        if section is None:
            values[name] = parsed
        else:
            sections.setdefault(section, {})[name] = parsed
    if unknown:
        raise ConfigError(f"unknown setting(s) in the environment: {', '.join(sorted(unknown))}")
    for section, given in sections.items():
        values[section] = dataclasses.replace(SECTIONS[section](), **given)
    return values


def _environment_targets() -> dict[str, tuple[str | None, str, Any]]:
    """Each accepted variable name and the (section, field, type) it sets."""
    targets: dict[str, tuple[str | None, str, Any]] = {}
    hints = get_type_hints(Settings)
    for name in _top_level_fields() - CODE_ONLY:
        targets[f"{ENV_PREFIX}{name.upper()}"] = (None, name, hints[name])
    for section, section_type in SECTIONS.items():
        section_hints = get_type_hints(section_type)
        for f in fields(section_type):
            var = f"{ENV_PREFIX}{SECTION_ENV[section]}_{f.name.upper()}"
            targets[var] = (section, f.name, section_hints[f.name])
    return targets


def _parse(var: str, raw: str, kind: Any) -> Any:
    """One environment string as the field's type (bool: 1/0, true/false, yes/no, on/off)."""
    base = _base_type(kind)
    try:
        if base is bool:
            return _parse_bool(raw)
        if base in (int, float):
            return base(raw)
        if base is dict:
            return _parse_mapping(raw)
        if base is tuple:
            return tuple(part.strip() for part in raw.split(",") if part.strip())
        if base is Path:
            return Path(raw)
        return raw
    except ValueError as exc:
        raise ConfigError(f"{var}={raw!r}: {exc}") from exc


def _base_type(kind: Any) -> Any:
    """`int` for `int | None`, `dict` for `dict[str, str]`, the type itself otherwise."""
    origin = get_origin(kind)
    if origin in (dict, tuple):
        return origin
    if origin in (Union, UnionType):
        return _base_type(next(arg for arg in get_args(kind) if arg is not type(None)))
    return kind


def _parse_bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected true or false")


def _parse_mapping(raw: str) -> dict[str, str]:
    """`key=value,key=value` (for MONITOR_START_URLS)."""
    pairs = [p for p in (part.strip() for part in raw.split(",")) if p]
    if any("=" not in p for p in pairs):
        raise ValueError("expected key=value pairs separated by commas")
    return dict(p.split("=", 1) for p in pairs)


def require_real_secret(settings: Settings) -> None:
    """Refuse the built-in secret here, even when the CLI allowed it (scheduler, mail, serve)."""
    settings.allow_dev_secret = False
    settings.validate()


def test_postgres_url() -> str | None:
    """The PostgreSQL server the test suite should also run against, if any."""
    return os.environ.get("MONITOR_TEST_POSTGRES_URL") or None
