"""Account, audit and privacy commands: `monitor users ...`, `monitor audit ...`, `monitor privacy ...`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from monitor.roles import ROLES

if TYPE_CHECKING:  # imported in the commands: `monitor --help` stays fast
    from sqlmodel import Session

    from monitor.models import UserAccount

from flask.cli import with_appcontext

CLI_ACTOR = "cli"


def register(cli: click.Group) -> None:
    """Add the users, audit and privacy command groups."""
    cli.add_command(users_group)
    cli.add_command(audit_group)
    from monitor.cli.privacy import privacy_group

    cli.add_command(privacy_group)


@click.group("users")
def users_group() -> None:
    """Accounts and roles."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_group.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="advocate", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def users_create(email: str, role: str, password_stdin: bool) -> None:
    """Create an account with ROLE (the password is prompted for)."""
    from monitor.accounts import audit
    from monitor.accounts.passwords import WeakPassword
    from monitor.accounts.users import AccountError, create_user
    from monitor.db import session_scope

    password = _read_password(password_stdin)
    try:
        with session_scope() as db:
            user = create_user(session=db, email=email, password=password, role=role)
            audit.record(
                session=db,
                action="user_created",
                actor=CLI_ACTOR,
                target_type="user_account",
                target_id=user.id,
                details={"role": role},
            )
    except (AccountError, WeakPassword) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {user.email} ({user.role})")


@users_group.command("list")
@with_appcontext
def users_list() -> None:
    """List accounts with role and state."""
    from monitor.accounts.users import list_users
    from monitor.db import session_scope

    with session_scope() as db:
        users = list_users(session=db)
    if not users:
        click.echo("no accounts yet: monitor users create EMAIL --role admin")
    for user in users:
        state = "active" if user.is_active else "disabled"
        locked = (
            f", locked until {user.locked_until:%Y-%m-%d %H:%M} UTC" if user.locked_until else ""
        )
        click.echo(f"{user.email}\t{user.role}\t{state}{locked}")


def _existing(db: Session, email: str) -> UserAccount:
    from monitor.accounts.users import get_user_by_email

    user = get_user_by_email(session=db, email=email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    return user


@users_group.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@with_appcontext
def users_set_role(email: str, role: str) -> None:
    """Change an account's role (its sessions end)."""
    from monitor.accounts import audit
    from monitor.accounts.users import AccountError, set_role
    from monitor.db import session_scope

    try:
        with session_scope() as db:
            user = _existing(db, email)
            old = set_role(session=db, user=user, role=role)
            audit.record(
                session=db,
                action="role_changed",
                actor=CLI_ACTOR,
                target_type="user_account",
                target_id=user.id,
                details={"from": old, "to": role},
            )
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{user.email}: {old} -> {role}; existing sessions ended")


@users_group.command("disable")
@click.argument("email")
@click.option("--enable", is_flag=True, help="Re-enable instead.")
@with_appcontext
def users_disable(email: str, enable: bool) -> None:
    """Disable (or with --enable, re-enable) an account."""
    from monitor.accounts import audit
    from monitor.accounts.users import AccountError, set_active
    from monitor.db import session_scope

    try:
        with session_scope() as db:
            user = _existing(db, email)
            set_active(session=db, user=user, active=enable)
            audit.record(
                session=db,
                action="user_enabled" if enable else "user_disabled",
                actor=CLI_ACTOR,
                target_type="user_account",
                target_id=user.id,
            )
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{user.email}: {'enabled' if enable else 'disabled'}")


@users_group.command("reset-link")
@click.argument("email")
@with_appcontext
def users_reset_link(email: str) -> None:
    """Print a one-hour, single-use password-reset link (for accounts without mail)."""
    from flask import url_for

    from monitor.accounts import audit
    from monitor.accounts.tokens import make_reset_token
    from monitor.db import get_settings, session_scope

    settings = get_settings()
    with session_scope() as db:
        user = _existing(db, email)
        token = make_reset_token(user, secret=settings.secret_key)
        audit.record(
            session=db,
            action="password_reset_link_issued",
            actor=CLI_ACTOR,
            target_type="user_account",
            target_id=user.id,
        )
    from flask import current_app

    with current_app.test_request_context(base_url=settings.base_url):
        click.echo(url_for("account.reset_with_token", token=token, _external=True))


@click.group("audit")
def audit_group() -> None:
    """The tamper-evident audit log."""


@audit_group.command("verify")
@click.option("--anchor", default="", help="A head hash noted earlier; fail if it is gone.")
@with_appcontext
def audit_verify(anchor: str) -> None:
    """Check the hash chain; exit 1 naming the first bad entry."""
    from monitor.accounts import audit
    from monitor.db import session_scope

    with session_scope() as db:
        result = audit.verify(session=db, anchor=anchor.strip() or None)
    if not result.ok:
        where = f"at entry {result.first_bad_id}" if result.first_bad_id else "at the end"
        click.echo(
            f"audit log BROKEN {where}: {result.problem} ({result.checked} entries verified)",
            err=True,
        )
        sys.exit(1)
    click.echo(f"audit log intact: {result.checked} entries; head {result.head_hash}")


@audit_group.command("show")
@click.option("--action", default="", help="Only entries with this action.")
@click.option("--actor", default="", help="Only entries whose actor contains this text.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@with_appcontext
def audit_show(action: str, actor: str, limit: int) -> None:
    """Print the newest entries, one per line (tab-separated)."""
    from monitor.accounts.audit_queries import AuditFilter, search_audit
    from monitor.db import session_scope

    with session_scope() as db:
        rows, total = search_audit(
            session=db, flt=AuditFilter(action=action, actor=actor), limit=limit
        )
    for e in reversed(rows):
        target = f"{e.target_type or ''}#{e.target_id}" if e.target_id else (e.target_type or "")
        click.echo(
            "\t".join(
                [
                    str(e.id),
                    f"{e.at:%Y-%m-%d %H:%M:%S}",
                    e.actor_label or "-",
                    e.action,
                    target,
                    e.purpose or "",
                ]
            )
        )
    click.echo(f"({len(rows)} of {total} matching entries)", err=True)
