"""Where the workspaces live, and how the app talks to that database.

The database is named by a SQLAlchemy URL, looked for in this order:
1. `EVENTS_DB_URL` in the environment (e.g. `postgresql+psycopg://user:secret@host:5432/events`);
2. `[connections.events] url = …` in `.streamlit/secrets.toml`, Streamlit's own convention;
3. otherwise an embedded SQLite file, `events.db` in the data folder (`EVENTS_DATA_DIR`, default `.data/` in
   the project), created on first start.

SQLite runs in WAL mode, so pages read while a batch writes. Every change is one transaction opened with
`writing(engine)`: on SQLite that is `BEGIN IMMEDIATE`, which takes the write lock up front and waits for it
(busy timeout) instead of failing half way with "database is locked" when two sessions write at once.

    engine = connect(database_url())
    prepare(engine)                      # schema migrations to the latest version, once per process
    with writing(engine) as conn:
        conn.execute(...)
"""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd

from sqlalchemy import JSON, Connection, DateTime, Engine, Select, Table, create_engine, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

from core.config import PROJECT_ROOT, secret_section, value
from core.store.migrate import upgrade

BUSY_TIMEOUT_MS = 30_000  # a writer waits this long for another's transaction; ours take milliseconds
_prepared: set[str] = set()
_prepare_lock = threading.Lock()


def data_dir() -> Path:
    return Path(value("EVENTS_DATA_DIR") or PROJECT_ROOT / ".data").expanduser()


def database_url() -> str:
    """Example: with nothing set -> "sqlite:////…/.data/events.db" """
    url = value("EVENTS_DB_URL") or secret_section("connections", "events").get("url")
    if url:
        return str(url).strip()
    return f"sqlite:///{data_dir() / 'events.db'}"


def engine_options(url: str) -> dict:
    """Keyword arguments for `create_engine` (and `st.connection`, which passes them on) for this URL."""
    if make_url(url).get_backend_name() == "sqlite":
        # the app's threads share the engine; each checks out its own connection
        return {"connect_args": {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}}
    # a server connection dropped while idle (Community Cloud sleeps, a database restarts) is replaced
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10}


def connect(url: str) -> Engine:
    """An engine for `url`, set up as the app needs it (see `configure`)."""
    return configure(create_engine(url, **engine_options(url)))


def configure(engine: Engine) -> Engine:
    """SQLite: WAL, foreign keys, a busy timeout, and transactions the app opens itself. Idempotent, so it can
    be applied to the engine Streamlit's connection made."""
    if engine.dialect.name != "sqlite" or getattr(engine, "_events_configured", False):
        return engine
    database = engine.url.database
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # pysqlite's own BEGIN would be deferred; ours says which
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL keeps every committed change across a crash
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("events_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    engine._events_configured = True
    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One change, in one transaction: committed whole when the block ends, rolled back whole on an error."""
    with engine.connect().execution_options(events_write=True) as conn, conn.begin():
        yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A consistent read of several tables (one snapshot)."""
    with engine.connect() as conn, conn.begin():
        yield conn


def prepare(engine: Engine) -> None:
    """Bring the schema to the latest version, once per process and database (see `core.store.migrate`)."""
    key = str(engine.url)
    if key in _prepared:
        return
    with _prepare_lock:
        if key not in _prepared:
            upgrade(engine)
            _prepared.add(key)


def upsert(conn: Connection, table: Table, values: dict, keys: list[str], changes: dict) -> None:
    """Insert a row, or update the one with the same `keys`, in one statement: two sessions writing the same
    row at once both succeed, the later one winning, instead of one failing on the unique key.

    Example: upsert(conn, drafts, row, ["workspace_id", "session_key", "kind"], {"text": row["text"]})"""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(conn.dialect.name)
    if dialect is None:
        raise NotImplementedError(f"{conn.dialect.name} databases are not supported; use SQLite or PostgreSQL.")
    conn.execute(dialect.insert(table).values(**values).on_conflict_do_update(index_elements=keys, set_=changes))


def latest(conn: Connection, table: Table, ws_id: str):
    """The workspace's newest row of a table it owns one of at a time (its programme, its comments)."""
    return conn.execute(select(table).where(table.c.workspace_id == ws_id).order_by(table.c.id.desc())).first()


def count(conn: Connection, table: Table, *where) -> int:
    """Rows of `table` matching `where`. Example: count(conn, drafts, drafts.c.workspace_id == ws_id) -> 2"""
    return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def frame(conn: Connection, statement: Select) -> pd.DataFrame:
    """The rows of a select as a DataFrame, read straight from the driver's cursor, times and JSON converted a
    column at a time: SQLAlchemy's row objects and per-value processing cost more than the query itself on
    large tables (bench/persistence.py measures both)."""
    compiled = statement.compile(dialect=conn.dialect)
    params = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        cursor.close()
    out = pd.DataFrame.from_records(rows, columns=names)
    for column in statement.selected_columns:
        if column.name not in out or out.empty:
            continue
        if isinstance(column.type, DateTime):
            out[column.name] = pd.to_datetime(out[column.name])
        elif isinstance(column.type, JSON):  # SQLite hands JSON back as text, psycopg already decoded
            out[column.name] = [json.loads(v) if isinstance(v, str) else v for v in out[column.name]]
    return out
