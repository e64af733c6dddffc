"""A writer killed with SIGKILL mid-stream loses no committed row; migrations keep rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import text

from coffeechat.store import Store
from coffeechat.store.engine import create_store_engine, head_revision, migrate

WRITER = textwrap.dedent("""
    import sys
    from coffeechat.store import Store
    store = Store(sys.argv[1])
    i = 0
    while True:
        contact = store.contacts.add({"name": f"Person {i}", "company": "Stream"})
        # Only print once the transaction has committed.
        print(contact.id, flush=True)
        i += 1
""")


def test_sigkill_mid_stream_loses_no_committed_row(db_url: str) -> None:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, db_url], stdout=subprocess.PIPE,
                            text=True, env={**os.environ})
    committed: list[int] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while len(committed) < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        committed.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert len(committed) >= 150, "the writer did not get going"

    store = Store(db_url)
    try:
        stored = {c.id for c in store.contacts.list()}
        missing = set(committed) - stored
        assert not missing, f"{len(missing)} committed rows lost"
        # The database is healthy: it accepts writes again.
        store.contacts.add({"name": "After the crash"})
    finally:
        store.dispose()


def test_upgrade_from_first_schema_keeps_every_row(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        migrate(engine, "0001")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO contacts (id, name, tags, tier, archived, source, created_at, "
                "updated_at) VALUES (1, 'Dana', '[]', 'close', false, 'manual', "
                "'2025-01-01 10:00:00', '2025-01-01 10:00:00')"))
            conn.execute(text(
                "INSERT INTO conversations (id, contact_id, format, budget_minutes, status, plan,"
                " created_at, updated_at) VALUES (1, 1, 'coffee', 20, 'held', "
                "'[\"core.path\"]', '2025-01-02 10:00:00', '2025-01-02 10:00:00')"))
            conn.execute(text(
                "INSERT INTO notes (id, contact_id, conversation_id, question_id, kind, text, "
                "created_at) VALUES (1, 1, 1, 'core.path', 'note', 'Bootcamp, then QA', "
                "'2025-01-02 10:30:00')"))
            conn.execute(text(
                "INSERT INTO followups (id, contact_id, conversation_id, kind, due_on, text, "
                "created_at) VALUES (1, 1, 1, 'thank_you', '2025-01-03', 'Thank Dana', "
                "'2025-01-02 10:30:00')"))
            conn.execute(text(
                "INSERT INTO activities (id, day, kind, minutes, contact_id) VALUES "
                "(1, '2025-01-02', 'chat', 20, 1), (2, '2024-12-01', 'message', 5, 1)"))
        migrate(engine, "head")
    finally:
        engine.dispose()
    store = Store(db_url)
    try:
        assert [c.name for c in store.contacts.list()] == ["Dana"]
        conv = store.conversations.get(1)
        assert conv.plan == ["core.path"] and conv.status == "held"
        assert [n.text for n in store.notes.list(conversation_id=1)] == ["Bootcamp, then QA"]
        followups = store.followups.list()
        assert [f.text for f in followups] == ["Thank Dana"]
        # 0002 backfills the change time from the creation time.
        assert str(followups[0].updated_at) == "2025-01-02 10:30:00"
        assert conv.goal is None
        # 0003 backfills the last interaction from the activity log.
        assert str(store.contacts.get(1).last_interaction_on) == "2025-01-02"
        with store._db.reading() as s:
            version = s.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == head_revision()
    finally:
        store.dispose()


def test_unreachable_database_is_a_clear_error() -> None:
    from coffeechat.errors import StoreError

    with pytest.raises(StoreError, match="Cannot open the database"):
        Store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="not valid"):
        Store("this is not a url")
    with pytest.raises(StoreError, match="SQLite and PostgreSQL"):
        Store("mysql://localhost/db")


def test_sqlite_is_tuned_for_safety(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    finally:
        store.dispose()
