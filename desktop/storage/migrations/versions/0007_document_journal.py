"""the document journal: outgoing (исходящие) and incoming (входящие) entries

Every outgoing document the app writes (order, notice, letter, invitation) takes a number
and date here, with its addressee and the record it concerns; every received application
package is entered as incoming with its received date. Numbers run per direction and year
(`seq`), formatted by the centre's setting into `number`.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(50), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("doc_type", sa.String(30), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("correspondent", sa.Text(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("os_user", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"], ondelete="SET NULL",
                                name="fk_journal_entry_application_id_application"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], ondelete="SET NULL",
                                name="fk_journal_entry_site_id_site"),
        sa.ForeignKeyConstraint(["meeting_id"], ["council_meeting.id"], ondelete="SET NULL",
                                name="fk_journal_entry_meeting_id_council_meeting"),
        sa.ForeignKeyConstraint(["order_id"], ["decree.id"], ondelete="SET NULL",
                                name="fk_journal_entry_order_id_decree"),
        sa.PrimaryKeyConstraint("id", name="pk_journal_entry"),
        sa.UniqueConstraint("direction", "year", "seq", name="uq_journal_entry_direction"),
    )
    for column in ("application_id", "site_id", "meeting_id", "order_id", "entry_date"):
        op.create_index(f"ix_journal_entry_{column}", "journal_entry", [column])


def downgrade() -> None:
    for column in ("application_id", "site_id", "meeting_id", "order_id", "entry_date"):
        op.drop_index(f"ix_journal_entry_{column}", table_name="journal_entry")
    op.drop_table("journal_entry")
