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
    _demo_signing_key()


def _demo_signing_key() -> None:
    """Give a demo deployment a signing key, so its packets show signing end to end."""
    from monitor.db import get_settings
    from monitor.packets.keys import KeyPaths, create_keys, fingerprint

    settings = get_settings()
    if KeyPaths.of(settings).exist():
        return
    paths = create_keys(settings, organization="Detention Conditions Monitor (demo)")
    click.echo(
        f"demo signing key created in {paths.key.parent} "
        f"(certificate SHA-256 {fingerprint(paths.cert.read_bytes())})"
    )
