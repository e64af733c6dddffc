"""The learner's contacts: the people they talk to."""

from __future__ import annotations

import builtins
import itertools
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Select,
    Table,
    Text,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from coffeechat.clock import now
from coffeechat.models import DEFAULT_CADENCE, Contact, ContactIn, Tier
from coffeechat.store._base import (
    Repository,
    account_of,
    contact_row,
    model,
    owned,
    owned_rows,
)
from coffeechat.store.followups import reschedule_keep_in_touch
from coffeechat.store.tables import (
    ActivityRow,
    ContactRow,
    ConversationRow,
    DraftDetailRow,
    DraftRow,
    FollowUpRow,
    NoteRow,
    SentMessageRow,
    refresh_search_keys,
)
from coffeechat.textfold import contact_search_key, fold
from coffeechat.validation import parse

_TABLE: Table = ContactRow.__table__  # type: ignore[assignment]
#: SQLite's page cache during an import, in KB.
IMPORT_CACHE_KB = 32 * 1024


@dataclass(frozen=True)
class QuietContact:
    """A contact whose keep-in-touch cadence has run out."""

    contact: Contact
    last_interaction: date
    days_quiet: int


class ContactImport:
    """Bulk writes for an import, inside one transaction that holds the write lock.

    The session works for one account: it reads that account's contacts only, and
    every row it inserts or updates is that account's.
    """

    def __init__(self, session: Session) -> None:
        self._s = session

    def stored(self, columns: Sequence[str],
               ids: Sequence[int] | None = None) -> Iterator[tuple[Any, ...]]:
        """These columns of the account's contacts (or of these ids), as plain tuples.

        Tuples, not rows read by attribute: that is several times faster at 30k rows.
        """
        query = select(*(_TABLE.c[name] for name in columns)).where(owned(self._s, _TABLE))
        if ids is not None:
            query = query.where(_TABLE.c.id.in_(ids))
        yield from self._s.execute(query)

    def insert(self, rows: Sequence[dict[str, Any]]) -> None:
        """New contacts, already validated, each with every field and its timestamps.

        The search key is set here, once per row, rather than by the column's default:
        a context-sensitive default makes SQLAlchemy build each row's parameters twice.
        """
        if rows:
            for row in rows:
                row["search_key"] = contact_search_key(row)
            self._s.execute(insert(_TABLE), owned_rows(self._s, rows))

    def update(self, rows: Sequence[dict[str, Any]]) -> None:
        """Changed fields of stored contacts; each dict has the ``id``."""
        if rows:
            # The owner in the WHERE too: an id of another account's contact changes nothing.
            # No session sync: an import holds no contact objects, only these dicts.
            self._s.execute(update(ContactRow).where(owned(self._s, ContactRow)), list(rows),
                            execution_options={"synchronize_session": None})
            refresh_search_keys(self._s, [row["id"] for row in rows], account_of(self._s))


