"""Fetcher holes from issue 14: shared address space, downgrades, slow drips, robots redirects."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.capture.guard import HostGuard, check_redirect
from scrapers._base import NotAllowed, RobotsDisallowed, SourceUnavailable
from tests.capture.test_fetch import _fetcher


@pytest.mark.parametrize(
    "address",
    ["100.64.0.1", "100.127.255.254", "192.0.2.7", "198.18.0.1", "240.0.0.1", "::ffff:10.0.0.1",
     "fc00::1", "2001:db8::1", "0.0.0.0", "224.0.0.251"],
)  # fmt: skip
def test_non_public_ranges_are_refused(address: str) -> None:
    guard = HostGuard((address,), resolver=None)
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(NotAllowed, match="not a public address"):
        guard.check(f"http://{host}/x")


def test_a_public_address_is_allowed() -> None:
    HostGuard(("8.8.8.8",), resolver=None).check("https://8.8.8.8/x")


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("https://www.oig.dhs.gov/a", "http://www.oig.dhs.gov/b"),
        ("https://www.oig.dhs.gov/a", "https://www.oig.dhs.gov:8443/b"),
        ("http://www.oig.dhs.gov/a", "http://www.oig.dhs.gov:8080/b"),
        ("http://127.0.0.1:5000/a", "http://127.0.0.1:6000/b"),
    ],
)
def test_downgrades_and_port_changes_are_refused(current: str, target: str) -> None:
    with pytest.raises(NotAllowed):
        check_redirect(current, target)


def test_an_upgrade_to_https_is_followed() -> None:
    check_redirect("http://www.oig.dhs.gov/a", "https://www.oig.dhs.gov/b")


def test_a_redirect_to_another_port_is_refused_by_the_fetcher(httpserver: HTTPServer) -> None:
    other = httpserver.url_for("/x").replace(str(httpserver.port), str(httpserver.port + 1))
    httpserver.expect_request("/moved").respond_with_data(
        "", status=302, headers={"Location": other}
    )
    with _fetcher() as client, pytest.raises(NotAllowed, match="port"):
        client.get(httpserver.url_for("/moved"))


def test_a_slow_drip_ends_at_the_deadline(httpserver: HTTPServer) -> None:
    def drip(_request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(30):
                time.sleep(0.5)
                yield b"x"

        return Response(body(), direct_passthrough=True)

    httpserver.expect_request("/drip").respond_with_handler(drip)
    started = time.monotonic()
    with _fetcher(timeout=2.0, max_retries=0) as client, pytest.raises(SourceUnavailable):
        client.get(httpserver.url_for("/drip"))
    assert time.monotonic() - started < 4.5


def test_a_redirecting_robots_txt_is_followed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "", status=301, headers={"Location": "/robots-real.txt"}
    )
    httpserver.expect_request("/robots-real.txt").respond_with_data(
        "User-agent: *\nDisallow: /private\n"
    )
    httpserver.expect_request("/public").respond_with_data("ok")
    with _fetcher(respect_robots=True) as client:
        assert client.get(httpserver.url_for("/public")) is not None
        with pytest.raises(RobotsDisallowed):
            client.get(httpserver.url_for("/private/file"))


def test_a_robots_txt_redirecting_off_site_means_disallow(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "", status=302, headers={"Location": "https://elsewhere.example.com/robots.txt"}
    )
    with _fetcher(respect_robots=True) as client, pytest.raises(RobotsDisallowed):
        client.get(httpserver.url_for("/public"))


def test_a_robots_txt_redirect_loop_means_disallow(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "", status=302, headers={"Location": "/robots.txt"}
    )
    with _fetcher(respect_robots=True) as client, pytest.raises(RobotsDisallowed):
        client.get(httpserver.url_for("/public"))
