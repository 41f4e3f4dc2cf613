"""Helpers for tests that start a real server process: a free port, and waiting until it answers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from werkzeug.serving import make_server


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_when_up(url: str, timeout: float = 60.0) -> httpx.Response:
    """GET `url` as soon as the server answers (raises after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def serve_in_thread(wsgi: Callable[..., Any]) -> Iterator[str]:
    """Serve `wsgi` on a free loopback port in a thread; yields its base URL (a fixture body)."""
    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
