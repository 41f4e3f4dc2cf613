"""What governs one source's requests: the policy, conditional-request memory, counters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from monitor.config import Settings
from monitor.version import __version__
from scrapers._base import SourceInfo

MB = 1024 * 1024


@dataclass
class FetchPolicy:
    """Everything that governs how one source's requests are made."""

    user_agent: str
    allowed_hosts: tuple[str, ...]
    requests_per_second: float = 1.0
    timeout: float = 30.0
    max_bytes: int = 50 * MB
    max_retries: int = 4
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 300.0
    max_redirects: int = 5
    respect_robots: bool = True
    allow_loopback: bool = False
    check_dns: bool = True
    max_workers: int = 4


def user_agent(settings: Settings) -> str:
    """The identifying User-Agent, with the project's contact URL."""
    return f"DetentionConditionsMonitor/{__version__} (+{settings.user_agent_contact})"


def policy_for(settings: Settings, info: SourceInfo, **overrides: Any) -> FetchPolicy:
    """The policy for a source: its hosts and rate, settings' overrides, then explicit ones."""
    values: dict[str, Any] = {
        "user_agent": user_agent(settings),
        "allowed_hosts": tuple(info.allowed_hosts),
        "requests_per_second": info.requests_per_second,
    }
    values.update(settings.fetch.overrides())
    values.update(overrides)
    return FetchPolicy(**values)


@dataclass
class Validators:
    """Conditional-request memory of one URL."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Fetched:
    """One URL's outcome, for FetchState and the run summary."""

    url: str
    status: int
    etag: str | None = None
    last_modified: str | None = None
    size: int = 0


@dataclass
class FetchStats:
    """Counters of one run (thread-safe through the fetcher's lock)."""

    requests: int = 0
    body_bytes: int = 0
    not_modified: int = 0
    retries: int = 0
    fetched: list[Fetched] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # documents the server says are gone
