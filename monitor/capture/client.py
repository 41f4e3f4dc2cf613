"""The one HTTP client factory: every request a source makes goes through `Fetcher`.

The policy: an identifying User-Agent with a contact URL, timeouts, a per-host rate limit,
retries with exponential backoff and jitter on connection errors, 5xx and 429 (honouring
Retry-After), a response size cap, robots.txt, conditional requests (ETag/Last-Modified),
allowed hosts per source, and no redirects to other hosts or non-public addresses.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from monitor.capture.guard import (
    HostGuard,
    RateLimiter,
    RobotsCache,
    backoff_seconds,
    check_redirect,
    resolve_host,
    retry_after_seconds,
)
from monitor.capture.policy import (
    Fetched,
    FetchPolicy,
    FetchStats,
    Validators,
    policy_for,
    user_agent,
)
from monitor.models import utcnow
from scrapers._base import (
    NotAllowed,
    Page,
    Request,
    ResponseTooLarge,
    RobotsDisallowed,
    SourceUnavailable,
)

__all__ = [
    "FetchPolicy",
    "FetchStats",
    "Fetched",
    "Fetcher",
    "Request",
    "Validators",
    "policy_for",
    "user_agent",
]
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY_STATUSES = {429, 500, 502, 503, 504}
# A single report or PDF that is gone must not stop a whole run (see Fetcher._missing).
_GONE = {404, 410}
# RFC 9309: follow at least five redirects for robots.txt, then treat it as unreachable.
_ROBOTS_REDIRECTS = 5
_UNREACHABLE = 503


class Fetcher:
    """The client handed to a source's `fetch(client)`."""

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        validators: Mapping[str, Validators] | None = None,
        transport: httpx.BaseTransport | None = None,
        known: set[str] | None = None,
        since: date | None = None,
        start_url: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy
        self.validators = dict(validators or {})
        self.known = set(known or ())  # external ids already captured (stop paginating there)
        self.since = since
        self.start_url = start_url
        self.stats = FetchStats()
        self.sleep = sleep
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self.guard = HostGuard(
            policy.allowed_hosts,
            allow_loopback=policy.allow_loopback,
            resolver=resolve_host if policy.check_dns else None,
        )
        self.limiter = RateLimiter(policy.requests_per_second, sleep=sleep)
        self.robots = RobotsCache(policy.user_agent, self._robots_text)
        self.client = httpx.Client(
            headers={"User-Agent": policy.user_agent},
            timeout=policy.timeout,
            follow_redirects=False,
            transport=transport,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop background fetches and release connections."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self.client.close()

    def url(self, default: str) -> str:
        """The start URL of the source (a test may point it at a local server)."""
        return self.start_url or default

    # ------------------------------------------------------------ public API

    def get(
        self,
        url: str,
        *,
        kind_hint: str | None = None,
        meta: dict[str, Any] | None = None,
        conditional: bool = True,
    ) -> Page | None:
        """Fetch `url`; None when it has not changed (304) or a document is gone (404/410)."""
        return self.fetch(Request(url, kind_hint, dict(meta or {}), conditional))

    def get_many(self, requests: Sequence[Request]) -> Iterator[Page | None]:
        """Fetch several URLs in parallel (within the per-host rate limit), yielding in order.

        Downloads continue in the background while the caller handles earlier pages.
        """
        futures = [self.submit(request) for request in requests]  # all start now
        return (future.result() for future in futures)

    def submit(self, request: Request) -> Future[Page | None]:
        """Start fetching in the background; `.result()` gives the page or raises."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                max_workers=max(1, self.policy.max_workers), thread_name_prefix="fetch"
            )
        return self._pool.submit(self.fetch, request)

    def fetch(self, request: Request) -> Page | None:
        """Fetch one request through the whole policy."""
        url = request.url
        self.guard.check(url)
        if self.policy.respect_robots and not self.robots.allowed(url):
            raise RobotsDisallowed("robots.txt does not allow this URL", url=url)
        sent = self._conditional_headers(url) if request.conditional and not self.since else {}
        response, final_url, body = self._follow(url, sent)
        with self._lock:
            self.stats.fetched.append(
                Fetched(
                    url,
                    response.status_code,
                    response.headers.get("etag"),
                    response.headers.get("last-modified"),
                    len(body),
                )
            )
            if response.status_code == 304:
                self.stats.not_modified += 1
        if response.status_code == 304:
            return None
        if response.status_code in _GONE:
            self._missing(request, response.status_code)
            return None
        return Page(
            url=url,
            content=body,
            content_type=response.headers.get("content-type"),
            final_url=final_url,
            status=response.status_code,
            headers=dict(response.headers),
            fetched_at=utcnow(),
            kind_hint=request.kind_hint,
            meta={
                **request.meta,
                "request_headers": {"User-Agent": self.policy.user_agent, **sent},
            },
        )

    # ------------------------------------------------------------ internals

    def _conditional_headers(self, url: str) -> dict[str, str]:
        known = self.validators.get(url)
        headers: dict[str, str] = {}
        if known and known.etag:
            headers["If-None-Match"] = known.etag
        if known and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        return headers

    def _follow(self, url: str, headers: dict[str, str]) -> tuple[httpx.Response, str, bytes]:
        """Send the request, following only redirects that pass the guard."""
        current = url
        for _ in range(self.policy.max_redirects + 1):
            response, body = self._with_retries(current, headers)
            if response.status_code not in _REDIRECTS:
                self._raise_for_status(response, current)
                return response, current, body
            location = response.headers.get("location")
            if not location:
                raise SourceUnavailable("redirect without a Location header", url=current)
            target = urljoin(current, location)
            try:
                check_redirect(current, target)
                self.guard.check(target)
            except NotAllowed as exc:
                raise NotAllowed(f"redirect to {target} refused: {exc}", url=url) from exc
            current = target
        raise SourceUnavailable(f"more than {self.policy.max_redirects} redirects", url=url)

    def _missing(self, request: Request, status: int) -> None:
        """A listing that is gone stops the run; a gone document is noted and skipped."""
        if request.kind_hint == "listing":
            raise SourceUnavailable(f"the server answered HTTP {status}", url=request.url)
        with self._lock:
            self.stats.missing.append(f"HTTP {status} for {request.url}")

    def _raise_for_status(self, response: httpx.Response, url: str) -> None:
        status = response.status_code
        if status == 304 or 200 <= status < 300 or status in _GONE:
            return
        raise SourceUnavailable(f"the server answered HTTP {status}", url=url)

    def _with_retries(self, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
        """One logical request: retried on connection errors, 5xx and 429."""
        attempt = 0
        while True:
            self.limiter.wait(urlsplit(url).netloc)
            try:
                response, body = self._send(url, headers)
            except httpx.TransportError as exc:
                delay = self._retry_delay(attempt, None, url, f"connection failed ({exc})")
            else:
                if response.status_code not in _RETRY_STATUSES:
                    return response, body
                delay = self._retry_delay(attempt, response, url, f"HTTP {response.status_code}")
            attempt += 1
            with self._lock:
                self.stats.retries += 1
            self.sleep(delay)

    def _retry_delay(
        self, attempt: int, response: httpx.Response | None, url: str, what: str
    ) -> float:
        """Seconds to wait before the next attempt, or SourceUnavailable when out of tries."""
        if attempt >= self.policy.max_retries:
            raise SourceUnavailable(f"{what} after {attempt + 1} attempts", url=url)
        asked = retry_after_seconds(response.headers.get("retry-after")) if response else None
        if asked is not None:
            if asked > self.policy.max_retry_after:
                raise SourceUnavailable(
                    f"{what}; server asked to retry after {asked:.0f} s", url=url
                )
            return asked
        return backoff_seconds(attempt, base=self.policy.backoff_base, cap=self.policy.backoff_max)

    def _send(self, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
        """Stream one response, enforcing the size cap before and while reading."""
        cap = self.policy.max_bytes
        with self.client.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise ResponseTooLarge(f"{int(declared):,} bytes declared, cap {cap:,}", url=url)
            chunks: list[bytes] = []
            size = 0
            # The timeout bounds each read; a server dripping a byte at a time would never
            # trip it, so the whole response gets the same time too.
            deadline = time.monotonic() + self.policy.timeout
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise ResponseTooLarge(f"more than {cap:,} bytes, the cap", url=url)
                if time.monotonic() > deadline:
                    raise SourceUnavailable(
                        f"the response took over {self.policy.timeout:g} s", url=url
                    )
                chunks.append(chunk)
        with self._lock:
            self.stats.requests += 1
            self.stats.body_bytes += size
        return response, b"".join(chunks)

    def _robots_text(self, robots_url: str) -> tuple[int, str]:
        """Fetch robots.txt (rate-limited, retried, redirects followed as RFC 9309 says)."""
        current = robots_url
        for _ in range(_ROBOTS_REDIRECTS + 1):
            try:
                self.guard.check(current)
            except NotAllowed:
                return _UNREACHABLE, ""  # a robots.txt we may not read: assume disallow all
            response, body = self._with_retries(current, {})
            location = response.headers.get("location")
            if response.status_code not in _REDIRECTS or not location:
                return response.status_code, body.decode("utf-8", "replace")
            target = urljoin(current, location)
            try:
                check_redirect(current, target)
            except NotAllowed:
                return _UNREACHABLE, ""
            current = target
        return _UNREACHABLE, ""  # too many redirects: unreachable, so disallow all
