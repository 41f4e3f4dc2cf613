"""Statistics snapshots keep every inspection a release row states, and who made the last.

Releases that split the last inspection per inspector (ODO and the contract inspector, each
with its own date, standard and rating) give several inspections per facility row.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facility_stat_snapshot", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "last_inspection_inspector", sqlmodel.sql.sqltypes.AutoString(), nullable=True
            )
        )
        batch_op.add_column(sa.Column("inspections", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facility_stat_snapshot", schema=None) as batch_op:
        batch_op.drop_column("inspections")
        batch_op.drop_column("last_inspection_inspector")
