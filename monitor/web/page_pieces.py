"""Rendered parts of a page, kept in this process until the published data changes.

A piece is keyed by the data version (which every write bumps in the database, whichever
process wrote), today's date (days open count from it), the reader's language and role
(reviewers see "correct this" links), and for pieces that read the query string, the query
string. A web worker therefore never serves a piece rendered for another language or role,
nor one older than the data another worker or the scheduler has since written.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar, cast

from flask import current_app, request
from markupsafe import Markup

from monitor.accounts.sessions import current_user
from monitor.queries.common import today_utc
from monitor.web.language import current_language

# A facility page's pieces weigh 30-85 kB, so 24 million characters keep ~500 pages: a worker
# stays well inside its memory goal however many facilities a crawler walks through.
MAX_PIECE_CHARACTERS = 24_000_000
MAX_VALUES = 2048  # of a cache holding other values (facility headers: a few kB each)
EXTENSION = "monitor.page_pieces"
PIECES = "pieces"  # the cache of rendered HTML, weighed in characters
V = TypeVar("V")


@dataclass(frozen=True)
class PieceKey:
    """Everything a rendered piece depends on besides the data version and the template."""

    page: str
    piece: str
    today: date
    language: str
    audience: str
    query: tuple[tuple[str, str], ...] = ()


def _one(_value: object) -> int:
    return 1


class VersionedCache(Generic[V]):
    """Least recently used values of the newest data version this process has seen, up to a
    total weight (`weigh(value)`: 1 each unless told otherwise)."""

    def __init__(self, max_weight: int = MAX_VALUES, weigh: Callable[[V], int] = _one) -> None:
        self.max_weight = max_weight
        self.weigh = weigh
        self.weight = 0
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._version = -1
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: int) -> V | None:
        with self._lock:
            if version != self._version:
                return None
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
            return found

    def put(self, key: Hashable, version: int, value: V) -> None:
        """Keep `value`; a newer data version first drops every value of the older ones."""
        with self._lock:
            if version < self._version:
                return  # read from data a newer write has already replaced
            if version > self._version:
                self._values.clear()
                self.weight = 0
                self._version = version
            if key in self._values:
                self.weight -= self.weigh(self._values.pop(key))
            self._values[key] = value
            self.weight += self.weigh(value)
            while self.weight > self.max_weight and self._values:
                self.weight -= self.weigh(self._values.popitem(last=False)[1])

    def __len__(self) -> int:
        return len(self._values)


def app_cache(name: str) -> VersionedCache[Any]:
    """This app's cache called `name` (one per process and app, made on first use)."""
    caches = current_app.extensions.setdefault(EXTENSION, {})
    found = caches.get(name)
    if found is None:
        made: VersionedCache[Any] = (
            VersionedCache(MAX_PIECE_CHARACTERS, len) if name == PIECES else VersionedCache()
        )
        found = caches.setdefault(name, made)
    return cast(VersionedCache[Any], found)


def kept(name: str, key: Hashable, version: int | None, load: Callable[[], V]) -> V:
    """`load()`, or what it returned before for `key` at this data version."""
    if version is None:
        return load()
    cache = app_cache(name)
    found = cache.get(key, version)
    if found is None:
        found = load()
        cache.put(key, version, found)
    return cast(V, found)


def audience() -> str:
    """Whom the page is rendered for: the signed-in account's role, or 'anonymous'."""
    user = current_user()
    return f"signed-in:{user.role}" if user is not None and user.is_active else "anonymous"


@dataclass
class PagePieces:
    """This request's pieces of one page: those found rendered, and how to keep the others.

    Templates wrap a piece in `{% call pieces.keep('name') %}...{% endcall %}`; the view asks
    `missing(name)` first and loads the data of missing pieces only.
    """

    keys: dict[str, PieceKey] = field(default_factory=dict)
    found: dict[str, Markup] = field(default_factory=dict)
    cache: VersionedCache[Markup] | None = None
    version: int = 0

    def missing(self, name: str) -> bool:
        return name not in self.found

    def keep(self, name: str, caller: Callable[[], str]) -> Markup:
        """The piece as rendered before, or rendered now by the template and kept."""
        if name in self.found:
            return self.found[name]
        html = Markup(caller())
        key = self.keys.get(name)
        if self.cache is not None and key is not None:
            self.cache.put(key, self.version, html)
        return html


def page_pieces(*, page: str, version: int | None, pieces: dict[str, bool]) -> PagePieces:
    """Look up the pieces of `page` ({name: whether it reads the query string})."""
    if version is None:
        return PagePieces()  # a database without a data version: render everything, keep none
    query = tuple(sorted(request.args.items(multi=True)))
    today, language, reader = today_utc(), current_language(), audience()
    keys = {
        name: PieceKey(page, name, today, language, reader, query if reads else ())
        for name, reads in pieces.items()
    }
    cache = app_cache(PIECES)
    found = {n: html for n, key in keys.items() if (html := cache.get(key, version)) is not None}
    return PagePieces(keys, found, cache, version)
