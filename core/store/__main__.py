"""The workspace database from the command line (the database from EVENTS_DB_URL, secrets.toml or the default
SQLite file):

    .venv/bin/python -m core.store                         # upgrade to the latest schema version
    .venv/bin/python -m core.store current                 # the version the database is at
    .venv/bin/python -m core.store revision -m "what"      # a new migration file to fill in
"""
from __future__ import annotations

import sys

from alembic import command

from core.store.db import connect, database_url
from core.store.migrate import config, current, head, upgrade


def main(argv: list[str]) -> None:
    url = database_url()
    verb = argv[0] if argv else "upgrade"
    if verb == "upgrade":
        upgrade(connect(url), argv[1] if len(argv) > 1 else "head")
        print(f"{url}: at {current(connect(url))}")
    elif verb == "current":
        print(f"{url}: at {current(connect(url))} (latest {head()})")
    elif verb == "revision":
        message = argv[argv.index("-m") + 1] if "-m" in argv else "change"
        command.revision(config(url), message=message)
    else:
        raise SystemExit(f"unknown command {verb!r}: upgrade, current or revision -m MESSAGE")


if __name__ == "__main__":
    main(sys.argv[1:])
