"""people's subject area for the directory; a report's days late stored with it

A late report was only flagged in a message; the number of days is now kept with the
report (shown in the site card, the registry and the exports). Existing reports get it
computed from their deadline's due date.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("subject_area", sa.String(300), nullable=False,
                                   server_default=""))
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("days_late", sa.Integer(), nullable=False,
                                   server_default="0"))
    op.execute(
        "UPDATE report SET days_late = MAX(0, CAST(julianday(received_on) - julianday("
        "(SELECT due_on FROM deadline WHERE deadline.id = report.deadline_id)) AS INTEGER)) "
        "WHERE received_on IS NOT NULL AND deadline_id IS NOT NULL AND EXISTS ("
        "SELECT 1 FROM deadline WHERE deadline.id = report.deadline_id "
        "AND deadline.due_on IS NOT NULL)")


def downgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.drop_column("days_late")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("subject_area")
