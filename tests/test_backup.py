from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.errors import BackupError
from coffeechat.models import ContactIn, FollowUpKind, NoteKind, Tier
from coffeechat.store import Store
from coffeechat.store.backup import backup_document, parse_backup, restore, restore_file

# Text that survives both databases: no NUL (PostgreSQL refuses it in text) and no
# lone surrogates (not encodable).
safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    min_size=1, max_size=40,
).filter(lambda s: s.strip() == s and s.strip())
maybe_text = st.one_of(st.none(), safe_text)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
times = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.replace(microsecond=0))

contacts = st.builds(
    ContactIn,
    name=safe_text,
    title=maybe_text,
    company=maybe_text,
    common_ground=maybe_text,
    tags=st.lists(safe_text, max_size=3, unique=True),
    tier=st.sampled_from(list(Tier)),
    cadence_days=st.one_of(st.none(), st.integers(min_value=1, max_value=730)),
    archived=st.booleans(),
    connected_on=st.one_of(st.none(), days),
)


@st.composite
def networks(draw: st.DrawFn) -> dict[str, Any]:
    people = draw(st.lists(contacts, min_size=1, max_size=4))
    return {
        "people": people,
        "profile": draw(st.fixed_dictionaries({
            "name": maybe_text, "pitch_who": maybe_text,
            "weekly_study_hours": st.floats(min_value=0, max_value=100, allow_nan=False),
            "networking_share": st.integers(min_value=0, max_value=100),
        })),
        "notes": draw(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(list(NoteKind)),
                                         safe_text), max_size=4)),
        "followups": draw(st.lists(st.tuples(st.integers(0, 3),
                                             st.sampled_from(list(FollowUpKind)), days,
                                             safe_text), max_size=4)),
        "activity_days": draw(st.lists(st.tuples(st.integers(0, 3), days), max_size=3)),
        "sent": draw(st.lists(st.tuples(st.integers(0, 3), times, safe_text), max_size=2)),
    }


def fill(store: Store, net: dict[str, Any]) -> None:
    store.save_profile(net["profile"])
    ids = [store.add_contact(c).id for c in net["people"]]

    def pick(i: int) -> int:
        return ids[i % len(ids)]

    conv = store.add_conversation({"contact_id": ids[0], "plan": ["core.path", "core.advice"]})
    for i, kind, text in net["notes"]:
        store.add_note({"conversation_id": conv.id if i == 0 else None,
                        "contact_id": None if i == 0 else pick(i), "kind": kind, "text": text})
    for i, kind, due, text in net["followups"]:
        store.add_followup({"contact_id": pick(i), "kind": kind, "due_on": due, "text": text})
    for i, day in net["activity_days"]:
        store.log_activity({"day": day, "minutes": 15, "contact_id": pick(i)})
    for i, when, text in net["sent"]:
        store.record_sent({"contact_id": pick(i), "channel": "email", "purpose": "first_contact",
                           "text": text, "sent_at": when})
        store.save_draft({"contact_id": pick(i), "conversation_id": conv.id if i == 0 else None,
                          "channel": "email", "purpose": "keep_in_touch", "text": text,
                          "based_on": text[::-1]})


def tables_of(store: Store) -> dict[str, Any]:
    return backup_document(store)["tables"]  # type: ignore[no-any-return]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(net=networks())
def test_backup_restore_round_trip_is_lossless(db_url: str, tmp_path: Path,
                                               net: dict[str, Any]) -> None:
    source = Store(f"sqlite:///{tmp_path}/source-{uuid.uuid4().hex}.sqlite3")
    target = Store(db_url)
    try:
        fill(source, net)
        before = tables_of(source)
        # Through the JSON text, as a user's file would go.
        text = json.dumps(backup_document(source))
        restore(target, parse_backup(text))
        assert tables_of(target) == before
        # New rows after a restore get fresh ids (sequences moved past restored ids).
        new = target.add_contact({"name": "After restore"})
        assert new.id > max(c["id"] for c in before["contacts"])
    finally:
        source.dispose()
        _wipe(target)
        target.dispose()


def _wipe(store: Store) -> None:
    from coffeechat.store.tables import TABLES

    with store.transaction() as s:
        for table in reversed(TABLES):
            s.query(table).delete()


def make_backup(store: Store, tmp_path: Path) -> Path:
    store.save_profile({"name": "Zoë"})
    dana = store.add_contact({"name": "Dana"})
    store.add_note({"contact_id": dana.id, "text": "hello"})
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup_document(store)), encoding="utf-8")
    return path


def test_restore_refuses_a_non_empty_database(store: Store, tmp_path: Path) -> None:
    path = make_backup(store, tmp_path)
    with pytest.raises(BackupError, match="already has data"):
        restore_file(store, path)
    assert store.count_contacts() == 1


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: '{"format": "coffeechat-backup", "version": 1, "tab', "damaged"),
        (lambda d: {**d, "version": 99}, "newer Coffee Chat"),
        (lambda d: {**d, "format": "something-else"}, "not a Coffee Chat backup"),
        (lambda d: {**d, "tables": {**d["tables"], "contacts": [
            {**d["tables"]["contacts"][0], "name": ""}]}}, "invalid value"),
        (lambda d: {**d, "tables": {**d["tables"], "contacts": []}}, "not in the backup"),
        (lambda d: {**d, "tables": {**d["tables"], "gossip": []}}, "invalid value"),
    ],
)
def test_corrupt_or_future_backups_are_refused_and_change_nothing(
    sqlite_store: Store, tmp_path: Path, mutate: Any, message: str
) -> None:
    source = Store(f"sqlite:///{tmp_path}/src.sqlite3")
    good = json.loads(make_backup(source, tmp_path).read_text())
    source.dispose()
    bad = mutate(good)
    path = tmp_path / "bad.json"
    path.write_text(bad if isinstance(bad, str) else json.dumps(bad), encoding="utf-8")
    with pytest.raises(BackupError, match=message):
        restore_file(sqlite_store, path)
    assert sqlite_store.is_empty()


def test_binary_garbage_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "photo.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(BackupError, match="not UTF-8"):
        restore_file(sqlite_store, path)
    assert sqlite_store.is_empty()


def test_backup_and_restore_from_the_cli(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from coffeechat.cli import main

    runner = CliRunner()
    src = f"sqlite:///{tmp_path}/a.sqlite3"
    dst = f"sqlite:///{tmp_path}/b.sqlite3"
    assert runner.invoke(main, ["contacts", "add", "--name", "Dana", "--db", src]).exit_code == 0
    out = tmp_path / "b.json"
    result = runner.invoke(main, ["backup", str(out), "--db", src])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["restore", str(out), "--db", dst])
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output
    again = runner.invoke(main, ["restore", str(out), "--db", dst])
    assert again.exit_code == 1
    assert "already has data" in again.output
    assert "Traceback" not in again.output
