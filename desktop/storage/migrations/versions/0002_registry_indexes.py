"""registry indexes: overdue lookups per site and people by surname

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_deadline_site_open", "deadline", ["site_id", "done_on", "due_on"])
    op.create_index("ix_person_last_name", "person", ["last_name", "first_name"])


def downgrade() -> None:
    op.drop_index("ix_person_last_name", table_name="person")
    op.drop_index("ix_deadline_site_open", table_name="deadline")
