"""The `monitor` console script: one click group, each area a module adding commands."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

# Each area exposes `register(cli: click.Group) -> None`. They import their heavy modules inside
# the commands, so `monitor --help` stays fast.
from monitor.cli import alerts, core, demo, extract, facilities, findings, packet, scrape, users

COMMAND_AREAS = (core, scrape, extract, packet, alerts, facilities, demo, users, findings)


def _create_app() -> object:
    from monitor import create_app

    # Commands run by a developer may use the built-in secret; the scheduler, the mail
    # sender and `serve` on a public address refuse it (monitor.config.require_real_secret).
    return create_app({"allow_dev_secret": True})


class MonitorGroup(FlaskGroup):
    """FlaskGroup without plugin discovery: every command is registered here, so listing them
    (`monitor --help`) never builds the app or imports the heavy modules."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self.commands.get(cmd_name)


@click.group(
    cls=MonitorGroup, create_app=_create_app, add_default_commands=False, add_version_option=False
)
def cli() -> None:
    """Detention Conditions Monitor."""


for _area in COMMAND_AREAS:
    _area.register(cli)


def main() -> None:
    cli(prog_name="monitor")
