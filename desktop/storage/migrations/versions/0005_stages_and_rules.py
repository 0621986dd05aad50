"""the procedure's stages done per application; centre duties; pass/fail conclusions

- application.stages_done: {stage code: ISO date} — when each stage of the profile's
  procedure was completed, so procedure deadlines are closed (and measured late) by it;
- deadline.profile_id: the centre's own duties (Дубна's annual registry) belong to a
  profile, not to a site or an application;
- review.passed and review.form_data: a pass/fail conclusion and the profile's expert
  conclusion form.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("stages_done", sa.JSON(), nullable=False,
                                   server_default="{}"))
    with op.batch_alter_table("deadline") as batch:
        batch.add_column(sa.Column("profile_id", sa.String(64), nullable=True))
        batch.create_index("ix_deadline_profile_id", ["profile_id"])
    with op.batch_alter_table("review") as batch:
        batch.add_column(sa.Column("passed", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("form_data", sa.JSON(), nullable=False,
                                   server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("review") as batch:
        batch.drop_column("form_data")
        batch.drop_column("passed")
    with op.batch_alter_table("deadline") as batch:
        batch.drop_index("ix_deadline_profile_id")
        batch.drop_column("profile_id")
    with op.batch_alter_table("application") as batch:
        batch.drop_column("stages_done")
