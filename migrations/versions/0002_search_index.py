"""Full-text search index (SQLite FTS5 / PostgreSQL tsvector); filled in by the timelines issue.

Revision ID: 0002
Revises: 0001
"""

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
