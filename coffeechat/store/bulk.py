"""Insert many rows fast, inside the caller's transaction.

SQLAlchemy converts every value of every row through its type processors, which is
most of the time spent importing 30,000 LinkedIn connections. Imported rows repeat
the same few values in their typed columns (one timestamp, a handful of dates, an
empty tag list), so this converts each distinct value once with the dialect's own
processors, then hands the rows to the driver's ``executemany``. The SQL still
comes from SQLAlchemy's compiler, so it is right for SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session


def bulk_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) into ``table``."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    columns = list(rows[0])
    compiled = table.insert().compile(dialect=dialect, column_keys=columns)
    processors: dict[str, Callable[[Any], Any]] = {}
    for name in columns:
        proc = table.c[name].type.bind_processor(dialect)
        if proc is not None:
            processors[name] = proc
    caches: dict[str, dict[Any, Any]] = {name: {} for name in processors}

    def convert(name: str, value: Any) -> Any:
        if value is None:
            return None
        cache = caches[name]
        if isinstance(value, list):
            key: Any = ("list", tuple(value))
        elif isinstance(value, dict):
            key = ("dict", json.dumps(value, sort_keys=True))
        else:
            key = value
        if key not in cache:
            cache[key] = processors[name](value)
        return cache[key]

    if compiled.positional:
        order = list(compiled.positiontup or [])
        params: list[Any] = [
            tuple(convert(k, row[k]) if k in processors else row[k] for k in order)
            for row in rows
        ]
    else:
        params = [
            {k: (convert(k, v) if k in processors else v) for k, v in row.items()}
            for row in rows
        ]
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(str(compiled), params)
    finally:
        cursor.close()