class Contacts(Repository):
    """Add, change, find and archive contacts."""

    def add(self, contact: ContactIn | dict[str, Any]) -> Contact:
        """Validate and store a new contact."""
        valid = contact if isinstance(contact, ContactIn) else parse(ContactIn, contact,
                                                                      what="contact")
        stamp = now()
        with self._db.writing() as s:
            row = ContactRow(**_values(valid), created_at=stamp, updated_at=stamp)
            s.add(row)
            s.flush()
            return model(Contact, row)

    def update(self, contact_id: int, contact: ContactIn | dict[str, Any]) -> Contact:
        """Replace a contact's details; reschedules keep-in-touch if the cadence changed."""
        valid = contact if isinstance(contact, ContactIn) else parse(ContactIn, contact,
                                                                      what="contact")
        with self._db.writing() as s:
            row = contact_row(s, contact_id)
            for key, value in _values(valid).items():
                setattr(row, key, value)
            row.updated_at = now()
            s.flush()
            updated = model(Contact, row)
            reschedule_keep_in_touch(s, updated)
            return updated

    def update_fields(self, contact_id: int, **changes: Any) -> Contact:
        """Change some of a contact's details, keeping the rest."""
        current = self.get(contact_id)
        data = current.model_dump(include=set(ContactIn.model_fields))
        data.update(changes)
        return self.update(contact_id, data)

    def get(self, contact_id: int) -> Contact:
        """One contact, archived or not."""
        with self._db.reading() as s:
            return model(Contact, contact_row(s, contact_id))

    def list(
        self,
        *,
        search: str | None = None,
        tier: str | None = None,
        tag: str | None = None,
        archived: bool | None = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[Contact]:
        """Contacts by name, filtered; archived ones only when asked for."""
        query = _query(self._select(ContactRow), search, tier, tag, archived).order_by(
            func.lower(ContactRow.name), ContactRow.id
        )
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self._db.reading() as s:
            return [model(Contact, row) for row in s.scalars(query)]

    def count(
        self,
        *,
        search: str | None = None,
        tier: str | None = None,
        tag: str | None = None,
        archived: bool | None = False,
    ) -> int:
        """How many contacts match the same filters as :meth:`list`."""
        query = _query(self._select(ContactRow), search, tier, tag, archived).with_only_columns(
            func.count(ContactRow.id)
        )
        with self._db.reading() as s:
            return int(s.scalar(query) or 0)

    def names(self, ids: Sequence[int] | None = None) -> dict[int, str]:
        """Names by id, cheaply, for labels and pickers."""
        query = self._select(ContactRow.id, ContactRow.name).order_by(func.lower(ContactRow.name))
        if ids is not None:
            query = query.where(ContactRow.id.in_(list(ids)))
        else:
            query = query.where(ContactRow.archived.is_(False))
        with self._db.reading() as s:
            return {row.id: row.name for row in s.execute(query)}

    def archive(self, contact_id: int, archived: bool = True) -> Contact:
        """Archive (or restore) a contact. Deleting from the app only archives."""
        with self._db.writing() as s:
            row = contact_row(s, contact_id)
            row.archived = archived
            row.updated_at = now()
            s.flush()
            return model(Contact, row)

    def delete_permanently(self, contact_id: int) -> None:
        """Remove a contact and everything that depends on it."""
        with self._db.writing() as s:
            row = contact_row(s, contact_id)
            # Explicit deletes as well as ON DELETE CASCADE, so it holds even where a
            # database was created with foreign keys switched off.
            for table in (NoteRow, FollowUpRow, ActivityRow, SentMessageRow, DraftRow,
                          DraftDetailRow):
                s.execute(delete(table).where(table.contact_id == contact_id,
                                              self._mine(table)))
            s.execute(delete(ConversationRow).where(ConversationRow.contact_id == contact_id,
                                                    self._mine(ConversationRow)))
            s.delete(row)

    def last_interactions(self, contact_ids: Sequence[int]) -> dict[int, date]:
        """The last interaction date for each of these contacts that has one."""
        if not contact_ids:
            return {}
        query = self._select(ContactRow.id, ContactRow.last_interaction_on).where(
            ContactRow.id.in_(list(contact_ids)), ContactRow.last_interaction_on.is_not(None))
        with self._db.reading() as s:
            return {cid: day for cid, day in s.execute(query) if day is not None}

    def gone_quiet(self, today: date | None = None, *,
                   limit: int = 50) -> builtins.list[QuietContact]:
        """Contacts you have talked to whose keep-in-touch cadence has run out, longest first."""
        day = today or now().date()
        last = ContactRow.last_interaction_on
        # The database does the coarse cut (tier defaults, and at least a day for custom
        # cadences); Python checks custom cadences exactly. Date sums on columns differ
        # between SQLite and PostgreSQL, so they stay out of the SQL.
        by_tier = or_(*(
            and_(ContactRow.cadence_days.is_(None), ContactRow.tier == tier.value,
                 last < day - timedelta(days=days))
            for tier, days in DEFAULT_CADENCE.items()
        ))
        custom = and_(ContactRow.cadence_days.is_not(None), last < day - timedelta(days=1))
        query = (
            self._select(ContactRow.id, ContactRow.tier, ContactRow.cadence_days, last)
            .where(ContactRow.archived.is_(False), last.is_not(None), or_(by_tier, custom))
            .order_by(last, ContactRow.id)
        )
        quiet: list[tuple[int, date, int]] = []
        # Read in batches, not every candidate: thousands of contacts can be past their
        # cadence, and only the first ``limit`` are wanted (custom cadences may turn a
        # few candidates away, so another batch is read only when that happens).
        batch = max(4 * limit, 100)
        with self._db.reading() as s:
            for offset in itertools.count(0, batch):
                seen = 0
                for cid, tier, cadence_days, last_day in s.execute(
                        query.limit(batch).offset(offset)):
                    seen += 1
                    days = (day - last_day).days
                    if days > (cadence_days or DEFAULT_CADENCE[Tier(tier)]):
                        quiet.append((cid, last_day, days))
                if len(quiet) >= limit or seen < batch:
                    break
            del quiet[limit:]
            rows = {r.id: r for r in s.scalars(
                self._select(ContactRow).where(ContactRow.id.in_([q[0] for q in quiet])))}
            return [QuietContact(model(Contact, rows[cid]), last_day, days)
                    for cid, last_day, days in quiet]

    @contextmanager
    def importing(self) -> Iterator[ContactImport]:
        """Bulk writes under the database's write lock, all or nothing.

        Two imports at once take turns, so the second de-duplicates against what the
        first wrote.
        """
        with self._db.exclusive() as s:
            if self._db.dialect != "sqlite":
                yield ContactImport(s)
                return
            # A page cache that holds a 30,000-row import and its four indexes, for this
            # transaction only: SQLite's default of 2 MB spills pages to the log mid-way.
            # It changes no durability guarantee.
            # Set and reset on the driver's connection, which a failed statement cannot
            # put into a state that refuses the reset.
            driver = s.connection().connection.driver_connection
            assert driver is not None
            cache = int(driver.execute("PRAGMA cache_size").fetchone()[0])
            driver.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KB}")
            try:
                yield ContactImport(s)
            finally:
                driver.execute(f"PRAGMA cache_size={cache}")

    @contextmanager
    def previewing(self) -> Iterator[ContactImport]:
        """Read what an import would compare against, writing nothing."""
        with self._db.reading() as s:
            yield ContactImport(s)


