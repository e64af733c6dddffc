"""Create the database engine and bring its schema up to date.

SQLite is the default: one file in the user's data directory, with WAL journaling
(readers never block the writer, and a killed process loses nothing committed),
foreign keys on (so cascades work) and a busy timeout (so two tabs can write).
PostgreSQL works unchanged through ``postgresql+psycopg://`` URLs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from coffeechat.errors import StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # NORMAL is safe with WAL: a crashed or killed process loses nothing committed.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``, with SQLite tuned for safety; raises StoreError if unusable."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"The database address {url!r} is not valid. Use a SQLite path like "
            "sqlite:///coffeechat.sqlite3 or postgresql+psycopg://user:pass@host/db."
        ) from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise StoreError(
        f"Coffee Chat works with SQLite and PostgreSQL, not {parsed.get_backend_name()!r}."
    )


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest migration revision."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` in one transaction."""
    cfg = _alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except OperationalError as exc:
        raise StoreError(
            f"Cannot open the database at {engine.url.render_as_string(hide_password=True)}: "
            f"{exc.orig}. Check the address, that the server is running, and your permissions."
        ) from None
    except SQLAlchemyError as exc:
        raise StoreError(f"Could not update the database schema: {exc}") from None
