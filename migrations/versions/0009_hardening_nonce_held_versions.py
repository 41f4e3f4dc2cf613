"""Subscription nonces (confirmation links) and held document versions (NGO files).

A confirmation link names its subscription's nonce, so a reused row id never confirms.
Rows made before this get an empty nonce: links mailed for them stop working and the
subscriber asks again (unconfirmed subscriptions are forgotten after the retention period).
Subscribers get a nonce too, signed into their unsubscribe and manage links (rows from before
keep an empty one, and their links keep working).
A new file for an accepted NGO document is a version held for review until accepted.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subscription", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "nonce", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
            )
        )
    with op.batch_alter_table("subscriber", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "nonce", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
            )
        )
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "review_status",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="accepted",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("subscriber", schema=None) as batch_op:
        batch_op.drop_column("nonce")
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.drop_column("review_status")
    with op.batch_alter_table("subscription", schema=None) as batch_op:
        batch_op.drop_column("nonce")
