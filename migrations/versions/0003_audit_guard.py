"""Database-side guards for the audit log: UPDATE and DELETE on audit_log are refused.

PostgreSQL gets a trigger function raising an exception (SQLSTATE 42501, insufficient
privilege) before any UPDATE or DELETE, so not even a bug or a compromised web process can
quietly edit the log; only an owner who drops the trigger can, and `monitor audit verify`
then still sees the broken hash chain. SQLite gets equivalent RAISE(ABORT) triggers.
TRUNCATE is not guarded here (test harnesses truncate every table); production deployments
should run the app as a role without TRUNCATE on audit_log (see docs/accounts.md).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MESSAGE = "audit_log is append-only: UPDATE and DELETE are refused"

PG_UPGRADE = [
    f"""
    CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '42501';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()
    """,
]
PG_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    "DROP FUNCTION IF EXISTS audit_log_refuse_change()",
]
SQLITE_UPGRADE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS audit_log_no_update",
    "DROP TRIGGER IF EXISTS audit_log_no_delete",
]


def _statements(kind: str) -> list[str]:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        return PG_UPGRADE if kind == "up" else PG_DOWNGRADE
    if dialect == "sqlite":
        return SQLITE_UPGRADE if kind == "up" else SQLITE_DOWNGRADE
    return []


def upgrade() -> None:
    for statement in _statements("up"):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements("down"):
        op.execute(statement)
