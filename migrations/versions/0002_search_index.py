"""Full-text search index: SQLite FTS5 tables with sync triggers, or PostgreSQL GIN indexes.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from monitor.queries.search_index import downgrade_statements, upgrade_statements

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in upgrade_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in downgrade_statements(op.get_bind().dialect.name):
        op.execute(statement)
