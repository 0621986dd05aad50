"""Drop ix_deadline_site_id: the unique key (site_id, application_id, rule_code, due_key)
and ix_deadline_site_open (site_id, done_on, due_on) both lead with site_id, so SQLite
already finds a site's deadlines (and a deleted site's cascade) through either; the third
index on the same column only cost each inserted deadline a write (~10% of an insert).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_deadline_site_id", table_name="deadline")


def downgrade() -> None:
    op.create_index("ix_deadline_site_id", "deadline", ["site_id"])
