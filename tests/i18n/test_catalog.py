"""The Spanish catalog covers every marked string, compiled, with the same placeholders."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "translations" / "es" / "LC_MESSAGES"
# The lazy markers of monitor.i18n, as the Makefile's `translations` target passes them.
KEYWORDS = ("-k", "lazy", "-k", "lazy_plural:1,2")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Every string marked in templates and code, extracted afresh with babel.cfg."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    args = [
        "pybabel",
        "-q",
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        *KEYWORDS,
        "-o",
        str(pot),
        ".",
    ]
    _extract(args)
    with pot.open("rb") as fh:
        return read_po(fh)


def _extract(args: list[str]) -> None:
    here = os.getcwd()
    os.chdir(ROOT)  # babel.cfg's patterns are relative to the checkout
    try:
        CommandLineInterface().run(args)
    finally:
        os.chdir(here)


def _spanish() -> Catalog:
    with (CATALOG / "messages.po").open("rb") as fh:
        return read_po(fh)


def _strings(message: Message) -> tuple[str, ...]:
    if isinstance(message.string, (tuple, list)):
        return tuple(message.string)
    return (message.string,)


def _key(msgid: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    return msgid if isinstance(msgid, str) else tuple(msgid)


def test_every_marked_string_has_a_spanish_translation(extracted: Catalog) -> None:
    spanish = _spanish()
    missing = [m.id for m in extracted if m.id and m.id not in spanish]
    empty = [m.id for m in spanish if m.id and not all(_strings(m))]
    fuzzy = [m.id for m in spanish if m.id and m.fuzzy]
    assert (missing, empty, fuzzy) == ([], [], [])
    assert len(spanish) > 300


def test_translations_keep_every_placeholder() -> None:
    for message in _spanish():
        if not message.id:
            continue
        source = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(source[-1]))
        for text in _strings(message):
            assert set(PLACEHOLDER.findall(text)) <= wanted | set(PLACEHOLDER.findall(source[0]))
            assert wanted - {"num"} <= set(PLACEHOLDER.findall(text)), message.id


def test_compiled_catalog_matches_the_po_file() -> None:
    with (CATALOG / "messages.mo").open("rb") as fh:
        compiled = {_key(m.id): _strings(m) for m in read_mo(fh) if m.id}
    source = {_key(m.id): _strings(m) for m in _spanish() if m.id}
    assert compiled == source, "run `make translations` and commit messages.mo"
