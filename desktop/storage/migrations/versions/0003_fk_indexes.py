"""an index on every foreign-key column that lacked one

Without them every delete of a parent row scans the child table (ON DELETE SET NULL /
CASCADE / RESTRICT checks): deleting the open deadlines of 100 000 sites scanned the report
table once per deadline. tests/test_storage.py asserts from the metadata that every
foreign-key column leads some index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (table, column): the index is named ix_<table>_<column> by the naming convention.
FK_COLUMNS = [
    ("application", "site_id"),
    ("application", "leader_id"),
    ("application", "coleader_id"),
    ("application_partner", "organisation_id"),
    ("application_document", "attachment_id"),
    ("review", "expert_id"),
    ("decision", "site_id"),
    ("decision", "order_id"),
    ("site", "leader_id"),
    ("site", "coleader_id"),
    ("site_partner", "organisation_id"),
    ("status_history", "decision_id"),
    ("status_history", "order_id"),
    ("certificate", "order_id"),
    ("report", "deadline_id"),
    ("report", "attachment_id"),
    ("report_row", "event_id"),
]


def upgrade() -> None:
    for table, column in FK_COLUMNS:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in reversed(FK_COLUMNS):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
