"""What every repository shares: the database, the scope it serves, and row lookups.

Sessions and transactions stay inside the store package: the pages, the CLI, the
importer and the backup only ever see pydantic models and repository methods.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Engine, Select, Table, and_, event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from coffeechat.errors import NotFoundError, StoreError
from coffeechat.store.tables import (
    LOCAL_ACCOUNT_ID,
    Base,
    ContactRow,
    ConversationRow,
    FollowUpRow,
    Owned,
    row_dict,
)

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", bound=Owned)

#: A note or message about a conversation must name that conversation's own contact.
OTHER_CONTACT = ("That conversation belongs to a different contact. Choose one of this "
                 "contact's own conversations.")

#: PostgreSQL advisory-lock key for :meth:`Database.exclusive` ("CofC").
WRITE_LOCK_KEY = 0x436F6643


@dataclass(frozen=True)
class Scope:
    """Whose records a repository reads and writes: one account.

    A local install has one learner, the local account. Every repository is built with
    a scope, and every query it runs filters by the scope's account (the helpers below),
    so no query can be written without one.
    """

    account_id: int = LOCAL_ACCOUNT_ID


LOCAL = Scope()

#: The PostgreSQL setting each transaction declares its account in; the row-level
#: security policies of migration 0010 read it.
ACCOUNT_SETTING = "coffeechat.account"
_SCOPE_KEY = "coffeechat.scope"


class Database:
    """The engine and its sessions for one scope, private to the store package.

    Every session it opens knows its scope (for :func:`owned` and for stamping new rows)
    and, on PostgreSQL, declares the account to the database first, so that row-level
    security shows and accepts that account's rows only.
    """

    def __init__(self, engine: Engine, scope: Scope = LOCAL,
                 sessions: sessionmaker[Session] | None = None) -> None:
        self.engine = engine
        self.scope = scope
        self._sessions = sessions or _sessionmaker(engine)

    def bound(self, scope: Scope) -> Database:
        """The same engine and sessions, for another account."""
        return Database(self.engine, scope, self._sessions)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def _declare(self, session: Session) -> None:
        declare(session, self.scope)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        with self._sessions.begin() as session:
            self._declare(session)
            yield session

    @contextmanager
    def exclusive(self) -> Iterator[Session]:
        """A transaction that holds the database's write lock from its first statement.

        For work that reads, decides and then writes (an import that de-duplicates
        against what is stored): two of them at once take turns, so the second sees
        what the first wrote. SQLite starts with ``BEGIN IMMEDIATE``; PostgreSQL takes
        a transaction-level advisory lock, released at commit or rollback.
        """
        with self._sessions.begin() as session:
            connection = session.connection()
            try:
                if self.dialect == "sqlite":
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                else:
                    connection.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))
            except OperationalError:
                raise StoreError(
                    "The database is busy with another change (another window or command "
                    "is saving). Nothing was changed; try again in a moment."
                ) from None
            self._declare(session)
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session."""
        with self._sessions() as session:
            self._declare(session)
            yield session

    @contextmanager
    def unscoped(self) -> Iterator[Session]:
        """A transaction that declares no account: for the accounts table only.

        On PostgreSQL it sees no learner rows at all; the store uses it to sign people
        in and to list and delete accounts, never for a learner's records.
        """
        with self._sessions.begin() as session:
            yield session


def declare(session: Session, scope: Scope) -> None:
    """Make this session (and, on PostgreSQL, its transaction) work for one account."""
    session.info[_SCOPE_KEY] = scope
    if session.get_bind().dialect.name == "postgresql":
        # is_local: the setting ends with the transaction, so a pooled connection
        # never carries one account's setting into another's transaction.
        session.execute(select(func.set_config(ACCOUNT_SETTING, str(scope.account_id), True)))


def _sessionmaker(engine: Engine) -> sessionmaker[Session]:
    sessions = sessionmaker(engine, expire_on_commit=False)
    event.listen(sessions, "before_flush", _stamp_owner)
    return sessions


