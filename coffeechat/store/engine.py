"""Create the database engine and bring its schema up to date.

SQLite is the default: one file in the user's data directory, with WAL journaling
(readers never block the writer, and a killed process loses nothing committed),
foreign keys on (so cascades work) and a busy timeout (so two tabs can write).
PostgreSQL works through ``postgresql+psycopg://`` URLs (``postgresql://`` means the same).

Database failures a user can cause or meet (a busy or full disk, a file that is not a
database, a schema from a newer Coffee Chat) become a :class:`StoreError` here, at the
engine, so the CLI and the pages both get a sentence instead of a driver's traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from coffeechat.errors import DatabaseBusyError, StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000
#: Lets a test (or a very slow disk) change how long a writer waits for another one.
BUSY_TIMEOUT_ENV = "COFFEECHAT_BUSY_TIMEOUT_MS"
#: Any fixed number works; it names "the Coffee Chat migration" among advisory locks.
_PG_MIGRATION_LOCK = 0x436F6666  # "Coff"
_SUPPORTED = (
    "Use a SQLite file like sqlite:///path/to/coffeechat.sqlite3, or PostgreSQL like "
    "postgresql+psycopg://user:password@host:5432/dbname."
)
# Query keys the Python sqlite3 driver takes itself; the rest belong to SQLite's URI.
_PYSQLITE_KEYS = {"uri", "timeout", "isolation_level", "detect_types", "check_same_thread",
                  "cached_statements"}


def busy_timeout_ms() -> int:
    """How long a writer waits for another writer before giving up, in milliseconds."""
    value = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not value:
        return BUSY_TIMEOUT_MS
    try:
        ms = int(value)
    except ValueError:
        raise StoreError(f"{BUSY_TIMEOUT_ENV} must be a whole number of milliseconds "
                         f"(got {value!r}).") from None
    if not 0 <= ms <= 600_000:
        raise StoreError(f"{BUSY_TIMEOUT_ENV} must be between 0 and 600000 (got {ms}).")
    return ms


def _sqlite_pragmas(timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # The busy timeout goes first so that the other pragmas wait for a busy file too.
        cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # NORMAL is safe with WAL: a crashed or killed process loses nothing committed.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def _invalid(url: str, why: str, fix: str = _SUPPORTED) -> StoreError:
    shown = url
    with suppress(ArgumentError, ValueError):
        shown = make_url(url).render_as_string(hide_password=True)
    return StoreError(f"The database address {shown!r} {why}. {fix}")


def _sqlite_url(url: URL, raw: str) -> tuple[URL, Path | None]:
    """The URL the sqlite3 driver should get, and the file's folder to create (if any).

    With ``uri=true`` SQLite reads the name as a URI only when it starts with ``file:``;
    without that prefix it would create a file literally named ``name?mode=ro``.
    """
    database = url.database or ""
    extra = sorted(set(url.query) - _PYSQLITE_KEYS)
    uri = str(url.query.get("uri", "")).lower() in ("true", "1", "yes", "on")
    if extra and not uri:
        raise _invalid(raw, f"has ?{'&'.join(extra)}=..., which SQLite only reads in URI "
                            "form", "Add &uri=true to the address, or remove the option.")
    if not uri:
        if database in ("", ":memory:"):
            return url, None
        return url, Path(database).expanduser().parent
    path = database.removeprefix("file:")
    if not database.startswith("file:"):
        # Characters that mean something in a URI must be escaped to stay in the name.
        url = url.set(database="file:" + quote(path, safe="/:~"))
    mode = str(url.query.get("mode", "rwc"))
    if path in ("", ":memory:") or mode in ("ro", "rw", "memory"):
        return url, None  # nothing will be created, so no folder is needed either
    return url, Path(path).expanduser().parent


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``, with SQLite tuned for safety; raises StoreError if unusable."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        # make_url raises ValueError for a port that is not a number.
        raise _invalid(url, "is not valid (check the port, if there is one)") from None
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise _invalid(url, f"has port {parsed.port}, but ports go from 1 to 65535")
    backend, name = parsed.get_backend_name(), parsed.drivername
    if name in ("sqlite", "sqlite+pysqlite"):
        if parsed.host or parsed.username or parsed.port:
            raise _invalid(url, "names a server, but SQLite is a file: use three slashes, "
                                "sqlite:///path")
        parsed, folder = _sqlite_url(parsed, url)
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"Cannot create the folder {folder} for the database: "
                                 f"{exc.strerror}. Choose another place.") from None
        timeout_ms = busy_timeout_ms()
        engine = create_engine(parsed, connect_args={"timeout": timeout_ms / 1000})
        event.listen(engine, "connect", _sqlite_pragmas(timeout_ms))
    elif name in ("postgresql", "postgres", "postgresql+psycopg"):
        # A bare postgresql:// means the driver Coffee Chat ships with.
        engine = create_engine(parsed.set(drivername="postgresql+psycopg"), pool_pre_ping=True)
    elif backend in ("sqlite", "postgresql"):
        raise _invalid(url, f"asks for the {parsed.get_driver_name()!r} driver, which "
                            "Coffee Chat does not use")
    else:
        raise _invalid(url, f"is for {backend!r}; Coffee Chat works with SQLite and "
                            "PostgreSQL only")
    event.listen(engine, "handle_error", _explain_failure)
    return engine


def _where(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        database = url.database or ":memory:"
        if database.startswith("file:"):  # the URI form is percent-encoded
            return unquote(database.removeprefix("file:").split("?")[0])
        return database
    return url.render_as_string(hide_password=True)


def database_label(url: str) -> str:
    """Where the data lives, for the learner: a file path, or a server without its password."""
    try:
        return _where(make_url(url))
    except (ArgumentError, ValueError):
        return "an address Coffee Chat cannot read (check COFFEECHAT_DATABASE_URL)"


def _sqlite_problem(name: str, where: str) -> StoreError | None:
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DatabaseBusyError(
            f"The database {where} is busy: another Coffee Chat (a browser tab, or another "
            "command) is writing to it. Nothing was changed. Try again in a moment.")
    # SQLite cannot grow its shared-memory file on a full disk, and says SHMSIZE.
    if name in ("SQLITE_FULL", "SQLITE_IOERR_SHMSIZE"):
        return StoreError(f"The disk holding the database {where} is full, so nothing was "
                          "saved. Free some space and try again.")
    if name.startswith("SQLITE_READONLY"):
        return StoreError(f"The database {where} is read-only, so nothing was saved. Check "
                          "the file's permissions, or drop mode=ro from the address.")
    if name == "SQLITE_NOTADB" or name.startswith("SQLITE_CORRUPT"):
        return StoreError(
            f"{where} is not a Coffee Chat database (or is damaged). Check the path given "
            "with --db or COFFEECHAT_DATABASE_URL; to recover, restore a backup into a new "
            "file.")
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(f"Cannot open the database file {where}. Check that its folder "
                          "exists, that the file exists if the address says mode=ro or rw, "
                          "and that you may write there.")
    if name.startswith("SQLITE_IOERR"):
        return StoreError(f"The disk failed while reading or writing {where}, so nothing "
                          "was saved. Check that the disk is connected and has space.")
    return None


# PostgreSQL error codes (SQLSTATE) a user can meet and act on.
_PG_PROBLEMS = {
    "53100": "The database server's disk is full, so nothing was saved. Free some space on "
             "the server and try again.",
    "25006": "The database is read-only, so nothing was saved. Connect to a server that "
             "accepts writes.",
    "42501": "The database user may not change this database. Connect as its owner.",
    "22003": "A number is larger than the database can store. Check the ids and numbers "
             "you gave.",
    "55P03": "The database is busy: another Coffee Chat is writing to it. Nothing was "
             "changed. Try again in a moment.",
}


def database_problem(error: BaseException, url: URL) -> StoreError | None:
    """A StoreError that explains a driver error, or None for errors that are bugs."""
    name = getattr(error, "sqlite_errorname", None)
    if isinstance(name, str):
        return _sqlite_problem(name, _where(url))
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate in _PG_PROBLEMS:
        cls = DatabaseBusyError if sqlstate == "55P03" else StoreError
        return cls(_PG_PROBLEMS[sqlstate])
    return None


def _explain_failure(context: ExceptionContext) -> None:
    if context.is_pre_ping:
        return  # a dropped connection is retried by the pool, not reported
    url = context.engine.url if context.engine is not None else None
    problem = database_problem(context.original_exception, url) if url is not None else None
    if problem is not None:
        raise problem from context.original_exception


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


def _newer_schema(revision: str) -> StoreError:
    return StoreError(
        f"This database was written by a newer Coffee Chat (schema {revision}; this version "
        f"knows up to {head_revision()}). Update Coffee Chat to open it, or point --db or "
        "COFFEECHAT_DATABASE_URL at another database. Nothing was changed.")


def _lock_for_migration(conn: Connection) -> None:
    """Make concurrent first runs queue up, so the schema is created exactly once."""
    if conn.dialect.name == "sqlite":
        # The sqlite3 driver opens transactions lazily; take the write lock now, so a
        # second process waits here (busy timeout) and then finds the schema made.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")


@contextmanager
def _foreign_keys_off(conn: Connection) -> Iterator[None]:
    """On SQLite, run the migrations with foreign keys off, then check them all.

    SQLite only adds a column that references another table with a default (the owner
    of every existing row) while they are off, and the switch only works outside a
    transaction; :func:`_check_references` checks them before the commit.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    conn.commit()  # ends SQLAlchemy's autobegun transaction; SQLite opened none
    try:
        yield
    finally:
        conn.rollback()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def _check_references(conn: Connection) -> None:
    if conn.dialect.name == "sqlite" and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
        raise StoreError("The database has rows that refer to rows that are missing, so its "
                         "schema was not updated. Nothing was changed. Restore a backup into "
                         "a new file.")


