"""`monitor demo`: load the project's demo dataset (idempotent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext

if TYPE_CHECKING:  # imported in the commands: `monitor --help` stays fast
    pass


def register(cli: click.Group) -> None:
    cli.add_command(demo_command)


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo dataset: public facts in the project's own words; re-running changes nothing."""
    from monitor.db import get_settings, session_scope
    from monitor.demo import load_demo

    with session_scope() as session:
        parts = load_demo(session, get_settings())
    click.echo(
        f"demo data loaded ({len(parts)} parts: {', '.join(p.rsplit('.', 1)[-1] for p in parts)})"
    )
