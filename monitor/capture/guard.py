"""The parts of the HTTP policy that decide whether and when a request may go out.

Allowed hosts and address checks (no private, loopback or link-local targets unless a test
allows loopback), a per-host rate limiter, robots.txt, and Retry-After / backoff timing.
"""

from __future__ import annotations

import ipaddress
import random
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from scrapers._base import NotAllowed, SourceUnavailable

Resolver = Callable[[str], list[str]]


def resolve_host(host: str) -> list[str]:
    """Every address a host name resolves to."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise SourceUnavailable(f"cannot resolve host {host}: {exc}") from exc
    return sorted({str(info[4][0]) for info in infos})


class HostGuard:
    """Refuses URLs outside the allowed hosts or pointing at non-public addresses."""

    def __init__(
        self,
        allowed_hosts: tuple[str, ...],
        *,
        allow_loopback: bool = False,
        resolver: Resolver | None = resolve_host,
    ) -> None:
        self.allowed = {h.lower() for h in allowed_hosts}
        self.allow_loopback = allow_loopback
        self.resolver = resolver
        self._checked: dict[str, None] = {}

    def check(self, url: str) -> None:
        """Raise NotAllowed unless `url` is http(s) on an allowed, public host."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            raise NotAllowed(f"only http(s) URLs may be fetched, not {url!r}", url=url)
        if host not in self.allowed:
            raise NotAllowed(f"host {host} is not among this source's allowed hosts", url=url)
        if host in self._checked:
            return
        for address in self._addresses(host):
            self._check_address(address, url)
        self._checked[host] = None

    def _addresses(self, host: str) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            # A resolver of None (fake transports) checks only literal addresses.
            return self.resolver(host) if self.resolver else []

    def _check_address(self, address: str, url: str) -> None:
        ip = ipaddress.ip_address(address)
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 reaches 10.0.0.1
        if ip.is_loopback and self.allow_loopback:
            return
        # `is_global` is False for every special-purpose range (IANA registries), including
        # carrier-grade NAT 100.64.0.0/10 and documentation ranges, which `is_private` misses.
        if not ip.is_global or ip.is_multicast:
            raise NotAllowed(
                f"{address} is not a public address (private, loopback, link-local, shared or reserved)",
                url=url,
            )


_DEFAULT_PORTS = {"http": 80, "https": 443}


def check_redirect(current: str, target: str) -> None:
    """Refuse a redirect from https to http, or to another port than the one asked."""
    before, after = urlsplit(current), urlsplit(target)
    if before.scheme == "https" and after.scheme != "https":
        raise NotAllowed(f"redirect from https to {after.scheme} refused", url=target)
    port_before = before.port or _DEFAULT_PORTS.get(before.scheme)
    port_after = after.port or _DEFAULT_PORTS.get(after.scheme)
    if port_after != port_before and not (before.port is None and after.port is None):
        raise NotAllowed(f"redirect to port {port_after} refused (asked {port_before})", url=target)


class RateLimiter:
    """Spaces request starts to the same host at least 1/rate seconds apart (thread-safe)."""

    def __init__(
        self,
        requests_per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / requests_per_second
        self.clock = clock
        self.sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Block until this host's next slot; returns the seconds waited."""
        with self._lock:
            now = self.clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval
        delay = slot - now
        if delay > 0:
            self.sleep(delay)
        return delay


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(attempt: int, *, base: float, cap: float) -> float:
    """Exponential backoff with full jitter in its upper half (attempt counts from 0)."""
    ceiling = min(cap, base * (2**attempt))
    return ceiling * (0.5 + random.random() / 2)  # noqa: S311  (jitter, not cryptography)


class RobotsCache:
    """robots.txt per host, fetched once per run through a caller-supplied getter."""

    def __init__(self, user_agent: str, fetch_text: Callable[[str], tuple[int, str]]) -> None:
        self.user_agent = user_agent
        self.fetch_text = fetch_text
        self._parsers: dict[str, RobotFileParser] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets this user agent fetch `url`."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            parser = self._parsers.get(origin)
            if parser is None:
                parser = self._load(origin)
                self._parsers[origin] = parser
        return parser.can_fetch(self.user_agent, url)

    def _load(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(origin + "/robots.txt")
        status, text = self.fetch_text(origin + "/robots.txt")
        if 400 <= status < 500:
            parser.allow_all = True  # type: ignore[attr-defined]  # no robots.txt: everything is allowed (RFC 9309)
        elif status >= 500:
            parser.disallow_all = True  # type: ignore[attr-defined]  # unreachable robots.txt: assume complete disallow
        else:
            parser.parse(text.splitlines())
        return parser
