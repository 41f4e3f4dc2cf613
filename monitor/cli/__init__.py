"""The `monitor` console script: one click group, each area a module adding commands."""

from __future__ import annotations

import importlib

import click
from flask.cli import FlaskGroup

# Each module exposes `register(cli: click.Group) -> None`.
COMMAND_MODULES: list[str] = [
    "monitor.cli.core",
    "monitor.cli.scrape",
    "monitor.cli.packet",
    "monitor.cli.alerts",
    "monitor.cli.facilities",
    "monitor.cli.demo",
    "monitor.cli.users",
    "monitor.cli.findings",
]


def _create_app() -> object:
    from monitor import create_app

    # Commands run by a developer may use the built-in secret; the scheduler, the mail
    # sender and `serve` on a public address refuse it (monitor.config.require_real_secret).
    return create_app({"allow_dev_secret": True})


@click.group(
    cls=FlaskGroup, create_app=_create_app, add_default_commands=False, add_version_option=False
)
def cli() -> None:
    """Detention Conditions Monitor."""


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main() -> None:
    cli(prog_name="monitor")
