"""Every table at once, for backups: read all rows, and load rows into an empty database.

The tables come from :data:`coffeechat.store.tables.REGISTRY`, parents first, so a
new table is backed up and restored without an edit here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import insert, literal, select, text
from sqlalchemy.orm import Session

from coffeechat.store._base import Repository
from coffeechat.store.tables import REGISTRY, Registered, row_dict


class TableLoad:
    """Inserts into every table, inside one transaction that holds the restore lock."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def is_empty(self) -> bool:
        """Whether no table holds a row, as seen under the lock."""
        return not any(self._s.scalar(select(literal(1)).select_from(entry.table).limit(1))
                       for entry in REGISTRY)

    def insert(self, entry: Registered, rows: Sequence[dict[str, Any]]) -> None:
        """Rows already validated by the table's model, ids included."""
        if rows:
            # Core, not the ORM's bulk insert: the ORM splits rows into one statement
            # per pattern of empty fields (4,500 for 30,000 contacts).
            self._s.execute(insert(entry.table), list(rows))

    def _move_sequences(self) -> None:
        # Rows came with their ids, so move each id sequence past the largest one.
        for entry in REGISTRY:
            if entry.most_rows == 1:
                continue  # the profile's id is fixed, and its column has no sequence
            self._s.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{entry.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {entry.name}), 0) + 1, false)"
            ))


class Bulk(Repository):
    """Whole-database reads and writes, for backups and restores."""

    def dump(self) -> Iterator[tuple[Registered, list[dict[str, Any]]]]:
        """Each table with its stored rows by id, parents first, read in one transaction."""
        with self._db.reading() as s:
            for entry in REGISTRY:
                rows = s.scalars(select(entry.row).order_by(entry.row.id)).all()  # type: ignore[attr-defined]
                yield entry, [row_dict(r) for r in rows]

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
            if self._db.dialect == "postgresql":
                load._move_sequences()
