"""Core commands: database migrations, demo data, serving."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # imported in the commands: `monitor --help` stays fast
    pass

from flask.cli import with_appcontext


def register(cli: click.Group) -> None:
    cli.add_command(db_group)
    cli.add_command(serve)


@click.group("db")
def db_group() -> None:
    """Database schema commands."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Apply migrations to the configured database."""
    from monitor.db import get_settings, upgrade

    settings = get_settings()
    upgrade(settings.database_url, revision)
    click.echo(f"database at {revision}: {_redacted(settings.database_url)}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Serve the web app (development server; use gunicorn in production)."""
    from flask import current_app

    # Flask's app.run() refuses to start from inside its own CLI, so call werkzeug directly.
    from werkzeug.serving import run_simple

    from monitor.config import ConfigError, require_real_secret
    from monitor.db import get_settings

    if not _is_loopback(host):
        try:
            require_real_secret(get_settings())
        except ConfigError as exc:
            raise click.UsageError(str(exc)) from exc
    click.echo(f"serving http://{host}:{port} (Ctrl+C to stop)")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    run_simple(
        host,
        port,
        app,
        use_reloader=False,
        use_debugger=False,
        threaded=True,
    )


def _is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost': only this machine can reach the server."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _redacted(url: str) -> str:
    """Hide a password in a database URL before printing it."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
