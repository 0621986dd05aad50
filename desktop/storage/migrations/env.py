"""Alembic environment: runs on the connection (or engine) handed over by desktop.storage.

`desktop.storage.upgrade.migrate` hands over a connection already inside its one write
transaction, so every pending migration commits together or not at all.
"""

from alembic import context
from sqlalchemy import create_engine

from desktop.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # noqa: ANN001 - a SQLAlchemy connection
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things in place
    )
    context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = config.attributes.get("engine")
    if engine is None:  # `alembic` command line during development
        url = config.get_main_option("sqlalchemy.url")
        if not url:
            raise RuntimeError("alembic.ini has no sqlalchemy.url and no engine was handed over")
        engine = create_engine(url)
    with engine.begin() as connection:
        _run(connection)


run_migrations_online()
