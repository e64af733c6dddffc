"""Migration 0009 renames a contact's channel to reach_by and the profile's channels to
places: every row and value survives on both databases, and older backups still restore."""

from __future__ import annotations

import json

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from coffeechat.errors import BackupError
from coffeechat.models import ReachBy
from coffeechat.store import Store
from coffeechat.store.backup import backup_document, parse_backup, restore
from coffeechat.store.engine import _alembic_config, create_store_engine, migrate
from coffeechat.store.tables import Base


def _fill_at_0008(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        migrate(engine, "0008")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO profile (id, name, weekly_study_hours, networking_share, channels, "
                "linkedin_plan) VALUES (1, 'Zoë', 10, 20, '[\"meetups\", \"discord\"]', 'free')"))
            conn.execute(text(
                "INSERT INTO contacts (id, name, channel, tags, tier, archived, source, "
                "created_at, updated_at) VALUES "
                "(1, 'Dana', 'in_person', '[]', 'close', false, 'manual', "
                "'2025-01-01 10:00:00', '2025-01-01 10:00:00'), "
                "(2, 'Sam', NULL, '[]', 'regular', false, 'manual', "
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
                "created_at, updated_at) VALUES (1, 1, 1, 'thank_you', '2025-01-03', "
                "'Thank Dana', '2025-01-02 10:30:00', '2025-01-02 10:30:00')"))
    finally:
        engine.dispose()


def test_0009_renames_the_columns_and_keeps_every_row(db_url: str) -> None:
    _fill_at_0008(db_url)
    store = Store(db_url)  # opening the store migrates to head
    try:
        assert store.contacts.get(1).reach_by == ReachBy.IN_PERSON
        assert store.contacts.get(2).reach_by is None
        assert store.profile.get().places == ["meetups", "discord"]
        # A table rebuild would have cascaded from contacts and emptied these.
        assert [n.text for n in store.notes.list(conversation_id=1)] == ["Bootcamp, then QA"]
        assert [f.text for f in store.followups.list()] == ["Thank Dana"]
        assert store.conversations.get(1).plan == ["core.path"]
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            contacts = {c["name"] for c in inspect(conn).get_columns("contacts")}
            profile = {c["name"] for c in inspect(conn).get_columns("profile")}
        assert not [d for d in diff if "reach_by" in repr(d) or "places" in repr(d)
                    or "channel" in repr(d)]
        assert "reach_by" in contacts and "channel" not in contacts
        assert "places" in profile and "channels" not in profile
    finally:
        store.dispose()


def test_0009_downgrades_back_to_the_old_names(db_url: str) -> None:
    _fill_at_0008(db_url)
    engine = create_store_engine(db_url)
    try:
        migrate(engine, "0009")
        cfg = _alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0008")
        with engine.connect() as conn:
            row = conn.execute(text("SELECT channel FROM contacts WHERE id = 1")).one()
            count = conn.execute(text("SELECT COUNT(*) FROM notes")).scalar()
        assert row.channel == "in_person" and count == 1
    finally:
        engine.dispose()


def test_a_backup_from_before_0009_still_restores(
        db_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    source_url = f"sqlite:///{tmp_path_factory.mktemp('old')}/source.sqlite3"
    _fill_at_0008(source_url)
    source = Store(source_url)
    try:
        doc = backup_document(source)
    finally:
        source.dispose()
    # Written by a Coffee Chat from before the rename: the old keys.
    for contact in doc["tables"]["contacts"]:
        contact["channel"] = contact.pop("reach_by")
    doc["tables"]["profile"][0]["channels"] = doc["tables"]["profile"][0].pop("places")
    doc["schema_revision"] = "0008"
    target = Store(db_url)
    try:
        restore(target, parse_backup(json.dumps(doc)))
        assert target.contacts.get(1).reach_by == ReachBy.IN_PERSON
        assert target.contacts.get(2).reach_by is None
        assert target.profile.get().places == ["meetups", "discord"]
        assert [n.text for n in target.notes.list(conversation_id=1)] == ["Bootcamp, then QA"]
    finally:
        target.dispose()


def test_a_backup_with_both_the_old_and_the_new_key_is_refused() -> None:
    doc = {"format": "coffeechat-backup", "version": 1, "created_at": "2025-01-01T10:00:00",
           "tables": {"contacts": [{
               "id": 1, "name": "Dana", "channel": "email", "reach_by": "linkedin",
               "created_at": "2025-01-01T10:00:00", "updated_at": "2025-01-01T10:00:00"}]}}
    with pytest.raises(BackupError, match=r"contacts\[0\] \(id 1\)\.channel"):
        parse_backup(json.dumps(doc))
