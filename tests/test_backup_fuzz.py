"""Generated bad backups: a clear BackupError or a correct restore, never half of one.

Each example takes a real backup, damages it in one to three ways (wrong types,
missing keys, broken references, deep nesting, huge strings, a cut-off file), and
restores it into an empty database on SQLite and on PostgreSQL. The reader must
either refuse it with a BackupError that says nothing changed, leaving every table
empty, or restore exactly what it validated. Memory is measured with tracemalloc.
"""

from __future__ import annotations

import json
import tracemalloc
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.errors import BackupError
from coffeechat.store import Store
from coffeechat.store.backup import backup_document, parse_backup, restore
from coffeechat.store.tables import TABLES

#: Memory one example may use while reading and restoring: a multiple of its size
#: plus a little (inputs reach 24 MB).
MEMORY_FACTOR = 6
MEMORY_BASE = 16 * 2**20


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small but complete backup: every table has rows."""
    source = Store(f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/source.sqlite3")
    try:
        source.profile.save({"name": "Zoë", "pitch_who": "A career-changer",
                             "places": ["linkedin"]})
        zoe = source.contacts.add({"name": "Zoë Łukasiewicz", "tags": ["python", "mentor"],
                                  "company": "Widgets, Inc.", "connected_on": date(2024, 3, 15)})
        minh = source.contacts.add({"name": "Nguyễn Thị Minh", "tier": "close"})
        chat = source.conversations.add({"contact_id": zoe.id, "plan": ["core.path"],
                                        "scheduled_at": datetime(2025, 2, 1, 9, 30)})
        source.notes.add({"conversation_id": chat.id, "question_id": "core.path",
                         "text": "Bootcamp, then QA"})
        source.notes.add({"contact_id": minh.id, "kind": "intro", "text": "Knows Dana"})
        source.followups.add({"contact_id": minh.id, "due_on": date(2025, 3, 1),
                             "text": "Send the article"})
        source.activities.log({"day": date(2025, 1, 5), "minutes": 30, "contact_id": zoe.id})
        source.messages.record_sent({"contact_id": zoe.id, "conversation_id": chat.id,
                            "channel": "email", "purpose": "thank_you", "text": "Thanks!",
                            "sent_at": datetime(2025, 2, 1, 12, 0)})
        source.messages.save_draft({"contact_id": minh.id, "channel": "email",
                           "purpose": "keep_in_touch", "text": "Hi Minh", "based_on": "Hi"})
        source.messages.set_draft_detail(minh.id, None, "topic", "data pipelines")
        doc = backup_document(source)
    finally:
        source.dispose()
    assert all(doc["tables"][name] for name in doc["tables"])
    return doc  # type: ignore[no-any-return]


json_scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),  # any code point: NUL, controls, lone surrogates, bidi marks
    st.sampled_from(["", " ", "2025-01-01", "2025-01-01T10:00:00+05:30", "9999-12-31T23:59:59Z",
                     "0001-01-01T00:00:00+14:00", "close", "note", "email", "core.path"]),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
# Kept apart from the document, so json.dumps never walks them: spliced in as text.
DEEP = "\x00DEEP\x00"
HUGE = "\x00HUGE\x00"


@st.composite
def damage(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Damage a copy of ``doc``; return it and the splices its text needs.

    Deep nesting and huge strings go in as placeholders, spliced into the text later,
    so a failing example prints short.
    """
    doc = json.loads(json.dumps(doc))
    tables = doc["tables"]
    splice: dict[str, Any] = {}
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        name = draw(st.sampled_from(sorted(tables) or ["contacts"]))
        rows = tables[name] if isinstance(tables.get(name), list) else []
        records = [r for r in rows if isinstance(r, dict) and r]
        row = draw(st.sampled_from(records)) if records else None
        kind = draw(st.sampled_from([
            "value", "value", "drop key", "reference", "deep", "huge", "duplicate",
            "new key", "top", "row", "cut",
        ]))
        if kind == "value" and row is not None:
            row[draw(st.sampled_from(sorted(row)))] = draw(json_values)
        elif kind == "drop key" and row is not None:
            row.pop(draw(st.sampled_from(sorted(row))))
        elif kind == "reference" and row is not None:
            field = draw(st.sampled_from(["id", "contact_id", "conversation_id"]))
            row[field] = draw(st.integers(min_value=-2, max_value=6) | st.just(2**31))
        elif kind == "deep" and row is not None:
            row[draw(st.sampled_from(sorted(row)))] = DEEP
            splice["deep"] = draw(st.sampled_from([19, 21, 1_000, 100_000]))
        elif kind == "huge" and row is not None:
            row[draw(st.sampled_from(sorted(row)))] = HUGE
            splice["huge"] = draw(st.sampled_from([201, 5_001, 20_001, 2_000_000]))
        elif kind == "duplicate" and rows:
            rows.append(draw(st.sampled_from(rows)))
        elif kind == "new key" and row is not None:
            row[draw(st.text(min_size=1, max_size=10))] = draw(json_values)
        elif kind == "top":
            key = draw(st.sampled_from(["format", "version", "created_at", "tables",
                                        "schema_revision"]))
            doc[key] = draw(json_values)
            tables = doc["tables"] if isinstance(doc.get("tables"), dict) else {}
        elif kind == "row" and name in tables:
            tables[name] = draw(st.lists(json_values, max_size=3))
        elif kind == "cut":
            splice["cut"] = draw(st.floats(min_value=0, max_value=1))
    return doc, splice


def as_text(doc: dict[str, Any], splice: dict[str, Any]) -> str:
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    if "deep" in splice:
        depth = splice["deep"]
        text = text.replace(json.dumps(DEEP), "[" * depth + "]" * depth)
    if "huge" in splice:
        text = text.replace(json.dumps(HUGE), json.dumps("é" * splice["huge"]))
    if "cut" in splice:
        text = text[: int(len(text) * splice["cut"])]
    return text


def counts(store: Store) -> dict[str, int]:
    return {name: len(rows) for name, rows in backup_document(store)["tables"].items()}


def wipe(store: Store) -> None:
    with store._db.writing() as s:
        for table in reversed(TABLES):
            s.query(table).delete()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_bad_backups_are_refused_or_restored_whole(store: Store, base: dict[str, Any],
                                                   tmp_path: Path, data: st.DataObject) -> None:
    raw = as_text(*data.draw(damage(base))).encode("utf-8", "surrogatepass")
    empty = counts(store)
    tracemalloc.start()
    try:
        backup = parse_backup(raw, where="fuzz.json")
        restored = restore(store, backup)
    except BackupError as exc:
        _, peak = tracemalloc.get_traced_memory()
        message = str(exc)
        assert "nothing was changed" in message.lower(), message
        assert "Traceback" not in message
        assert counts(store) == empty  # nothing half-written
    else:
        _, peak = tracemalloc.get_traced_memory()
        # What was validated is exactly what is stored.
        expected = {name: sorted(rows, key=lambda r: r["id"])
                    for name, rows in backup.model_dump(mode="json")["tables"].items()}
        assert backup_document(store)["tables"] == expected
        assert restored == {name: len(rows) for name, rows in expected.items()}
        wipe(store)
    finally:
        tracemalloc.stop()
    # Reading holds the file a few times over (bytes, text, the parsed values), never
    # more than a small multiple of it.
    assert peak < MEMORY_FACTOR * len(raw) + MEMORY_BASE, f"{peak / 2**20:.0f} MB"
