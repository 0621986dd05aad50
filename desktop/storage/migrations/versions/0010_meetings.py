"""Meetings as meetings: time, place, chair, secretary, members and present on
council_meeting, and meeting_item — each question of the agenda numbered once, with its
speaker and the vote.

The agenda used to be derived from the history («on_agenda» on the meeting's date); the
questions of existing meetings are made from it, numbered by registration number as the
agenda printed them, the decided ones included.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_COLUMNS = (("body_code", 64), ("starts_at", 5), ("place", 300), ("chair", 200),
            ("secretary", 200))


def upgrade() -> None:
    with op.batch_alter_table("council_meeting") as batch:
        for name, length in _COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length), nullable=False,
                                       server_default=""))
        batch.add_column(sa.Column("members", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("present", sa.Integer(), nullable=True))
    op.create_table(
        "meeting_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(),
                  sa.ForeignKey("council_meeting.id", ondelete="CASCADE"), nullable=False),
        sa.Column("application_id", sa.Integer(),
                  sa.ForeignKey("application.id", ondelete="CASCADE"), nullable=True),
        sa.Column("site_id", sa.Integer(), sa.ForeignKey("site.id", ondelete="CASCADE"),
                  nullable=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(300), nullable=False, server_default=""),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstained", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False,
                  server_default=sa.func.current_timestamp()),
        sa.Column("updated_at", sa.DateTime(), nullable=False,
                  server_default=sa.func.current_timestamp()),
        sa.UniqueConstraint("meeting_id", "number"),
        sa.UniqueConstraint("meeting_id", "application_id"),
    )
    op.create_index("ix_meeting_item_application_id", "meeting_item", ["application_id"])
    op.create_index("ix_meeting_item_site_id", "meeting_item", ["site_id"])
    # The questions of the meetings already held: what the agenda derived from the history
    # and the decisions, in the order it printed them.
    op.execute("""
        INSERT INTO meeting_item (meeting_id, application_id, number)
        SELECT meeting_id, application_id,
               ROW_NUMBER() OVER (PARTITION BY meeting_id ORDER BY reg_number, application_id)
        FROM (
            SELECT DISTINCT m.id AS meeting_id, a.id AS application_id,
                   a.reg_number AS reg_number
            FROM council_meeting m
            JOIN application a ON a.profile_id = m.profile_id AND a.deleted_at IS NULL
            WHERE a.id IN (SELECT d.application_id FROM decision d WHERE d.meeting_id = m.id)
               OR a.id IN (SELECT h.application_id FROM status_history h
                           WHERE h.event = 'on_agenda' AND h.happened_on = m.meeting_date)
        )
    """)


def downgrade() -> None:
    op.drop_index("ix_meeting_item_site_id", table_name="meeting_item")
    op.drop_index("ix_meeting_item_application_id", table_name="meeting_item")
    op.drop_table("meeting_item")
    with op.batch_alter_table("council_meeting") as batch:
        for name in ("present", "members", *(c for c, _ in reversed(_COLUMNS))):
            batch.drop_column(name)
