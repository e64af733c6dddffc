"""A cheap key that changes whenever the stored data may have changed.

The app draws some figures on every click (the journey's counts in the sidebar, the
dashboard's charts) although they change only when something is saved. A cache of
them needs a key that moves on every write, wherever it comes from:

- a write through this process's engine: counted when its transaction commits (a
  commit that only read is not a change);
- for SQLite, a write by another process (the CLI, a second app): the database file and
  its write-ahead log change size or time on every commit, and a ``stat`` is microseconds;
- for a database server, a write by another process cannot be seen this cheaply, so
  the key also moves every ``SERVER_MAX_AGE_S`` seconds: a figure is never older than that.

The key starts with the database URL, so one database's figures are never taken for
another's. It says nothing about who may read them: keep the cached figures where only
their reader can reach them (a session's own state).
"""

from __future__ import annotations

import itertools
import os
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

SERVER_MAX_AGE_S = 30.0
_READS = ("select", "pragma", "show", "savepoint", "release", "begin", "rollback")


class DataVersion:
    """Watches one engine's writes; :meth:`key` is the current version."""

    def __init__(self, engine: Engine) -> None:
        self._url = engine.url.render_as_string(hide_password=True)
        self._sequence = itertools.count(1)
        self._commits = 0
        database = engine.url.database or ""
        self._files: tuple[str, ...] = ()
        if engine.dialect.name == "sqlite" and database and database != ":memory:":
            self._files = (database, f"{database}-wal")
        event.listen(engine, "before_cursor_execute", self._noted)
        event.listen(engine, "commit", self._committed)
        event.listen(engine, "rollback", self._rolled_back)

    def _noted(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().lower().startswith(_READS):
            conn.info["coffeechat_wrote"] = True

    def _committed(self, conn: Any) -> None:
        # Counted after the commit is visible to other connections, so a reader never
        # pairs the new key with the old data. next() on a count is atomic in CPython.
        if conn.info.pop("coffeechat_wrote", False):
            self._commits = next(self._sequence)

    def _rolled_back(self, conn: Any) -> None:
        conn.info.pop("coffeechat_wrote", None)

    def key(self) -> tuple[Any, ...]:
        """The current version: equal keys mean no write in between."""
        if not self._files:
            return (self._url, self._commits, int(time.monotonic() // SERVER_MAX_AGE_S))
        stats: list[tuple[int, int] | None] = []
        for path in self._files:
            try:
                info = os.stat(path)
            except OSError:
                stats.append(None)
            else:
                stats.append((info.st_mtime_ns, info.st_size))
        return (self._url, self._commits, *stats)
