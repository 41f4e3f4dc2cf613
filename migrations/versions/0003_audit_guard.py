"""Database-side guards for the audit log (PostgreSQL refuses UPDATE/DELETE); filled in by the accounts issue.

Revision ID: 0003
Revises: 0002
"""

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
