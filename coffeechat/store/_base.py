"""What every repository shares: the database, the scope it serves, and row lookups.

Sessions and transactions stay inside the store package: the pages, the CLI, the
importer and the backup only ever see pydantic models and repository methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Engine, and_, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from coffeechat.errors import NotFoundError, StoreError
from coffeechat.store.tables import (
    Base,
    ContactRow,
    ConversationRow,
    FollowUpRow,
    row_dict,
)

M = TypeVar("M", bound=BaseModel)

#: A note or message about a conversation must name that conversation's own contact.
OTHER_CONTACT = ("That conversation belongs to a different contact. Choose one of this "
                 "contact's own conversations.")

#: PostgreSQL advisory-lock key for :meth:`Database.exclusive` ("CofC").
WRITE_LOCK_KEY = 0x436F6643


@dataclass(frozen=True)
class Scope:
    """Whose records a repository reads and writes.

    Today there is one learner per database, the local account. Every repository is
    built with a scope, so that when accounts arrive no query can be written without one.
    """

    account_id: int = 1


LOCAL = Scope()


class Database:
    """The engine and its sessions, private to the store package."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        with self._sessions.begin() as session:
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
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session."""
        with self._sessions() as session:
            yield session


class Repository:
    """One aggregate's records, for one scope."""

    def __init__(self, db: Database, scope: Scope) -> None:
        self._db = db
        self._scope = scope


def model(cls: type[M], row: Base) -> M:
    """A database row as its pydantic record."""
    return cls.model_validate(row_dict(row))


def contact_row(s: Session, contact_id: int) -> ContactRow:
    row = s.get(ContactRow, contact_id)
    if row is None:
        raise NotFoundError(f"There is no contact with id {contact_id}.")
    return row


def conversation_row(s: Session, conversation_id: int) -> ConversationRow:
    row = s.get(ConversationRow, conversation_id)
    if row is None:
        raise NotFoundError(f"There is no conversation with id {conversation_id}.")
    return row


def followup_row(s: Session, followup_id: int) -> FollowUpRow:
    row = s.get(FollowUpRow, followup_id)
    if row is None:
        raise NotFoundError(f"There is no follow-up with id {followup_id}.")
    return row


def about(table: Any, contact_id: int, conversation_id: int | None) -> Any:
    """Rows for a contact and a conversation, where no conversation means "none"."""
    conv = (table.conversation_id.is_(None) if conversation_id is None
            else table.conversation_id == conversation_id)
    return and_(table.contact_id == contact_id, conv)


def not_archived() -> Any:
    # A NOT IN over the (few) archived contacts, rather than a join, keeps the query
    # planner walking follow-ups by date however the statistics look.
    return FollowUpRow.contact_id.not_in(select(ContactRow.id).where(ContactRow.archived))


def is_open() -> Any:
    return and_(FollowUpRow.done_at.is_(None), FollowUpRow.cancelled_at.is_(None))
