"""organisation.head_position: the head's position as typed («директор», «заведующая»)

Letters address the head in the dative («Директору МБОУ «СОШ № 5» М. Ю. Андреевой»); the
directory kept only the head's name. Existing organisations get an empty position, which
the letters print as «Руководителю …».

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("head_position", sa.String(300), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("head_position")
