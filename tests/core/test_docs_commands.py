"""Every `monitor` command shown in README.md and docs/*.md runs, against a demo database.

Commands are read from the fenced code blocks. A synopsis (placeholders such as FILE or
[--json]) is checked against the command's --help: the command and each option it shows
exist. A concrete example is run as written, in docs order, with:
- NETWORK: fetches run through the demo's fake OIG site (an httpx MockTransport), never
  the internet;
- SERVICE: long-running processes (serve, scheduler) are started by their own tests
  (tests/core/test_serve.py, tests/alerts/test_scheduler.py) and only --help'd here;
- FILES: the user's downloads are project-written workbooks placed where the example
  points; corpus paths are skipped when ../shared/corpus is absent.
A new command in the docs that fits none of these fails the test until it is classified.
"""

from __future__ import annotations

import glob
import re
import shlex
from pathlib import Path

import pytest
from flask import Flask

from monitor.cli import cli
from monitor.db import get_settings, session_scope
from monitor.demo import load_demo
from monitor.demo.oig import demo_site, demo_transport
from tests.registry.test_cli import FLORENCE, TORRANCE, WEBB
from tests.registry.workbooks import workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Words a synopsis uses for "put yours here" (uppercase codes such as STAFFING are values).
PLACEHOLDER = re.compile(
    r"\[|\.\.\.|^(FILE|QUERY|KEY|DATE|SOURCE|FACILITY|EMAIL|ROLE|DUPLICATE|KEEP|HASH)\b"
)
SERVICE = ("serve", "scheduler")
NETWORK = ("scrape",)
PASSWORD = "correct horse battery staple 42"


def doc_commands() -> list[tuple[str, str]]:
    """(file name, command) for every `monitor` line of every fenced block, continuations joined."""
    found = []
    for path in DOCS:
        for block in re.findall(r"```[\w-]*\n(.*?)```", path.read_text(), re.S):
            joined = re.sub(r"\\\n\s*", " ", block)
            for line in joined.splitlines():
                command = re.split(r"\s{2,}#|\s#\s", line.strip())[0].strip()
                if command.startswith("monitor "):
                    found.append((path.name, command))
    return found


def is_synopsis(command: str) -> bool:
    """A usage line with placeholders, not something to run as written."""
    words = shlex.split(command)[1:]
    return any(PLACEHOLDER.search(w) and not w.startswith(("--", "http")) for w in words) or (
        "[" in command
    )


@pytest.fixture
def demo(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    get_settings(app).data_dir.mkdir(parents=True, exist_ok=True)
    with app.app_context(), session_scope(app) as session:
        load_demo(session, get_settings(app))
    _place_files(tmp_path, monkeypatch)
    _fake_network(monkeypatch)
    return app


def _place_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The downloads the examples name, and ../shared/corpus next to the working directory."""
    home, work = tmp_path / "home", tmp_path / "work"
    (home / "Downloads").mkdir(parents=True)
    work.mkdir()
    book = workbook_bytes([TORRANCE, WEBB, FLORENCE], title="ICE FACILITIES DATA, FY24",
                          data_date="10/07/2024")  # fmt: skip
    for name in ("FY24_detentionStats.xlsx", "FY26_detentionStats_04092026.xlsx"):
        (home / "Downloads" / name).write_bytes(book)
    (work / "FY26_detentionStats_04092026.xlsx").write_bytes(book)
    pdfs = [body for body, kind in demo_site().values() if kind == "application/pdf"]
    (work / "report.pdf").write_bytes(pdfs[0])  # an OIG report PDF, as the demo serves it
    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.exists():
        (tmp_path / "shared").mkdir()
        (tmp_path / "shared" / "corpus").symlink_to(corpus)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)


def _fake_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """NETWORK: every run's fetcher talks to the demo's fake OIG site."""
    import monitor.ingest.runner as runner

    class DemoOptions(runner.RunOptions):
        def __init__(self, *args: object, **kwargs: object) -> None:
            kwargs.setdefault("transport", demo_transport())
            kwargs.setdefault("fetch", {"check_dns": False, "requests_per_second": 1000.0})
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "RunOptions", DemoOptions)


def _argv(command: str) -> list[str]:
    """The words after `monitor`, with ~ and globs expanded as a shell would."""
    out = []
    for word in shlex.split(command)[1:]:
        word = str(Path(word).expanduser()) if word.startswith("~") else word
        out.extend(sorted(glob.glob(word)) if "*" in word else [word])
    return out


def _check_synopsis(runner, command: str) -> None:  # noqa: ANN001
    words = [w for w in shlex.split(command)[1:] if re.fullmatch(r"[a-z][a-z-]*", w)]
    result = runner.invoke(cli, [*words[:2], "--help"])
    if result.exit_code != 0:  # a one-word command: `monitor packet FACILITY`
        result = runner.invoke(cli, [*words[:1], "--help"])
    assert result.exit_code == 0, (command, result.output)
    for option in re.findall(r"--[a-z][a-z-]*", command):
        assert option in result.output, f"{command}: {option} is not an option"


def _check_fake_scrape(command: str, output: str) -> None:
    """NETWORK: the OIG source succeeds on the fake site; sources it does not serve get 404."""
    lines = output.splitlines()
    assert any(line.startswith("dhs_oig") and " success " in line for line in lines), output
    errors = [line for line in lines if line.strip().startswith("source unavailable")]
    assert all("HTTP 404" in line for line in errors), (command, output)


def test_docs_show_commands(demo: Flask) -> None:
    # Setup the docs describe once (a signing key) runs first, as a new install would.
    commands = sorted(doc_commands(), key=lambda c: not c[1].startswith("monitor keys create"))
    assert len(commands) > 40
    runner = demo.test_cli_runner()
    ran = 0
    for name, command in commands:
        words = shlex.split(command)
        if is_synopsis(command) or words[1] in SERVICE:
            _check_synopsis(runner, command)
            continue
        argv = _argv(command)
        if any("shared/corpus" in w for w in argv) and not Path("../shared/corpus").exists():
            continue  # FILES: corpus absent
        stdin = f"{PASSWORD}\n{PASSWORD}\n" if argv[:2] == ["users", "create"] else None
        result = runner.invoke(cli, argv, input=stdin)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if words[1] in NETWORK:
            _check_fake_scrape(command, result.output)
            ran += 1
            continue
        assert result.exit_code == 0, f"{name}: `{command}` failed:\n{result.output}"
        ran += 1
    assert ran >= 25
