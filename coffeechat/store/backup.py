"""Back up one account's records to one versioned JSON document, and restore them.

A backup holds one account's rows (on a local install, everything). Its ids are the
ones that account's rows had. Into a database of one account (a local install) a
restore keeps them, so links and exports made before still point at the same
records; beside other accounts, whose rows may hold the same ids, it lets the
database give every row a new id and maps the references.

A restore only goes into an empty account, validates every row with the same
models the app uses (so text is cleaned exactly as typed input is), checks that
every reference points at a row in the backup, and writes everything in one
transaction under a write lock. A corrupt, hostile or too-new backup is refused
with every problem named by table, record, id and field, and nothing changes.

A backup file is read only up to :data:`MAX_BYTES` and :data:`MAX_DEPTH` levels of
nesting (see "Limits" in the README), so a hostile file cannot exhaust memory or
the stack.

Times in the app are the learner's local wall-clock time, without a zone. A time
in a backup that carries an offset (hand-edited, or written by another tool) names
one exact moment, so a restore converts it to this computer's local time: the
moment is kept, as the app's convention needs. Dropping the offset instead would
shift it by hours, and refusing would block a restore for no loss.
"""

from __future__ import annotations

import json
import re
import types
import typing
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import func, insert, literal, select, text
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from coffeechat.clock import now
from coffeechat.errors import BackupError, DatabaseBusyError, Problem
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
from coffeechat.store._base import owned, owned_rows
from coffeechat.store.engine import current_revision
from coffeechat.store.repository import Store
from coffeechat.store.tables import (
    TABLES,
    AccountRow,
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

M = TypeVar("M", bound=BaseModel)

FORMAT = "coffeechat-backup"
VERSION = 1

#: Largest backup read, in bytes. A backup of 30,000 contacts is about 20 MB.
MAX_BYTES = 64 * 2**20
#: Deepest nesting of lists and objects read; a backup uses 5 levels.
MAX_DEPTH = 20
#: Most lists and objects, and most values (strings, or commas), in one backup: more
#: than 64 MB of real contacts holds (30,000 contacts have about 90,000 lists and
#: objects and 1,000,000 strings), and few enough to bound the parser's memory.
MAX_CONTAINERS = 1_000_000
MAX_VALUES = 5_000_000
#: Problems listed in one error at most; the first ones are enough to act on.
MAX_PROBLEMS = 50
#: Largest id both databases store (PostgreSQL INTEGER).
MAX_ID = 2**31 - 1
#: How long a restore waits for another one to finish on PostgreSQL (SQLite waits
#: for its busy timeout).
LOCK_WAIT_SECONDS = 30
#: pg_advisory_xact_lock key that serialises restores ("CCRS" in ASCII).
_RESTORE_LOCK = 0x43435253

NOTHING_CHANGED = "Nothing was changed."

# Every byte but the JSON structure that matters for nesting and counting.
_NOT_STRUCTURE = bytes(b for b in range(256) if chr(b) not in '"[]{},')
# A JSON string once escaped backslashes and quotes are gone. One character class, so
# the regex engine keeps no per-escape state (that took 285 MB on a 12 MB string).
_STRING = re.compile(rb'"[^"]*"')
# A list or object with no list or object inside it.
_INNERMOST = re.compile(rb"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}")


class ProfileBackup(Profile):
    """The profile row as it appears in a backup (always id 1: one per backup)."""

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
    schema_revision: str | None = Field(default=None, max_length=40)
    tables: BackupTables


# Table name in the backup -> row class
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


# Table name in the backup -> the model each of its rows must pass.
_MODELS: dict[str, type[BaseModel]] = {
    name: typing.get_args(info.annotation)[0] for name, info in BackupTables.model_fields.items()
}
assert list(_MODELS) == list(_TABLES), "backup tables and row classes out of step"

# Tables whose rows the store only writes with the conversation's own contact.
_SAME_CONTACT = frozenset({"notes", "sent_messages"})


def backup_document(store: Store) -> dict[str, Any]:
    """Every table's rows of the store's account, as one JSON-ready document."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with store._db.reading() as s:
        for name, row_cls in _TABLES.items():
            rows = s.scalars(select(row_cls).where(owned(s, row_cls))
                             .order_by(row_cls.id)).all()
            tables[name] = [row_dict(r) for r in rows]
    for profile in tables["profile"]:
        profile["id"] = 1
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
    """Validate a backup document, or raise BackupError saying what is wrong and where."""
    if len(raw) > MAX_BYTES:
        raise BackupError(
            f"{where} is larger than the {MAX_BYTES // 2**20} MB a Coffee Chat backup can be, "
            f"so it was not read. {NOTHING_CHANGED} Check that this is the file you meant: "
            "a backup of 30,000 contacts is about 20 MB."
        )
    try:
        text_value = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        _check_shape(raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass"),
                     where)
    except UnicodeDecodeError:
        raise BackupError(
            f"{where} is not a Coffee Chat backup: it is not UTF-8 text. {NOTHING_CHANGED} "
            "Choose the .json file that `coffeechat backup` or the Export page made."
        ) from None
    try:
        data = json.loads(text_value)
    except json.JSONDecodeError as exc:
        raise BackupError(
            f"{where} is damaged, so nothing was changed: the file stops making sense at "
            f"line {exc.lineno}, column {exc.colno} ({exc.msg.lower()}). It may have been cut "
            "short while copying. Try an earlier copy of the backup."
        ) from None
    except RecursionError:  # the shape check should have caught it; never a traceback
        raise _too_deep(where) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(
            f"{where} is not a Coffee Chat backup (no \"format\": \"{FORMAT}\"). "
            f"{NOTHING_CHANGED}"
        )
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise BackupError(
            f"{where} has no valid version number (\"version\" is {_short(version)}; it should "
            f"be a whole number such as {VERSION}). {NOTHING_CHANGED}"
        )
    if version > VERSION:
        raise BackupError(
            f"{where} was made by a newer Coffee Chat (backup format {version}; this one "
            f"reads up to {VERSION}). Update Coffee Chat, then restore again. "
            f"{NOTHING_CHANGED}"
        )
    problems = _Problems(where)
    header = problems.record(Backup, {**data, "tables": {}}, "")
    tables = data.get("tables")
    rows: dict[str, list[Any]] = {name: [] for name in _MODELS}
    if not isinstance(tables, dict):
        problems.add("", "tables", "is missing or is not a mapping of table names to rows",
                     "the backup is damaged; use an earlier copy")
        tables = {}
    for name, records in tables.items():
        if name not in _MODELS:
            problems.add("", f"tables.{_clip(name, 40)}", f"unknown table {_clip(name, 40)!r}",
                         f"the tables a backup can hold are: {', '.join(_MODELS)}")
        elif not isinstance(records, list):
            problems.add("", f"tables.{name}", f"must be a list of rows (got {_short(records)})",
                         "the backup is damaged; use an earlier copy")
        else:
            for i, record in enumerate(records):
                if problems.full:
                    problems.more = True
                    break
                valid = problems.record(_MODELS[name], record, f"tables.{name}[{i}]",
                                        _column_lengths(name))
                if valid is not None:
                    rows[name].append(valid)
    if len(rows["profile"]) > 1:
        problems.add("", "tables.profile", "has more than one profile",
                     "the backup is damaged; use an earlier copy")
    problems.raise_if_any()
    assert header is not None  # a header with problems was reported above
    backup = Backup.model_construct(
        format="coffeechat-backup", version=version, created_at=header.created_at,
        schema_revision=header.schema_revision,
        tables=BackupTables.model_construct(set(rows), **rows),
    )
    _check_references(backup, where)
    return backup


def _check_shape(raw: bytes, where: str) -> None:
    """Refuse documents nested deeper, or with more values, than any backup has.

    Runs before the JSON parser, which would otherwise recurse once per level (a file
    of 100,000 brackets is a RecursionError) and build every value in memory. It works
    on the UTF-8 bytes, where ``bytes.translate`` keeps only the structure in one fast
    pass, and no multi-byte character can look like a bracket or a quote.
    """
    structure = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    # Counted before any regex runs: brackets and commas inside strings count too, which
    # only errs towards refusing a file that no real backup resembles.
    if (structure.count(b'"') > 2 * MAX_VALUES or structure.count(b",") > MAX_VALUES
            or structure.count(b"[") + structure.count(b"{") > MAX_CONTAINERS):
        raise BackupError(
            f"{where} holds far more values than a Coffee Chat backup has, so it was not "
            f"read. {NOTHING_CHANGED} Choose the .json file that `coffeechat backup` or the "
            "Export page made."
        )
    skeleton = _STRING.sub(b"", structure.replace(b",", b""))
    # Each pass removes the innermost lists and objects, so a document still holding
    # brackets after MAX_DEPTH passes is nested deeper than that.
    for _ in range(MAX_DEPTH):
        skeleton, removed = _INNERMOST.subn(b"", skeleton)
        if not removed:
            return  # nothing left, or unbalanced brackets that the parser reports
    if b"[" in skeleton or b"{" in skeleton:
        raise _too_deep(where)


def _too_deep(where: str) -> BackupError:
    return BackupError(
        f"{where} is nested more than {MAX_DEPTH} levels deep, which no Coffee Chat backup "
        f"is, so it was not read. {NOTHING_CHANGED} Choose the .json file that "
        "`coffeechat backup` or the Export page made."
    )


class _Problems:
    """Problems found in a backup, each with its table, record, id and field."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.items: list[Problem] = []
        self.more = False

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS

    def add(self, place: str, field: str, message: str, hint: str) -> None:
        if self.full:
            self.more = True
            return
        joined = ".".join(p for p in (place, field) if p).replace(".[", "[")
        # Keys and values come from the file, so keep one line readable whatever it holds.
        self.items.append(Problem(_clip(message, 300), where=self.where,
                                  field=_clip(joined, 200), hint=hint))

    def record(self, model: type[M], record: Any, place: str,
               lengths: dict[str, int] | None = None) -> M | None:
        """Validate one record; on problems, note each and return None."""
        if not isinstance(record, dict):
            self.add(place, "", f"must be a mapping of keys to values (got {_short(record)})",
                     "the backup is damaged; use an earlier copy")
            return None
        ident = record.get("id")
        if place and type(ident) is int:
            place += f" (id {ident})"
        before = len(self.items)
        for key, value in record.items():
            expected = _json_kinds(model).get(key)
            if expected is not None and type(value) not in expected[0]:
                self.add(place, key, f"must be {expected[1]} (got {_short(value)})",
                         "the backup was edited or damaged; use an earlier copy")
        if len(self.items) > before:
            return None  # wrong JSON types: the model would only coerce or repeat them
        try:
            valid = model.model_validate(record)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                message, hint = explain(err, model)
                if err["type"] == "string_unicode":
                    message, hint = "holds a broken character", "use an earlier copy"
                elif err["type"].startswith(("date", "time")) and len(err["loc"]) == 1:
                    wanted = _describe(model.model_fields[str(err["loc"][0])].annotation)
                    message = f"must be {wanted} (got {_short(err.get('input'))})"
                    hint = "the backup was edited or damaged; use an earlier copy"
                self.add(place, field_path(tuple(err["loc"])), message, hint)
            return None
        for key, value in valid:
            limit = (lengths or {}).get(key)
            if isinstance(value, str) and limit is not None and len(value) > limit:
                self.add(place, key, f"is too long ({len(value)} characters; the limit is "
                         f"{limit})", "the backup was edited or damaged; use an earlier copy")
                return None
            if isinstance(value, datetime) and value.tzinfo is not None:
                try:
                    setattr(valid, key, _local(value))
                except (OverflowError, ValueError):
                    self.add(place, key, f"is a time too far out to convert ({value})",
                             "use an earlier copy")
                    return None
        return valid

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = f" (the first {len(self.items)} are listed)" if self.more else ""
        raise BackupError(
            f"{self.where} has problems{shown}, so it was not restored. {NOTHING_CHANGED}",
            self.items,
        )


def _local(value: datetime) -> datetime:
    """An aware time as this computer's local wall-clock time, the app's convention."""
    return value.astimezone().replace(tzinfo=None)


@cache
def _column_lengths(table: str) -> dict[str, int]:
    """Text columns with a length limit, which PostgreSQL enforces and SQLite does not."""
    columns = _TABLES[table].__table__.columns
    return {c.key: c.type.length for c in columns if getattr(c.type, "length", None)}


@cache
def _json_kinds(model: type[BaseModel]) -> dict[str, tuple[tuple[type, ...], str]]:
    """For each field, the JSON types it accepts and how to describe them.

    Checked before the model, whose lax mode would read ``true`` as 1, ``1`` as true
    and a number as a date; a backup that says so was edited or damaged.
    """
    kinds = {}
    for name, info in model.model_fields.items():
        types_ = _json_types(info.annotation)
        if types_:
            kinds[name] = (types_, _describe(info.annotation))
    return kinds


def _json_types(annotation: Any) -> tuple[type, ...]:
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _json_types(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return tuple(t for arg in typing.get_args(annotation) for t in _json_types(arg))
    if origin is Literal:
        return tuple({type(v) for v in typing.get_args(annotation)})
    if origin in (list, tuple):
        return (list,)
    if annotation is type(None):
        return (type(None),)
    if annotation in (bool, int):
        return (annotation,)
    if annotation is float:
        return (int, float)
    if isinstance(annotation, type) and issubclass(annotation, str | date):
        return (str,)  # text, choices, dates and times
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return (dict,)
    return ()


def _describe(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _describe(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        args = typing.get_args(annotation)
        words = " or ".join(_describe(a) for a in args if a is not type(None))
        return words + (" or null" if type(None) in args else "")
    if isinstance(annotation, type) and issubclass(annotation, datetime):
        return 'a time in quotes, like "2025-03-15T10:30:00"'
    if isinstance(annotation, type) and issubclass(annotation, date):
        return 'a date in quotes, like "2025-03-15"'
    return " or ".join(_KIND_WORDS[k] for k in _json_types(annotation) if k in _KIND_WORDS)


_KIND_WORDS: dict[type, str] = {
    int: "a whole number", float: "a number", bool: "true or false", str: "text in quotes",
    list: "a list", dict: "a mapping of keys to values",
}


def _clip(text_value: str, limit: int) -> str:
    return text_value if len(text_value) <= limit else text_value[: limit - 3] + "..."


def _short(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        value = _clip(value, 40)
    return json.dumps(value, ensure_ascii=False)


def _check_references(backup: Backup, where: str) -> None:
    """Every id in range and unique, every reference present and consistent."""
    t = backup.tables
    problems = _Problems(where)
    conversation_contact = {c.id: c.contact_id for c in t.conversations}
    contacts = {c.id for c in t.contacts}

    for name in _MODELS:
        seen: set[int] = set()
        for i, row in enumerate(getattr(t, name)):
            place = f"tables.{name}[{i}] (id {row.id})"
            if row.id in seen:
                problems.add(place, "id", f"id {row.id} appears twice",
                             "the backup is damaged; use an earlier copy")
            seen.add(row.id)
            for field in ("id", "contact_id", "conversation_id"):
                value = getattr(row, field, None)
                if value is not None and not 1 <= value <= MAX_ID:
                    problems.add(place, field, f"{value} is not a valid id",
                                 "ids are whole numbers from 1 to 2147483647; use an earlier "
                                 "copy")
            contact_id = getattr(row, "contact_id", None)
            if contact_id is not None and contact_id not in contacts:
                problems.add(place, "contact_id",
                             f"refers to contact {contact_id}, which is not in the backup",
                             "the backup is incomplete; use an earlier copy")
            conversation_id = getattr(row, "conversation_id", None)
            if conversation_id is None or name == "conversations":
                continue
            if conversation_id not in conversation_contact:
                problems.add(place, "conversation_id",
                             f"refers to conversation {conversation_id}, which is not in the "
                             "backup", "the backup is incomplete; use an earlier copy")
            elif name in _SAME_CONTACT and conversation_contact[conversation_id] != contact_id:
                problems.add(place, "contact_id",
                             f"is contact {contact_id}, but its conversation "
                             f"{conversation_id} is with contact "
                             f"{conversation_contact[conversation_id]}",
                             "the backup was edited or damaged; use an earlier copy")
    problems.raise_if_any()


def restore(store: Store, backup: Backup) -> dict[str, int]:
    """Load a validated backup into the store's account, which must be empty; all or nothing.

    Two restores at once (two tabs, or a tab and the CLI) must not both write: the
    transaction takes a write lock first and checks again, under it, that the account
    is still empty.
    """
    if not store.is_empty():
        raise BackupError(
            f"This database already has data, so the backup was not restored. "
            f"{NOTHING_CHANGED} Restore into an empty database: point "
            "COFFEECHAT_DATABASE_URL (or --db) at a new file, or give --user for an "
            "account that has no records yet."
        )
    counts: dict[str, int] = {}
    try:
        with store._db.writing() as s:
            _lock_for_restore(s, store.dialect)
            if not _is_empty(s):
                raise BackupError(
                    "This database is not empty any more: another restore, or another "
                    "Coffee Chat window, wrote to it a moment ago, so this backup was not "
                    f"restored. {NOTHING_CHANGED} Look at what is there now; to restore this "
                    "backup as well, use a new, empty database."
                )
            alone = s.scalar(select(func.count()).select_from(AccountRow)) == 1
            new_ids: dict[str, dict[int, int]] = {}
            for name, row_cls in _TABLES.items():
                rows = [r.model_dump(mode="python") for r in getattr(backup.tables, name)]
                counts[name] = len(rows)
                if name == "profile":
                    rows = [{k: v for k, v in row.items() if k != "id"} for row in rows]
                if alone or name == "profile":
                    if rows:
                        # Core, not the ORM's bulk insert: the ORM splits rows into one
                        # statement per pattern of empty fields (4,500 for 30,000 contacts).
                        s.execute(insert(row_cls.__table__), owned_rows(s, rows))
                else:
                    new_ids[name] = _insert_renumbered(s, row_cls.__table__, rows, new_ids)
            if alone and store.dialect == "postgresql":
                # Rows came with their ids, so move each id sequence past the largest one.
                for row_cls in _TABLES.values():
                    table = row_cls.__table__.name
                    s.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    ))
    except (OperationalError, DatabaseBusyError) as exc:
        # The engine names most busy databases itself (DatabaseBusyError); a raw
        # driver error can still come through while the lock is being taken.
        if isinstance(exc, OperationalError) and not _is_busy(exc):
            raise
        raise BackupError(
            "Another restore (or another Coffee Chat window) is writing to this database "
            f"right now, so this backup was not restored. {NOTHING_CHANGED} Wait for it to "
            "finish, then look at what is there before restoring again."
        ) from None
    except (IntegrityError, DataError) as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise BackupError(
            f"The database refused this backup ({reason}), so it was not restored. "
            f"{NOTHING_CHANGED} If something else writes to this database, stop it and "
            "restore again."
        ) from None
    return counts


def _insert_renumbered(s: Session, table: Any, rows: list[dict[str, Any]],
                       new_ids: dict[str, dict[int, int]]) -> dict[int, int]:
    """Insert an account's rows with ids the database gives; return old id -> new id.

    Other accounts' rows may hold the backup's ids, so none is reused; references to
    contacts and conversations follow their rows (parents are inserted first).
    """
    if not rows:
        return {}
    old = [row.pop("id") for row in rows]
    for row in rows:
        for column, parent in (("contact_id", "contacts"), ("conversation_id", "conversations")):
            if row.get(column) is not None:
                row[column] = new_ids[parent][row[column]]
    # Core, as above; RETURNING in parameter order pairs each new id with its row.
    given = s.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                      owned_rows(s, rows)).scalars().all()
    return dict(zip(old, given, strict=True))


def _lock_for_restore(s: Session, dialect: str) -> None:
    if dialect == "sqlite":
        # Python's sqlite3 starts a deferred transaction at the first INSERT; taking
        # the write lock up front makes a second restore wait here instead.
        s.connection().exec_driver_sql("BEGIN IMMEDIATE")
    else:
        s.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT_SECONDS}s'"))
        s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _RESTORE_LOCK})


def _is_empty(s: Session) -> bool:
    return not any(s.scalar(select(literal(1)).select_from(row_cls)
                            .where(owned(s, row_cls)).limit(1))
                   for row_cls in TABLES)


def _is_busy(exc: OperationalError) -> bool:
    text_value = str(exc.orig).lower()
    return "database is locked" in text_value or "lock timeout" in text_value


def restore_file(store: Store, path: Path) -> dict[str, int]:
    """Read, validate and restore a backup file (at most MAX_BYTES of it)."""
    try:
        with path.open("rb") as handle:
            # One byte more than the limit is enough to tell it is too big, and reading
            # no further keeps a huge file or a device from filling memory.
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}. {NOTHING_CHANGED}") from None
    return restore(store, parse_backup(raw, where=str(path)))
