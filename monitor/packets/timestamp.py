"""An RFC 3161 timestamp client over httpx, the project's one HTTP stack.

pyHanko ships a client built on `requests`; this one speaks the same protocol (POST the DER
`TimeStampReq`, expect `application/timestamp-reply`) so no second HTTP library is needed.
"""

from __future__ import annotations

import asyncio
import ssl
from functools import cache

import certifi
import httpx
from asn1crypto import tsp
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError, set_tsp_headers

from monitor.packets.errors import PacketError

TIMEOUT_SECONDS = 15.0
MAX_REPLY_BYTES = 256 * 1024  # a timestamp reply is a few kilobytes; refuse anything absurd


class TimestampUnavailable(PacketError):
    """The configured timestamp authority did not return a usable timestamp."""


class HttpxTimeStamper(TimeStamper):
    """Ask the timestamp authority at `url` for RFC 3161 tokens."""

    def __init__(self, url: str, *, transport: httpx.BaseTransport | None = None) -> None:
        super().__init__(include_nonce=True)
        self.url = url
        self._transport = transport

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return await asyncio.to_thread(self._post, req.dump())

    def _post(self, body: bytes) -> tsp.TimeStampResp:
        headers = set_tsp_headers({})
        try:
            with httpx.Client(
                timeout=TIMEOUT_SECONDS, transport=self._transport, verify=_tls_context()
            ) as client:
                response = client.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise TimestampRequestError(f"no answer from {self.url} ({exc})") from exc
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if response.status_code != 200 or kind != "application/timestamp-reply":
            raise TimestampRequestError(
                f"{self.url} answered HTTP {response.status_code} ({kind or 'no content type'}), "
                "not a timestamp reply"
            )
        if len(response.content) > MAX_REPLY_BYTES:
            raise TimestampRequestError(f"{self.url} sent an oversized reply")
        return tsp.TimeStampResp.load(response.content)


@cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for all requests: building one loads every CA certificate."""
    return ssl.create_default_context(cafile=certifi.where())  # httpx's own default bundle
