"""The HTTP policy, against a local server on a real socket (pytest-httpserver)."""

from __future__ import annotations

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.capture.client import Fetcher, FetchPolicy, Validators, user_agent
from monitor.capture.guard import HostGuard, RateLimiter, retry_after_seconds
from monitor.config import Settings
from scrapers._base import NotAllowed, ResponseTooLarge, RobotsDisallowed, SourceUnavailable

UA = user_agent(Settings(user_agent_contact="https://example.org/contact"))


def _fetcher(**policy) -> Fetcher:
    values = dict(
        user_agent=UA,
        allowed_hosts=("localhost", "127.0.0.1"),
        allow_loopback=True,
        requests_per_second=1000.0,
        respect_robots=False,
        backoff_base=0.01,
    )
    values.update(policy)
    return Fetcher(FetchPolicy(**values))


def test_requests_identify_the_project_with_a_contact_url(httpserver: HTTPServer) -> None:
    seen = []
    httpserver.expect_request("/page").respond_with_handler(
        lambda request: seen.append(request.headers["User-Agent"]) or Response("ok")
    )
    with _fetcher() as client:
        page = client.get(httpserver.url_for("/page"))
    assert page is not None and page.content == b"ok"
    assert seen == [UA] and "https://example.org/contact" in UA


def test_503_then_success_is_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/flaky").respond_with_data("busy", status=503)
    httpserver.expect_request("/flaky").respond_with_data("fine")
    with _fetcher() as client:
        page = client.get(httpserver.url_for("/flaky"))
        assert client.stats.retries == 1
    assert page is not None and page.content == b"fine"


def test_429_waits_as_long_as_retry_after_says(httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/slow").respond_with_data(
        "wait", status=429, headers={"Retry-After": "2"}
    )
    httpserver.expect_request("/slow").respond_with_data("done")
    waits: list[float] = []
    values = dict(
        user_agent=UA,
        allowed_hosts=("localhost",),
        allow_loopback=True,
        requests_per_second=1000.0,
        respect_robots=False,
    )
    with Fetcher(FetchPolicy(**values), sleep=waits.append) as client:
        page = client.get(httpserver.url_for("/slow"))
    assert page is not None and page.content == b"done"
    assert 2.0 in waits


def test_persistent_5xx_ends_in_source_unavailable(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/down").respond_with_data("no", status=500)
    with _fetcher(max_retries=2) as client, pytest.raises(SourceUnavailable, match="3 attempts"):
        client.get(httpserver.url_for("/down"))


def test_redirect_to_another_host_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/moved").respond_with_data(
        "", status=302, headers={"Location": "https://evil.example.com/x"}
    )
    with _fetcher() as client, pytest.raises(NotAllowed, match="evil.example.com"):
        client.get(httpserver.url_for("/moved"))


def test_redirect_within_allowed_hosts_is_followed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data("here")
    with _fetcher() as client:
        page = client.get(httpserver.url_for("/old"))
    assert page is not None and page.final_url.endswith("/new")


def test_oversized_response_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000)
    with _fetcher(max_bytes=1000) as client, pytest.raises(ResponseTooLarge):
        client.get(httpserver.url_for("/big"))


def test_oversized_streamed_response_without_length_is_refused(httpserver: HTTPServer) -> None:
    def stream(_request: Request) -> Response:
        return Response((b"y" * 500 for _ in range(10)), direct_passthrough=True)

    httpserver.expect_request("/stream").respond_with_handler(stream)
    with _fetcher(max_bytes=1000) as client, pytest.raises(ResponseTooLarge):
        client.get(httpserver.url_for("/stream"))


def test_robots_txt_is_honoured(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private\n"
    )
    httpserver.expect_request("/public").respond_with_data("ok")
    with _fetcher(respect_robots=True) as client:
        assert client.get(httpserver.url_for("/public")) is not None
        with pytest.raises(RobotsDisallowed):
            client.get(httpserver.url_for("/private/file"))


def test_conditional_request_gets_304_and_no_body(httpserver: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response("body", headers={"ETag": '"v1"'})

    httpserver.expect_request("/doc").respond_with_handler(handler)
    url = httpserver.url_for("/doc")
    with _fetcher() as client:
        first = client.get(url)
    with Fetcher(_fetcher().policy, validators={url: Validators(etag='"v1"')}) as client:
        second = client.get(url)
        assert client.stats.body_bytes == 0 and client.stats.not_modified == 1
    assert first is not None and first.headers["etag"] == '"v1"'
    assert second is None


def test_loopback_is_refused_unless_allowed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("ok")
    with _fetcher(allow_loopback=False) as client, pytest.raises(NotAllowed, match="loopback"):
        client.get(httpserver.url_for("/x"))


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
        "http://192.168.1.1/",
        "ftp://www.oig.dhs.gov/x",
        "https://other.example.org/x",
    ],
)
def test_private_addresses_and_other_hosts_are_refused(url: str) -> None:
    hosts = ("10.0.0.5", "169.254.169.254", "::1", "192.168.1.1", "www.oig.dhs.gov")
    guard = HostGuard(hosts, resolver=None)
    with pytest.raises(NotAllowed):
        guard.check(url)


def test_rate_limit_spaces_requests_per_host() -> None:
    now = [0.0]
    slept: list[float] = []
    limiter = RateLimiter(2.0, clock=lambda: now[0], sleep=slept.append)
    for _ in range(3):
        limiter.wait("a.example")
    limiter.wait("b.example")
    assert slept == [0.5, 1.0]


def test_retry_after_accepts_an_http_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Mon, 01 Jan 2024 12:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("soon") is None


def test_connection_errors_are_retried_then_named() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    policy = FetchPolicy(
        user_agent=UA,
        allowed_hosts=("www.oig.dhs.gov",),
        check_dns=False,
        respect_robots=False,
        max_retries=1,
        backoff_base=0.0,
    )
    with (
        Fetcher(policy, transport=httpx.MockTransport(refuse)) as client,
        pytest.raises(SourceUnavailable, match="connection failed"),
    ):
        client.get("https://www.oig.dhs.gov/x")


def test_get_many_starts_every_download_at_once_and_keeps_order() -> None:
    import re
    import threading

    from monitor.capture.client import Request as Get

    arrived = threading.Barrier(3, timeout=5)

    def slow(request: Request) -> Response:
        arrived.wait()  # only passes when all three requests are in flight together
        return Response(request.path)

    server = HTTPServer(threaded=True)
    server.expect_request(re.compile("/p.")).respond_with_handler(slow)
    server.start()
    try:
        with _fetcher(max_workers=3) as client:
            pages = client.get_many([Get(server.url_for(f"/p{i}")) for i in range(3)])
            assert [p.content for p in pages] == [b"/p0", b"/p1", b"/p2"]
    finally:
        server.clear()
        server.stop()


def test_last_modified_is_sent_back_as_if_modified_since(httpserver: HTTPServer) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"

    def handler(request: Request) -> Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response("page", headers={"Last-Modified": stamp})

    httpserver.expect_request("/lm").respond_with_handler(handler)
    url = httpserver.url_for("/lm")
    with Fetcher(_fetcher().policy, validators={url: Validators(last_modified=stamp)}) as client:
        assert client.get(url) is None
    with _fetcher() as client:
        page = client.get(url)
    assert page is not None and page.headers["last-modified"] == stamp
