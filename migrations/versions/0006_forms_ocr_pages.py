"""Pages read by OCR: document_page says so, with the page's mean word confidence.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document_page") as batch:
        batch.add_column(sa.Column("ocr", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("ocr_confidence", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("document_page") as batch:
        batch.drop_column("ocr_confidence")
        batch.drop_column("ocr")
