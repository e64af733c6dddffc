"""Back up every table to one versioned JSON document, and restore it.

A restore only goes into an empty database, validates every row with the same
models the app uses, checks that every reference points at a row in the backup,
and writes everything in one transaction. A corrupt backup, or one from a newer
version of Coffee Chat, is refused and nothing changes.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from sqlalchemy import insert, select, text

from coffeechat.clock import now
from coffeechat.errors import BackupError, Problem
from coffeechat.files import write_file
from coffeechat.models import (
    Activity,
    Contact,
    Conversation,
    Draft,
    DraftDetail,
    FollowUp,
    Note,
    Profile,
    SentMessage,
    Strict,
)
from coffeechat.store.engine import current_revision
from coffeechat.store.repository import Store
from coffeechat.store.tables import (
    ActivityRow,
    ContactRow,
    ConversationRow,
    DraftDetailRow,
    DraftRow,
    FollowUpRow,
    NoteRow,
    ProfileRow,
    SentMessageRow,
    row_dict,
)
from coffeechat.validation import explain, field_path

FORMAT = "coffeechat-backup"
VERSION = 1


class ProfileBackup(Profile):
    """The profile row as it appears in a backup."""

    id: Literal[1] = 1


class BackupTables(Strict):
    """Every table, as lists of rows."""

    profile: list[ProfileBackup] = Field(default_factory=list, max_length=1)
    contacts: list[Contact] = Field(default_factory=list)
    conversations: list[Conversation] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    followups: list[FollowUp] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    sent_messages: list[SentMessage] = Field(default_factory=list)
    drafts: list[Draft] = Field(default_factory=list)
    draft_details: list[DraftDetail] = Field(default_factory=list)


class Backup(Strict):
    """A whole backup document."""

    format: Literal["coffeechat-backup"]
    version: int
    created_at: datetime
    schema_revision: str | None = None
    tables: BackupTables


# Table name in the backup -> (row class, model)
_TABLES: dict[str, Any] = {
    "profile": ProfileRow,
    "contacts": ContactRow,
    "conversations": ConversationRow,
    "notes": NoteRow,
    "followups": FollowUpRow,
    "activities": ActivityRow,
    "sent_messages": SentMessageRow,
    "drafts": DraftRow,
    "draft_details": DraftDetailRow,
}


def backup_document(store: Store) -> dict[str, Any]:
    """Every table as one JSON-ready document."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with store.reading() as s:
        for name, row_cls in _TABLES.items():
            rows = s.scalars(select(row_cls).order_by(row_cls.id)).all()
            tables[name] = [row_dict(r) for r in rows]
    doc = Backup.model_validate(
        {
            "format": FORMAT,
            "version": VERSION,
            "created_at": now(),
            "schema_revision": current_revision(store.engine),
            "tables": tables,
        }
    )
    return doc.model_dump(mode="json")


def write_backup(store: Store, path: Path) -> dict[str, int]:
    """Write the backup to ``path`` atomically; return row counts per table."""
    doc = backup_document(store)
    write_file(path, json.dumps(doc, ensure_ascii=False, indent=1))
    return {name: len(rows) for name, rows in doc["tables"].items()}


def parse_backup(raw: bytes | str, where: str = "backup") -> Backup:
    """Validate a backup document, or raise BackupError listing what is wrong."""
    try:
        text_value = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        data = json.loads(text_value)
    except UnicodeDecodeError:
        raise BackupError(
            f"{where} is not a Coffee Chat backup: it is not UTF-8 text. "
            "Choose the .json file that `coffeechat backup` or the Export page made."
        ) from None
    except json.JSONDecodeError as exc:
        raise BackupError(
            f"{where} is damaged, so nothing was changed: the file stops making sense at "
            f"line {exc.lineno}, column {exc.colno} ({exc.msg.lower()}). It may have been cut "
            "short while copying. Try an earlier copy of the backup."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(
            f"{where} is not a Coffee Chat backup (no \"format\": \"{FORMAT}\"). "
            "Nothing was changed."
        )
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise BackupError(f"{where} has no valid version number. Nothing was changed.")
    if version > VERSION:
        raise BackupError(
            f"{where} was made by a newer Coffee Chat (backup format {version}; this one "
            f"reads up to {VERSION}). Update Coffee Chat, then restore again. "
            "Nothing was changed."
        )
    try:
        backup = Backup.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            message, hint = explain(err, Backup)
            problems.append(Problem(message, where=where, field=field_path(tuple(err["loc"])),
                                    hint=hint))
        raise BackupError(
            f"{where} has {len(problems)} invalid value(s); nothing was changed.", problems
        ) from None
    _check_references(backup, where)
    return backup


def _check_references(backup: Backup, where: str) -> None:
    t = backup.tables
    contacts = {c.id for c in t.contacts}
    conversations = {c.id for c in t.conversations}
    problems: list[Problem] = []

    def need(ids: set[int], value: int | None, field: str, kind: str) -> None:
        if value is not None and value not in ids:
            problems.append(Problem(f"refers to {kind} {value}, which is not in the backup",
                                    where=where, field=field,
                                    hint="the backup is incomplete; use an earlier copy"))

    dependents: list[tuple[str, list[Any]]] = [
        ("conversations", t.conversations), ("notes", t.notes), ("followups", t.followups),
        ("activities", t.activities), ("sent_messages", t.sent_messages),
        ("drafts", t.drafts), ("draft_details", t.draft_details),
    ]
    for name, rows in dependents:
        seen: set[int] = set()
        for i, row in enumerate(rows):
            if row.id in seen:
                problems.append(Problem(f"id {row.id} appears twice", where=where,
                                        field=f"tables.{name}[{i}].id",
                                        hint="the backup is damaged; use an earlier copy"))
            seen.add(row.id)
            need(contacts, getattr(row, "contact_id", None), f"tables.{name}[{i}].contact_id",
                 "contact")
            if name != "conversations":
                need(conversations, getattr(row, "conversation_id", None),
                     f"tables.{name}[{i}].conversation_id", "conversation")
    if len(contacts) != len(t.contacts):
        problems.append(Problem("contact ids repeat", where=where, field="tables.contacts",
                                hint="the backup is damaged; use an earlier copy"))
    if problems:
        raise BackupError(
            f"{where} is inconsistent ({len(problems)} problem(s)); nothing was changed.",
            problems,
        )


def restore(store: Store, backup: Backup) -> dict[str, int]:
    """Load a validated backup into an empty database, all or nothing."""
    if not store.is_empty():
        raise BackupError(
            "This database already has data, so the backup was not restored. Restore into "
            "an empty database: point COFFEECHAT_DATABASE_URL (or --db) at a new file."
        )
    counts: dict[str, int] = {}
    with store.transaction() as s:
        for name, row_cls in _TABLES.items():
            rows = [r.model_dump(mode="python") for r in getattr(backup.tables, name)]
            counts[name] = len(rows)
            if rows:
                s.execute(insert(row_cls), rows)
        if store.dialect == "postgresql":
            # Rows came with their ids, so move each id sequence past the largest one.
            for name, row_cls in _TABLES.items():
                table = row_cls.__table__.name
                if name == "profile":
                    continue
                s.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))
    return counts


def restore_file(store: Store, path: Path) -> dict[str, int]:
    """Read, validate and restore a backup file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from None
    return restore(store, parse_backup(raw, where=str(path)))
