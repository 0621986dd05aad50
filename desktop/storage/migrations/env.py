"""Alembic environment: runs on the engine handed over by desktop.storage.db."""

from alembic import context
from sqlalchemy import create_engine

from desktop.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # `alembic` command line during development
        url = config.get_main_option("sqlalchemy.url")
        if not url:
            raise RuntimeError("alembic.ini has no sqlalchemy.url and no engine was handed over")
        engine = create_engine(url)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite cannot ALTER most things in place
        )
        context.run_migrations()


run_migrations_online()
