"""`monitor keys create`: make the deployment's packet-signing key and certificate."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("keys")
def keys() -> None:
    """The key that signs evidence packets."""


@keys.command("create")
@click.option(
    "--organization",
    default="Detention Conditions Monitor",
    show_default=True,
    help="Who signs: shown in the certificate and in every signature.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing key (old packets keep verifying only against the old certificate).",
)
@with_appcontext
def create(organization: str, force: bool) -> None:
    """Write a signing key and its self-signed certificate to MONITOR_SIGNING_DIR."""
    from monitor.db import get_settings
    from monitor.packets.errors import PacketError
    from monitor.packets.keys import create_keys, fingerprint

    try:
        paths = create_keys(get_settings(), organization=organization, force=force)
    except PacketError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Private key: {paths.key} (keep it secret and backed up)")
    click.echo(f"Certificate: {paths.cert} (published on the about page and in every packet)")
    click.echo(f"SHA-256 fingerprint: {fingerprint(paths.cert.read_bytes())}")
