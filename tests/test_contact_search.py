"""Contact search folds case and accents alike on SQLite and PostgreSQL, on every write path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from coffeechat.importers.linkedin import import_connections
from coffeechat.store import Store
from coffeechat.store.backup import backup_document, parse_backup, restore
from coffeechat.store.engine import create_store_engine, migrate
from coffeechat.textfold import contact_search_key, fold
from tests.test_linkedin import HEADER, csv_bytes

NAMES = ["Zoë Łukasiewicz", "Nguyễn Thị Minh", "Dana Park"]


def names(store: Store, search: str) -> list[str]:
    return [c.name for c in store.contacts.list(search=search)]


@pytest.mark.parametrize(
    ("raw", "folded"),
    [("Zoë", "zoe"), ("ŁUKASIEWICZ", "lukasiewicz"), ("Nguyễn", "nguyen"),
     ("Straße", "strasse"), ("Ørsted Æbeltoft", "orsted aebeltoft"), ("Œuvre", "oeuvre"),
     ("Đặng", "dang"), ("İzmir ılık", "izmir ilik"), ("  two\n words ", "two words")],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@given(st.text())
def test_folding_is_stable_and_never_spans_fields(value: str) -> None:
    once = fold(value)
    assert fold(once) == once
    # The key joins fields with newlines; a folded term has none, so it cannot match
    # across two fields.
    assert "\n" not in once


def test_accents_and_case_are_ignored(store: Store) -> None:
    for name in NAMES:
        store.contacts.add({"name": name})
    store.contacts.add({"name": "Sam", "company": "Société Générale", "title": "Ingénieure"})
    for query in ("zoe", "ZOE", "zOë", "lukasiewicz", "LukaSIEwicz", "łukasiewicz"):
        assert names(store, query) == ["Zoë Łukasiewicz"], query
    for query in ("nguyen", "NGUYEN", "Nguyễn", "thi minh", "THỊ"):
        assert names(store, query) == ["Nguyễn Thị Minh"], query
    assert names(store, "societe generale") == ["Sam"]
    assert names(store, "INGENIEURE") == ["Sam"]
    assert store.contacts.count(search="zoe") == 1
    # A term never matches across two fields.
    assert names(store, "sam societe") == []


def test_updates_keep_the_key_in_step(store: Store) -> None:
    zoe = store.contacts.add({"name": "Zoë", "company": "Acme"})
    store.contacts.update_fields(zoe.id, company="Łódź Labs")
    assert names(store, "lodz") == ["Zoë"]
    assert names(store, "acme") == []
    store.contacts.update(zoe.id, {"name": "Zoë Ørsted", "common_ground": "Both love Malmö"})
    assert names(store, "orsted") == names(store, "malmo") == ["Zoë Ørsted"]
    assert names(store, "lodz") == []
    store.contacts.archive(zoe.id)
    assert [c.name for c in store.contacts.list(search="orsted", archived=True)] == ["Zoë Ørsted"]


def test_linkedin_import_and_reimport_fill_the_key(store: Store) -> None:
    # Counted rather than listed, so this test does not depend on how the importer
    # stores tags (issue 9, item 1, is fixed separately).
    first = csv_bytes([HEADER,
                       "Zoë,Łukasiewicz,https://www.linkedin.com/in/zoe,,Acme,Engineer,",
                       "Nguyễn,Thị Minh,https://www.linkedin.com/in/minh,,Beta,Analyst,"])
    assert import_connections(store, first).created == 2
    assert store.contacts.count(search="LUKASIEWICZ", archived=None) == 1
    assert store.contacts.count(search="nguyen", archived=None) == 1
    # A re-import with a new job goes through the bulk update; the key follows it.
    moved = csv_bytes([HEADER,
                       "Zoë,Łukasiewicz,https://www.linkedin.com/in/zoe,,Łódź Labs,Engineer,"])
    assert import_connections(store, moved).updated == 1
    assert store.contacts.count(search="lodz", archived=None) == 1
    assert store.contacts.count(search="acme", archived=None) == 0


def test_restore_recomputes_the_key(store: Store, tmp_path: Path) -> None:
    source = Store(f"sqlite:///{tmp_path / 'source.sqlite3'}")
    try:
        for name in NAMES:
            source.contacts.add({"name": name})
        document = backup_document(source)
    finally:
        source.dispose()
    # The key is derived: backups do not carry it.
    assert all("search_key" not in c for c in document["tables"]["contacts"])
    restore(store, parse_backup(json.dumps(document)))
    assert names(store, "zoe") == ["Zoë Łukasiewicz"]
    assert names(store, "NGUYEN") == ["Nguyễn Thị Minh"]


def test_upgrade_to_0007_fills_the_key_for_existing_contacts(db_url: str) -> None:
    engine = create_store_engine(db_url)
    people = [*NAMES, *(f"Person {i}" for i in range(2500))]  # more than one batch
    try:
        migrate(engine, "0006")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO contacts (id, name, company, tags, tier, archived, source, "
                "created_at, updated_at) VALUES (:id, :name, :company, '[]', 'regular', false, "
                "'manual', '2025-01-01 10:00:00', '2025-01-01 10:00:00')"),
                [{"id": i + 1, "name": name, "company": "Société" if i == 1 else None}
                 for i, name in enumerate(people)])
            conn.execute(text(
                "INSERT INTO conversations (id, contact_id, format, budget_minutes, status, plan,"
                " created_at, updated_at) VALUES (1, 1, 'coffee', 20, 'held', '[]', "
                "'2025-01-02 10:00:00', '2025-01-02 10:00:00')"))
        migrate(engine, "head")
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":  # row-level security: declare whose rows
                conn.execute(text("SELECT set_config('coffeechat.account', '1', false)"))
            keys = dict(conn.execute(text("SELECT name, search_key FROM contacts")).all())
    finally:
        engine.dispose()
    assert keys["Nguyễn Thị Minh"] == contact_search_key({"name": "Nguyễn Thị Minh",
                                                          "company": "Société"})
    assert keys["Person 2499"] == "person 2499\n\n\n"
    store = Store(db_url)
    try:
        assert names(store, "zoe") == names(store, "LUKASIEWICZ") == ["Zoë Łukasiewicz"]
        assert names(store, "nguyen") == names(store, "societe") == ["Nguyễn Thị Minh"]
        # Adding the column must not rebuild the table: on SQLite that cascades and
        # deletes every conversation.
        assert store.conversations.get(1).contact_id == 1
    finally:
        store.dispose()


def test_downgrade_from_0007_keeps_contacts_and_conversations(db_url: str) -> None:
    store = Store(db_url)
    try:
        zoe = store.contacts.add({"name": "Zoë"})
        store.conversations.add({"contact_id": zoe.id})
    finally:
        store.dispose()
    from alembic import command

    from coffeechat.store.engine import _alembic_config

    engine = create_store_engine(db_url)
    try:
        cfg = _alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0006")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM conversations")).scalar() == 1
            columns = list(conn.execute(text("SELECT * FROM contacts WHERE 1 = 0")).keys())
            assert "search_key" not in columns
        migrate(engine, "head")
    finally:
        engine.dispose()
    store = Store(db_url)
    try:
        assert names(store, "zoe") == ["Zoë"]
    finally:
        store.dispose()
