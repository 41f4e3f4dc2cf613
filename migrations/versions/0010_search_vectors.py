"""PostgreSQL search vectors: a stored generated tsvector column with a GIN index on
document_page, document and search_entry, replacing the expression indexes of 0002 and 0004
(ranking and phrase checks read the stored vector instead of parsing the text per row).
SQLite keeps its FTS5 tables; nothing changes there.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

from monitor.queries.search_index import vector_downgrade_statements, vector_upgrade_statements

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in vector_upgrade_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in vector_downgrade_statements(op.get_bind().dialect.name):
        op.execute(statement)