def _stamp_owner(session: Session, _context: Any, _instances: Any) -> None:
    """Give every new learner row the session's account; refuse to move a row to another."""
    for obj in session.new:
        if isinstance(obj, Owned):
            account = account_of(session)
            given = obj.__dict__.get("owner_id")  # unset until the store sets it here
            if given is None:
                obj.owner_id = account
            elif given != account:
                raise StoreError(f"A record for account {obj.owner_id} cannot be written "
                                 f"for account {account}.")
    for obj in session.dirty:
        if isinstance(obj, Owned) and obj.owner_id != account_of(session):
            raise StoreError(f"A record of account {obj.owner_id} cannot be changed for "
                             f"account {account_of(session)}.")


def account_of(session: Session) -> int:
    """The account a session works for; a session without one may touch no learner row."""
    scope = session.info.get(_SCOPE_KEY)
    if not isinstance(scope, Scope):
        raise StoreError("This database session declared no account, so it may not read or "
                         "write anyone's records.")
    return scope.account_id


def owned(session: Session, *tables: Any) -> ColumnElement[bool]:
    """Only the session's account's rows of these tables (each a row class or Table)."""
    return mine(account_of(session), *tables)


def mine(account_id: int, *tables: Any) -> ColumnElement[bool]:
    """Only this account's rows of these tables: the one owner filter every query uses."""
    return and_(*(_columns(t).owner_id == account_id for t in tables))


def _columns(table: Any) -> Any:
    return table.c if isinstance(table, Table) else table


def owned_rows(session: Session, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a Core bulk INSERT, each stamped with the session's account."""
    account = account_of(session)
    return [{**row, "owner_id": account} for row in rows]


class Repository:
    """One aggregate's records, for one scope."""

    def __init__(self, db: Database, scope: Scope) -> None:
        if db.scope != scope:
            db = db.bound(scope)
        self._db = db
        self._scope = scope

    def _mine(self, *tables: Any) -> ColumnElement[bool]:
        """Only this repository's account's rows of these tables."""
        return mine(self._scope.account_id, *tables)

    def _select(self, *what: Any) -> Select[Any]:
        """A SELECT of these row classes or columns, each table filtered to the account."""
        query = select(*what)
        tables = [t for t in query.columns_clause_froms
                  if isinstance(t, Table) and "owner_id" in t.c]
        return query.where(self._mine(*tables)) if tables else query


def row_by_id(s: Session, cls: type[R], row_id: int, what: str) -> R:
    """The session's account's row with this id; another account's is as good as missing."""
    table: Any = cls  # every learner table has an integer id
    row: R | None = s.scalars(select(table).where(table.id == row_id,
                                                  owned(s, table))).first()
    if row is None:
        raise NotFoundError(f"There is no {what} with id {row_id}.")
    return row


def model(cls: type[M], row: Base) -> M:
    """A database row as its pydantic record."""
    return cls.model_validate(row_dict(row))


def contact_row(s: Session, contact_id: int) -> ContactRow:
    return row_by_id(s, ContactRow, contact_id, "contact")


def conversation_row(s: Session, conversation_id: int) -> ConversationRow:
    return row_by_id(s, ConversationRow, conversation_id, "conversation")


def followup_row(s: Session, followup_id: int) -> FollowUpRow:
    return row_by_id(s, FollowUpRow, followup_id, "follow-up")


def about(table: Any, contact_id: int, conversation_id: int | None) -> Any:
    """Rows for a contact and a conversation, where no conversation means "none"."""
    conv = (table.conversation_id.is_(None) if conversation_id is None
            else table.conversation_id == conversation_id)
    return and_(table.contact_id == contact_id, conv)


def not_archived(account_id: int) -> Any:
    # A NOT IN over the (few) archived contacts, rather than a join, keeps the query
    # planner walking follow-ups by date however the statistics look.
    return FollowUpRow.contact_id.not_in(
        select(ContactRow.id).where(ContactRow.archived, mine(account_id, ContactRow)))


def is_open() -> Any:
    return and_(FollowUpRow.done_at.is_(None), FollowUpRow.cancelled_at.is_(None))
