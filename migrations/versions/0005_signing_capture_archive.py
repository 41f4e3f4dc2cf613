"""Independent copies of captures in a web archive: one row per submitted document version.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "capture_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("page_url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("endpoint", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("archived_url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("archived_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'archived', 'failed')", name="ck_capture_archive_status"
        ),
        sa.ForeignKeyConstraint(["version_id"], ["document_version.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version_id"),
    )
    with op.batch_alter_table("capture_archive", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_capture_archive_status"), ["status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("capture_archive", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capture_archive_status"))
    op.drop_table("capture_archive")
