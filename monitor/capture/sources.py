"""The source registry: every `scrapers/<key>.py` module, its checked SOURCE, its Source row.

A module whose name starts with `_` is a helper, not a source. Import errors are not
swallowed: a broken source module must fail loudly, never disappear from the list.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import fields
from types import ModuleType

from sqlmodel import Session, select

import scrapers
from monitor.models import Source
from scrapers._base import SourceInfo

REQUIRED_FIELDS = ("key", "name", "url", "allowed_hosts", "schedule", "publisher")


class SourceContractError(RuntimeError):
    """A source module does not honour the contract in scrapers/_base.py."""


def source_keys() -> list[str]:
    """Keys of every source module under scrapers/, sorted."""
    return sorted(
        info.name
        for info in pkgutil.iter_modules(scrapers.__path__)
        if not info.name.startswith("_")
    )


def load_module(key: str) -> ModuleType:
    """Import one source module and check its contract."""
    if key not in source_keys():
        raise SourceContractError(f"no source module named {key!r} in scrapers/")
    module = importlib.import_module(f"scrapers.{key}")
    validate_module(module, key)
    return module


def all_modules() -> dict[str, ModuleType]:
    """Every source module, keyed by source key, each validated."""
    return {key: load_module(key) for key in source_keys()}


def validate_module(module: ModuleType, key: str) -> SourceInfo:
    """Return the module's SOURCE after checking that it is complete and callable."""
    info = getattr(module, "SOURCE", None)
    if not isinstance(info, SourceInfo):
        raise SourceContractError(f"scrapers.{key} has no SOURCE of type SourceInfo")
    if info.key != key:
        raise SourceContractError(f"scrapers.{key}: SOURCE.key is {info.key!r}, not {key!r}")
    missing = [name for name in REQUIRED_FIELDS if not getattr(info, name)]
    if missing:
        raise SourceContractError(f"scrapers.{key}: SOURCE lacks {', '.join(missing)}")
    if info.expected_cadence_days <= 0 or info.requests_per_second <= 0:
        raise SourceContractError(f"scrapers.{key}: cadence and rate must be positive")
    for name in ("fetch", "parse"):
        if not callable(getattr(module, name, None)):
            raise SourceContractError(f"scrapers.{key} has no {name}() function")
    return info


def source_info(key: str) -> SourceInfo:
    """The SOURCE of one module."""
    return load_module(key).SOURCE


def sync_sources(*, session: Session) -> list[Source]:
    """Create or refresh a Source row for every source module (operator settings kept)."""
    rows = [_upsert(session, module.SOURCE) for module in all_modules().values()]
    session.flush()
    return rows


def ensure_source(*, session: Session, key: str) -> Source:
    """The Source row for `key`; created from its module, or minimal for non-scraped keys."""
    row = session.exec(select(Source).where(Source.key == key)).first()
    if row is not None:
        return row
    if key in source_keys():
        row = _upsert(session, source_info(key))
    else:
        # Manual uploads and demo material have no scraper module but still need a row.
        row = Source(key=key, name=key.replace("_", " ").title(), url="", enabled=False)
        session.add(row)
    session.flush()
    return row


def _upsert(session: Session, info: SourceInfo) -> Source:
    row = session.exec(select(Source).where(Source.key == info.key)).first()
    if row is None:
        row = Source(key=info.key, name=info.name, url=info.url)
        session.add(row)
    row.name = info.name
    row.url = info.url
    row.schedule = info.schedule
    row.expected_cadence_days = info.expected_cadence_days
    return row


def source_summary(info: SourceInfo) -> dict[str, object]:
    """SOURCE as a plain dict (for docs and the registry test)."""
    return {f.name: getattr(info, f.name) for f in fields(info)}
