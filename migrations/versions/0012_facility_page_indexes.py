"""The data version every write to published data bumps, so each web process can keep the
rendered parts of a facility page until the data under them changes; and an index that tells
whether a document is public without reading its row.

`data_version` holds one row. Triggers on every table the public pages read bump it in the
same transaction as the write, whatever wrote it (a web worker, the scheduler, a migration,
psql), so the new number becomes visible together with the new data.

SQLite has only row triggers; its writers are serialized anyway, so each row bumps at once.
PostgreSQL bumps from a deferred constraint trigger, once per transaction (a transaction-local
setting remembers it did): the row lock is then taken only at commit, when every other lock
of the transaction is already held, so two writers cannot deadlock on it, and a bulk load
pays one update, not one per row. The bump is an upsert, so a truncated table restarts it.
TRUNCATE itself bumps nothing (only test harnesses truncate).

Revision ID: 0012
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

# Tables whose rows public pages show (tests/web/test_page_cache.py checks the facility page
# reads nothing else). Accounts, mail, logs and scheduler tables change nothing shown.
STAMPED_TABLES = (
    "facility", "facility_alias", "facility_operator", "stat_release", "facility_stat_snapshot",
    "source", "document", "document_facility", "inspection", "finding", "recommendation",
    "recommendation_status_event", "staffing_observation", "death_record", "alert", "correction",
)  # fmt: skip
OPERATIONS = {"ins": "INSERT", "upd": "UPDATE", "del": "DELETE"}
SQLITE_BUMP = (
    "INSERT INTO data_version (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = version + 1"
)
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION data_version_bump() RETURNS trigger AS $$
BEGIN
    IF current_setting('monitor.data_version_bumped', true) IS DISTINCT FROM 'yes' THEN
        INSERT INTO data_version (id, version) VALUES (1, 1)
        ON CONFLICT (id) DO UPDATE SET version = data_version.version + 1;
        PERFORM set_config('monitor.data_version_bumped', 'yes', true);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def _sqlite_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER data_version_{table}_{short} AFTER {operation} ON {table} "
        f"BEGIN {SQLITE_BUMP}; END"
        for table in STAMPED_TABLES
        for short, operation in OPERATIONS.items()
    ]


def _pg_triggers() -> list[str]:
    return [PG_FUNCTION] + [
        f"CREATE CONSTRAINT TRIGGER data_version_{table} AFTER INSERT OR UPDATE OR DELETE "
        f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "EXECUTE FUNCTION data_version_bump()"
        for table in STAMPED_TABLES
    ]


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 0)")
    op.create_index(
        "ix_document_public", "document", ["id", "is_public", "review_status", "published_date"]
    )
    is_sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _sqlite_triggers() if is_sqlite else _pg_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in STAMPED_TABLES:
            for short in OPERATIONS:
                op.execute(f"DROP TRIGGER IF EXISTS data_version_{table}_{short}")
    else:
        for table in STAMPED_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS data_version_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS data_version_bump()")
    op.drop_index("ix_document_public", table_name="document")
    op.drop_table("data_version")
