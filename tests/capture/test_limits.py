"""Hostile files end by name within 10 s and 300 MB, in every entry point that parses files."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from scrapers._base import Page, ResourceLimitExceeded
from scrapers._limits.budget import Limits
from scrapers._limits.sandbox import parse_page, run_in_child
from tests.capture import bombs

MB = 1024 * 1024
BUDGET_SECONDS = 10.0
BUDGET_RSS = 300 * MB

PDF_BOMBS: dict[str, Callable[[], bytes]] = {
    "flate bomb (1 GiB content stream)": bombs.flate_bomb,
    "deep nesting": bombs.nesting_bomb,
    "120,000 pages": bombs.page_bomb,
}
XLSX_BOMBS: dict[str, Callable[[], bytes]] = {
    "3 million declared rows": bombs.row_bomb,
    "400,000 rows and no dimension": bombs.lying_row_bomb,
    "dimension A1:XFD1048576": bombs.column_bomb,
    "dimension A1:XFD1": bombs.wide_bomb,
    "3 million shared strings": bombs.shared_strings_bomb,
    "zip member of 512 MB": bombs.huge_member_zip,
}


@pytest.fixture(scope="module", autouse=True)
def warm_worker() -> None:
    """Start the worker once: its start-up is paid once per process, not by each file."""
    run_in_child(len, b"", content=b"", limits=Limits())


@functools.cache
def bomb(name: str) -> bytes:
    return {**PDF_BOMBS, **XLSX_BOMBS}[name]()


def _parse(source: str, content: bytes) -> tuple[type | None, str, float, int]:
    page = Page(url="file:///bomb", content=content)
    outcome = run_in_child(
        parse_page, f"scrapers.{source}", page, True, content=content, limits=Limits()
    )
    kind = type(outcome.error) if outcome.error else None
    return kind, str(outcome.error), outcome.seconds, outcome.peak_rss_bytes


@pytest.mark.parametrize("name", list(PDF_BOMBS))
@pytest.mark.parametrize("source", ["dhs_oig", "ice_contract_inspections"])
def test_pdf_bombs_end_by_name_within_budget(name: str, source: str) -> None:
    kind, message, seconds, peak = _parse(source, bomb(name))
    assert kind is ResourceLimitExceeded, message
    assert seconds < BUDGET_SECONDS
    assert 0 < peak < BUDGET_RSS


@pytest.mark.parametrize("name", list(XLSX_BOMBS))
def test_workbook_bombs_end_by_name_within_budget(name: str) -> None:
    kind, message, seconds, peak = _parse("ice_stats", bomb(name))
    assert kind is ResourceLimitExceeded, message
    assert seconds < BUDGET_SECONDS
    assert 0 < peak < BUDGET_RSS


def test_limit_messages_say_what_and_how_much() -> None:
    _, message, _, _ = _parse("ice_stats", bomb("dimension A1:XFD1048576"))
    assert (
        message == "the declared row count of xl/worksheets/sheet1.xml is 1,048,576 (limit 100,000)"
    )
    _, message, _, _ = _parse("ice_stats", bomb("dimension A1:XFD1"))
    assert (
        message == "the declared column count of xl/worksheets/sheet1.xml is 16,384 (limit 2,000)"
    )
    _, message, _, _ = _parse("dhs_oig", bomb("120,000 pages"))
    assert message == "the page count is 120,000 (limit 5,000)"


def test_memory_limit_stops_a_parse_that_grows() -> None:
    limits = Limits(memory_bytes=256 * MB)
    outcome = run_in_child(bombs.allocate, 2048 * MB, content=b"", limits=limits)
    assert isinstance(outcome.error, ResourceLimitExceeded)
    assert outcome.peak_rss_bytes < BUDGET_RSS


def test_wall_clock_limit_kills_a_parse_that_hangs() -> None:
    started = time.monotonic()
    outcome = run_in_child(time.sleep, 60, content=b"", limits=Limits(wall_seconds=1.0))
    assert isinstance(outcome.error, ResourceLimitExceeded)
    assert str(outcome.error) == "parsing took over 1 s; stopped"
    assert time.monotonic() - started < 5


def test_cpu_limit_kills_a_busy_parse() -> None:
    outcome = run_in_child(bombs.spin, content=b"", limits=Limits(cpu_seconds=1))
    assert isinstance(outcome.error, ResourceLimitExceeded)
    assert "CPU" in str(outcome.error)


def test_extract_refuses_a_bomb_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb("flate bomb (1 GiB content stream)"))
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["extract", str(path), "--source", "dhs_oig", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["name"] == "ResourceLimitExceeded"
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith(
        f"error: {path}: resource limit exceeded: the inflated size of the PDF's streams"
    )
    assert time.monotonic() - started < BUDGET_SECONDS


def test_extract_limits_come_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOR_PARSE_MAX_PAGES", "0")
    path = tmp_path / "one.pdf"
    path.write_bytes(bombs.pdf(bombs._one_page(b"<< /Length 0 >>\nstream\n\nendstream")))
    result = CliRunner().invoke(cli, ["extract", str(path), "--source", "dhs_oig"])
    assert result.exit_code == 1
    assert "the page count is 1 (limit 0)" in result.stderr
