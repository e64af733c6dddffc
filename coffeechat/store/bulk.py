"""Every table at once, for backups: read an account's rows, load rows into an empty one.

The tables come from :data:`coffeechat.store.tables.REGISTRY`, parents first, so a
new table is backed up and restored without an edit here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, insert, literal, select, text
from sqlalchemy.orm import Session

from coffeechat.store._base import Repository, owned, owned_rows
from coffeechat.store.tables import REGISTRY, AccountRow, Registered, row_dict


class TableLoad:
    """Inserts into every table, inside one transaction that holds the restore lock."""

    def __init__(self, session: Session) -> None:
        self._s = session
        # Alone in its database (a laptop), an account keeps the backup's ids; beside
        # other accounts the database gives new ones and the references follow.
        self.keeps_ids = session.scalar(select(func.count()).select_from(AccountRow)) == 1
        self._new_ids: dict[str, dict[int, int]] = {}

    def is_empty(self) -> bool:
        """Whether the account has no row in any table, as seen under the lock."""
        return not any(self._s.scalar(select(literal(1)).select_from(entry.table)
                                      .where(owned(self._s, entry.table)).limit(1))
                       for entry in REGISTRY)

    def insert(self, entry: Registered, rows: Sequence[dict[str, Any]]) -> None:
        """Rows already validated by the table's model, ids included, for this account."""
        rows = list(rows)
        if entry.most_rows == 1:
            # One profile per account: a backup calls it 1, the database numbers it.
            rows = [{k: v for k, v in row.items() if k != "id"} for row in rows]
        if self.keeps_ids or entry.most_rows == 1:
            if rows:
                # Core, not the ORM's bulk insert: the ORM splits rows into one statement
                # per pattern of empty fields (4,500 for 30,000 contacts).
                self._s.execute(insert(entry.table), owned_rows(self._s, rows))
        else:
            self._new_ids[entry.name] = self._insert_renumbered(entry, rows)

    def _insert_renumbered(self, entry: Registered, rows: list[dict[str, Any]]
                           ) -> dict[int, int]:
        """Insert rows with ids the database gives; return old id -> new id.

        Other accounts' rows may hold the backup's ids, so none is reused; references to
        contacts and conversations follow their rows (parents are inserted first).
        """
        if not rows:
            return {}
        old = [row.pop("id") for row in rows]
        for row in rows:
            for column, parent in (("contact_id", "contacts"),
                                   ("conversation_id", "conversations")):
                if row.get(column) is not None:
                    row[column] = self._new_ids[parent][row[column]]
        table = entry.table
        # RETURNING in parameter order pairs each new id with its row.
        given = self._s.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True),
            owned_rows(self._s, rows)).scalars().all()
        return dict(zip(old, given, strict=True))

    def _move_sequences(self) -> None:
        # Rows came with their ids, so move each id sequence past the largest one.
        for entry in REGISTRY:
            if entry.most_rows == 1:
                continue  # the profile always takes its id from the database
            self._s.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{entry.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {entry.name}), 0) + 1, false)"
            ))


class Bulk(Repository):
    """Whole-database reads and writes, for backups and restores."""

    def dump(self) -> Iterator[tuple[Registered, list[dict[str, Any]]]]:
        """Each table with the account's rows by id, parents first, in one transaction."""
        with self._db.reading() as s:
            for entry in REGISTRY:
                rows = s.scalars(select(entry.row).where(owned(s, entry.row))
                                 .order_by(entry.row.id)).all()  # type: ignore[attr-defined]
                dumped = [row_dict(r) for r in rows]
                if entry.most_rows == 1:
                    for row in dumped:
                        row["id"] = 1  # one profile per backup, whatever its id here
                yield entry, dumped

    @contextmanager
    def loading(self, *, lock_key: int, lock_wait_seconds: int) -> Iterator[TableLoad]:
        """One transaction for a restore, holding a lock that makes a second restore wait.

        On PostgreSQL the id sequences move past the loaded ids before the commit.
        """
        with self._db.writing() as s:
            if self._db.dialect == "sqlite":
                # Python's sqlite3 starts a deferred transaction at the first INSERT;
                # taking the write lock up front makes a second restore wait here.
                s.connection().exec_driver_sql("BEGIN IMMEDIATE")
            else:
                s.execute(text(f"SET LOCAL lock_timeout = '{int(lock_wait_seconds)}s'"))
                s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key})
            load = TableLoad(s)
            yield load
            if self._db.dialect == "postgresql" and load.keeps_ids:
                load._move_sequences()
