"""Command: `monitor extract FILE... --source KEY [--json] [--summary]` (writes nothing).

Every file gives one outcome (records, or a named error), so a batch over a folder of real
documents doubles as a coverage report: `--json` prints one JSON object per file per line,
`--summary` the totals per document kind (scrapers/_coverage.py holds the logic).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the parsers pull in PDFium: imported when the command runs, not at --help
    from scrapers import _coverage as coverage
    from scrapers._limits.budget import Limits


def register(cli: click.Group) -> None:
    cli.add_command(extract)


@click.command("extract")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--source", "key", required=True, help="Source key whose parser to use.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file per line.")
@click.option("--summary", is_flag=True, help="Totals per document kind after the files.")
@click.option(
    "--index",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="CSV with file,kind columns giving each file's kind (default: an INDEX.csv "
    "beside the files, when there is one).",
)
def extract(
    files: tuple[Path, ...], key: str, as_json: bool, summary: bool, index: Path | None
) -> None:
    """Parse local files with a source's parser and print what each gave (writes nothing)."""
    module = _source_module(key)
    kinds = _index_kinds(files, index)
    results = []
    for result in _examine_all(files, module, kinds):
        results.append(result)
        _print_result(key, result, as_json=as_json)
    if summary:
        from scrapers._coverage import format_summary, summarize

        click.echo(format_summary(summarize(results)))
    if any(result.error for result in results):
        raise SystemExit(1)


def _source_module(key: str) -> ModuleType:
    """The source module, or a usage error naming the problem."""
    from monitor.capture.sources import SourceContractError, load_module

    try:
        return load_module(key)
    except SourceContractError as exc:
        raise click.UsageError(str(exc)) from exc


def _index_kinds(files: tuple[Path, ...], index: Path | None) -> dict[str, str]:
    """File name -> kind from --index, or from an INDEX.csv in the first file's folder."""
    if index is None:
        beside = files[0].parent / "INDEX.csv"
        index = beside if beside.is_file() else None
    from scrapers._coverage import read_index

    return read_index(index) if index else {}


def _examine_all(
    files: tuple[Path, ...], module: ModuleType, kinds: dict[str, str]
) -> Iterator[coverage.FileResult]:
    """Each file's result, with a progress bar on a terminal's stderr."""
    from monitor.config import Settings
    from monitor.ingest.sandbox import limits_from
    from scrapers._coverage import detect_kind, examine

    kind_of: Callable[[bytes], str] = getattr(module, "document_kind", detect_kind)
    limits = limits_from(Settings.from_env())
    with click.progressbar(
        files, label="extracting", file=sys.stderr, show_pos=True, hidden=not sys.stderr.isatty()
    ) as bar:
        for path in bar:
            one = functools.partial(
                examine, str(path), path.read_bytes(), module.parse,
                listed_kind=kinds.get(path.name), kind_of=kind_of,
            )  # fmt: skip
            yield _examine_limited(one, limits)


def _examine_limited(
    examine: functools.partial[coverage.FileResult], limits: Limits
) -> coverage.FileResult:
    """The file's result, worked out in the limited child (a hostile file stops by name)."""
    from scrapers._base import SourceError
    from scrapers._coverage import FileResult, error_of
    from scrapers._limits.sandbox import run_limited

    name, content = examine.args[0], examine.args[1]
    try:
        result: coverage.FileResult = run_limited(examine, content=content, limits=limits)
    except SourceError as exc:
        result = FileResult(file=name, kind="unread", listed_kind=examine.keywords["listed_kind"])
        result.error = error_of(exc)
    return result


def _print_result(key: str, result: coverage.FileResult, *, as_json: bool) -> None:
    """One JSON line, or the records in words (the error on stderr)."""
    if as_json:
        line = {"source": key, **result.to_dict(), "records": [r.to_dict() for r in result.records]}
        click.echo(json.dumps(line, ensure_ascii=False, default=str))
        if result.error:
            click.echo(f"error: {result.file}: {_describe(result.error)}", err=True)
        return
    if result.error:
        click.echo(f"error: {result.file}: {_describe(result.error)}", err=True)
        return
    click.echo(f"== {result.file} ({result.kind})")
    for record in result.records:
        fields = {k: v for k, v in record.to_dict().items() if v not in (None, [], {}, "")}
        kind = fields.pop("kind")
        click.echo(f"{kind}: " + ", ".join(f"{k}={v}" for k, v in fields.items() if k != "quote"))


def _describe(error: dict[str, str]) -> str:
    """'unreadable document: the PDF is truncated or corrupt (...)' with the error's name."""
    return f"{error['reason']}: {error['message']} [{error['name']}]"
