"""Pages read by OCR: document_page says so, with the page's mean word confidence.

Plain ADD COLUMN, never a batch: on SQLite a batch copies the table and drops the full-text
triggers of migration 0002 with it (tests/core/test_schema.py checks they survive).

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
    op.add_column(
        "document_page",
        sa.Column("ocr", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("document_page", sa.Column("ocr_confidence", sa.Float(), nullable=True))


def downgrade() -> None:
    op.drop_column("document_page", "ocr_confidence")
    op.drop_column("document_page", "ocr")