def migrate(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` in one transaction, under a lock.

    Raises StoreError when the database cannot be opened, or was written by a newer
    Coffee Chat (its revision is unknown here), in which case nothing is changed.
    """
    cfg = _alembic_config()
    script = ScriptDirectory.from_config(cfg)
    known = {rev.revision for rev in script.walk_revisions()}
    target = script.get_current_head() if revision == "head" else revision
    try:
        current = current_revision(engine)
        if current is not None and current not in known:
            raise _newer_schema(current)
        if current == target:
            return  # the usual case: no lock, no write
        with engine.connect() as conn, _foreign_keys_off(conn), conn.begin():
            _lock_for_migration(conn)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            _check_references(conn)
    except CommandError:
        # Another, newer Coffee Chat stamped the database between our check and the lock.
        raise _newer_schema(current_revision(engine) or "unknown") from None
    except OperationalError as exc:
        raise StoreError(
            f"Cannot open the database at {engine.url.render_as_string(hide_password=True)}: "
            f"{exc.orig}. Check the address, that the server is running, and your permissions."
        ) from None
    except SQLAlchemyError as exc:
        # The driver's own words, without SQLAlchemy's link to its documentation.
        detail = str(getattr(exc, "orig", None) or exc).split("\n(Background on")[0]
        raise StoreError(f"Could not update the database schema: {detail}.") from None
