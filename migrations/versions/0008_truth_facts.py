"""Truth chain: described dates on facts, demo marking, page methods, searchable facts.

- finding, staffing_observation: `observed_on`, `observed_until`, `observed_precision` (the
  date or period a fact describes, apart from its document's publication date); staffing
  gets `repeats_id` (a figure another document repeats points at the original).
- document.is_demo; document_page.method (text layer, OCR, image only, HTML, other).
- search_entry: every fact shown on the site as search text, with its full-text index.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from monitor.ingest.search_entries import refresh_entries
from monitor.queries.search_index import (
    entry_downgrade_statements,
    entry_upgrade_statements,
    page_index_repair_statements,
)

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

PRECISION_CHECK = "observed_precision IN ('day', 'month', 'year')"


def _observed_columns() -> list[sa.Column]:
    return [
        sa.Column("observed_on", sa.Date(), nullable=True),
        sa.Column("observed_until", sa.Date(), nullable=True),
        sa.Column("observed_precision", sa.String(), nullable=True),
    ]


def upgrade() -> None:
    for statement in page_index_repair_statements(op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table("finding") as batch:
        for column in _observed_columns():
            batch.add_column(column)
        batch.create_check_constraint("ck_finding_precision", PRECISION_CHECK)
    with op.batch_alter_table("staffing_observation") as batch:
        for column in _observed_columns():
            batch.add_column(column)
        batch.add_column(sa.Column("repeats_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_staffing_repeats", "staffing_observation", ["repeats_id"], ["id"]
        )
        batch.create_check_constraint("ck_staffing_precision", PRECISION_CHECK)
    op.add_column(
        "document", sa.Column("is_demo", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        "document_page",
        sa.Column("method", sa.String(), nullable=False, server_default="text"),
    )
    _backfill_described_dates()
    _create_search_entry()


# Rows written before described dates: a date equal to the publication date was a fallback,
# not something the document said; any other parsed date is kept as the described day.
BACKFILL = [
    "UPDATE {table} SET observed_on = {column}, observed_until = {column}, "
    "observed_precision = 'day' WHERE {column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
    "document d WHERE d.id = {table}.document_id AND d.published_date = {table}.{column})",
    "UPDATE {table} SET {column} = NULL WHERE observed_on IS NULL",
]


def _backfill_described_dates() -> None:
    for table, column in (("staffing_observation", "as_of_date"), ("finding", "found_date")):
        for statement in BACKFILL:
            op.execute(statement.format(table=table, column=column))


def _create_search_entry() -> None:
    op.create_table(
        "search_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ref_kind", sa.String(), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id"), nullable=True),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.UniqueConstraint("ref_kind", "ref_id", name="uq_search_entry_ref"),
    )
    op.create_index("ix_search_entry_document_id", "search_entry", ["document_id"])
    op.create_index("ix_search_entry_facility", "search_entry", ["facility_id", "kind"])
    for statement in entry_upgrade_statements(op.get_bind().dialect.name):
        op.execute(statement)
    refresh_entries(op.get_bind())  # the facts already stored become searchable


def downgrade() -> None:
    for statement in entry_downgrade_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("search_entry")
    op.drop_column("document_page", "method")
    op.drop_column("document", "is_demo")
    with op.batch_alter_table("staffing_observation") as batch:
        batch.drop_constraint("ck_staffing_precision", type_="check")
        batch.drop_constraint("fk_staffing_repeats", type_="foreignkey")
        for name in ("repeats_id", "observed_precision", "observed_until", "observed_on"):
            batch.drop_column(name)
    with op.batch_alter_table("finding") as batch:
        batch.drop_constraint("ck_finding_precision", type_="check")
        for name in ("observed_precision", "observed_until", "observed_on"):
            batch.drop_column(name)
