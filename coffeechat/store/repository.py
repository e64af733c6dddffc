"""The learner's records, one repository per aggregate behind a thin facade.

``store.contacts``, ``store.conversations``, ``store.notes``, ``store.followups``,
``store.activities``, ``store.messages`` (sent messages, replies and drafts) and
``store.profile``. Each repository owns its queries.

Every public method that writes does so in exactly one transaction, so a change is
either stored whole or not at all. Values are validated by the pydantic models
before they reach the database, and every method returns pydantic models, never
database rows, so the pages and the CLI cannot touch SQL by accident. The rules of
the workflow (what a status move or a sent message changes) live in
:mod:`coffeechat.workflow`; the repositories apply them.

Times are the learner's local wall-clock time (this is a local-first app); dates
such as ``due_on`` are local dates.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Text, func, literal, select

from coffeechat.models import Status
from coffeechat.settings import database_url
from coffeechat.store._base import LOCAL, Database, Scope, mine, owned
from coffeechat.store.accounts import Accounts
from coffeechat.store.activities import Activities
from coffeechat.store.bulk import Bulk
from coffeechat.store.contacts import Contacts
from coffeechat.store.conversations import Conversations
from coffeechat.store.engine import create_store_engine, migrate
from coffeechat.store.followups import FollowUps
from coffeechat.store.messages import Messages
from coffeechat.store.notes import Notes
from coffeechat.store.profile import Profiles
from coffeechat.store.tables import TABLES, ContactRow, ConversationRow, SentMessageRow


class Store:
    """Access to one database, for one account. Create it once per process and share it.

    ``Store(url)`` is the local account's store; :meth:`for_account` gives another
    account's store on the same engine (cheap: no migration check, no new pool).
    """

    def __init__(self, url: str | None = None, *, engine: Engine | None = None,
                 scope: Scope = LOCAL, _db: Database | None = None) -> None:
        if _db is not None:
            self.url, self.engine = url or "", _db.engine
            self._db = _db.bound(scope)
        else:
            self.url = url or database_url()
            self.engine = engine or create_store_engine(self.url)
            migrate(self.engine)
            self._db = Database(self.engine, scope)
        self.scope = scope
        self.accounts = Accounts(self._db)
        self.profile = Profiles(self._db, scope)
        self.contacts = Contacts(self._db, scope)
        self.conversations = Conversations(self._db, scope)
        self.notes = Notes(self._db, scope)
        self.followups = FollowUps(self._db, scope)
        self.activities = Activities(self._db, scope)
        self.messages = Messages(self._db, scope)
        #: Every table at once, for backups and restores.
        self.bulk = Bulk(self._db, scope)
        if _db is None:
            self.optimize()

    def for_account(self, account_id: int) -> Store:
        """The store of one account, sharing this store's engine and sessions.

        Use it for a signed-in learner: ``store.for_account(account.id)`` after
        :func:`coffeechat.accounts.sign_in`.
        """
        return Store(self.url, scope=Scope(account_id), _db=self._db)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._db.dialect

    def optimize(self) -> None:
        """Refresh SQLite's query-planner statistics where they are stale (cheap).

        Without them SQLite can pick a slow plan after a large import.
        """
        if self.dialect == "sqlite":
            with self.engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA optimize=0x10002")

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def journey_counts(self) -> tuple[int, int, int, int, int]:
        """Contacts, planned conversations, sent messages, held and thanked chats."""

        def count(query: Any) -> Any:
            return query.scalar_subquery()

        planned = func.length(func.cast(ConversationRow.plan, Text())) > 2
        held = [Status.HELD.value, Status.THANKED.value, Status.CLOSED.value]
        thanked = [Status.THANKED.value, Status.CLOSED.value]
        # One round trip for all five counts: the sidebar asks on every page.
        account = self.scope.account_id
        conversations = (select(func.count()).select_from(ConversationRow)
                         .where(mine(account, ConversationRow)))
        query = select(
            count(select(func.count()).select_from(ContactRow)
                  .where(mine(account, ContactRow))),
            count(conversations.where(planned)),
            count(select(func.count()).select_from(SentMessageRow)
                  .where(mine(account, SentMessageRow))),
            count(conversations.where(ConversationRow.status.in_(held))),
            count(conversations.where(ConversationRow.status.in_(thanked))),
        )
        with self._db.reading() as s:
            row = s.execute(query).one()
        return int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4])

    def is_empty(self) -> bool:
        """True when this account has stored nothing at all yet."""
        with self._db.reading() as s:
            return not any(
                s.scalar(select(literal(1)).select_from(table).where(owned(s, table)).limit(1))
                for table in TABLES)