def _query(query: Select[Any], search: str | None, tier: str | None, tag: str | None,
           archived: bool | None) -> Select[Any]:
    if archived is not None:
        query = query.where(ContactRow.archived.is_(archived))
    if tier:
        query = query.where(ContactRow.tier == tier)
    term = fold(search or "")
    if term:
        # Both sides folded in Python, so SQLite and PostgreSQL match alike.
        query = query.where(ContactRow.search_key.contains(term, autoescape=True))
    tag = (tag or "").strip()
    if tag:
        # Tags are a JSON list; a text match on the quoted tag is portable. The list is
        # stored as JSON text with non-ASCII letters escaped ("Caf\u00e9") and quotes and
        # backslashes escaped too, so the tag is encoded the same way before matching.
        stored = func.lower(func.cast(ContactRow.tags, Text()))
        spellings = {json.dumps(tag.lower()), json.dumps(tag).lower(),
                     json.dumps(tag.lower(), ensure_ascii=False)}
        query = query.where(or_(*(stored.contains(s, autoescape=True)
                                  for s in sorted(spellings))))
    return query


def _values(valid: ContactIn) -> dict[str, Any]:
    values = valid.model_dump(mode="python")
    values["tier"] = Tier(valid.tier).value
    values["reach_by"] = valid.reach_by.value if valid.reach_by else None
    return values


__all__ = ["ContactImport", "Contacts", "QuietContact"]
