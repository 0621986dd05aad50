"""Record versions and unique registry numbers: several users on one database.

- `version` (starting at 1) on the records people edit in a card — organisation, person,
  application, site, event: the ORM raises it on every UPDATE and checks it in the WHERE
  clause (`Versioned`), so a save over a row changed meanwhile by another connection is
  refused instead of silently reverting the other's edit.
- `uq_site_number` (live sites, a number given) and `uq_application_reg_number` (a number
  given): two connections allocating the next number at once can no longer both write it.
  A file that already holds such duplicates (typed by hand in a card before this version)
  is upgraded without that index — refusing the upgrade would lock the user out of her
  data; the numbers stay guarded by the services' checks and their allocation lock.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

VERSIONED = ("organisation", "person", "application", "site", "event")

# (index, table, column, the rows it covers)
UNIQUE_NUMBERS = (
    ("uq_site_number", "site", "number", "number != '' AND deleted_at IS NULL"),
    ("uq_application_reg_number", "application", "reg_number", "reg_number != ''"),
)


def upgrade() -> None:
    for table in VERSIONED:
        # ADD COLUMN with a constant default: SQLite and PostgreSQL fill the existing rows
        # without rewriting the table.
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False,
                                       server_default="1"))
    conn = op.get_bind()
    for name, table, column, where in UNIQUE_NUMBERS:
        duplicates = conn.execute(sa.text(
            f"SELECT count(*) FROM (SELECT {column} FROM {table} WHERE {where} "
            f"GROUP BY {column} HAVING count(*) > 1) AS d")).scalar()
        if duplicates:
            continue
        op.create_index(name, table, [column], unique=True, sqlite_where=sa.text(where),
                        postgresql_where=sa.text(where))


def downgrade() -> None:
    conn = op.get_bind()
    existing = {(t, i["name"]) for t in ("site", "application")
                for i in sa.inspect(conn).get_indexes(t)}
    for name, table, _column, _where in UNIQUE_NUMBERS:
        if (table, name) in existing:
            op.drop_index(name, table_name=table)
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
