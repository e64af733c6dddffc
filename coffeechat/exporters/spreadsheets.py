"""CSV exports of contacts, conversations and follow-ups, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could be
run as a formula by Excel, LibreOffice or Google Sheets (CSV injection). Such cells
get a leading apostrophe, as OWASP recommends, so they show as plain text.
"""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd

from coffeechat.fields import CONTACT_COLUMNS
from coffeechat.store import Store

Table = Literal["contacts", "conversations", "followups"]
TABLES: tuple[str, ...] = ("contacts", "conversations", "followups")
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would treat as a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return neutralise(value)


def frame_for(store: Store, table: str) -> pd.DataFrame:
    """The rows of one table as a DataFrame of display values."""
    if table == "contacts":
        rows = [c.model_dump(mode="json") for c in store.contacts.list(archived=None)]
        columns = CONTACT_COLUMNS
    elif table == "conversations":
        names = store.contacts.names([c.contact_id for c in store.conversations.list()])
        rows = [{**c.model_dump(mode="json"), "contact": names.get(c.contact_id, "")}
                for c in store.conversations.list()]
        columns = ["id", "contact_id", "contact", "format", "status", "scheduled_at",
                   "budget_minutes", "role", "audience", "goal", "why_them", "plan", "held_at",
                   "created_at", "updated_at"]
    elif table == "followups":
        followups = store.followups.list(open_only=False)
        names = store.contacts.names(sorted({f.contact_id for f in followups}))
        rows = [{**f.model_dump(mode="json"), "contact": names.get(f.contact_id, "")}
                for f in followups]
        columns = ["id", "contact_id", "contact", "conversation_id", "kind", "due_on", "text",
                   "done_at", "cancelled_at", "created_at"]
    else:
        # Both faces offer only these tables, so anything else is a caller's mistake.
        raise ValueError(f"unknown table {table!r}; choose one of: {', '.join(TABLES)}")
    frame = pd.DataFrame(rows, columns=columns)
    # Whole-number columns with gaps would otherwise print as 1.0.
    for col in ("id", "contact_id", "conversation_id", "cadence_days", "budget_minutes"):
        if col in frame.columns:
            frame[col] = frame[col].astype("Int64")
    return frame.map(_cell) if not frame.empty else frame


def csv_for(store: Store, table: str) -> bytes:
    """One table as UTF-8 CSV (with a BOM, so Excel detects the encoding)."""
    return frame_for(store, table).to_csv(index=False).encode("utf-8-sig")
