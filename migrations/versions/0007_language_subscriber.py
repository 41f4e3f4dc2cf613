"""A subscriber's language: mail is written in it ("en" or "es").

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subscriber") as batch:
        batch.add_column(
            sa.Column("language", sa.String(), nullable=False, server_default="en")
        )
        batch.create_check_constraint("ck_subscriber_language", "language IN ('en', 'es')")


def downgrade() -> None:
    with op.batch_alter_table("subscriber") as batch:
        batch.drop_constraint("ck_subscriber_language", type_="check")
        batch.drop_column("language")
