"""Alembic's entry point: migrate the connection `core.store.migrate.upgrade` hands over, or one made from the
configured URL (the command line)."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from core.store.schema import metadata

cfg = context.config
connection = cfg.attributes.get("connection")


def run(conn) -> None:
    # render_as_batch: SQLite changes a column by copying its table, which Alembic's batch mode does for us
    context.configure(connection=conn, target_metadata=metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    with create_engine(cfg.get_main_option("sqlalchemy.url")).connect() as conn:
        run(conn)
