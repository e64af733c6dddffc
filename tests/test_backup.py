from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.errors import BackupError
from coffeechat.models import ContactIn, FollowUpKind, NoteKind, Tier
from coffeechat.store import Store
from coffeechat.store.backup import (
    MAX_BYTES,
    MAX_CONTAINERS,
    MAX_DEPTH,
    MAX_PROBLEMS,
    MAX_VALUES,
    backup_document,
    parse_backup,
    restore,
    restore_file,
)

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
    store.profile.save(net["profile"])
    ids = [store.contacts.add(c).id for c in net["people"]]

    def pick(i: int) -> int:
        return ids[i % len(ids)]

    conv = store.conversations.add({"contact_id": ids[0], "plan": ["core.path", "core.advice"]})
    for i, kind, text in net["notes"]:
        store.notes.add({"conversation_id": conv.id if i == 0 else None,
                        "contact_id": None if i == 0 else pick(i), "kind": kind, "text": text})
    for i, kind, due, text in net["followups"]:
        store.followups.add({"contact_id": pick(i), "kind": kind, "due_on": due, "text": text})
    for i, day in net["activity_days"]:
        store.activities.log({"day": day, "minutes": 15, "contact_id": pick(i)})
    for i, when, text in net["sent"]:
        store.messages.record_sent({"contact_id": pick(i), "channel": "email",
                                    "purpose": "first_contact",
                           "text": text, "sent_at": when})
        store.messages.save_draft({"contact_id": pick(i),
                                   "conversation_id": conv.id if i == 0 else None,
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
        new = target.contacts.add({"name": "After restore"})
        assert new.id > max(c["id"] for c in before["contacts"])
    finally:
        source.dispose()
        _wipe(target)
        target.dispose()


def _wipe(store: Store) -> None:
    from coffeechat.store.tables import TABLES

    with store._db.writing() as s:
        for table in reversed(TABLES):
            s.query(table).delete()


def make_backup(store: Store, tmp_path: Path) -> Path:
    store.profile.save({"name": "Zoë"})
    dana = store.contacts.add({"name": "Dana"})
    store.contacts.add({"name": "Ali"})
    store.notes.add({"contact_id": dana.id, "text": "hello"})
    chat = store.conversations.add({"contact_id": dana.id})
    store.notes.add({"conversation_id": chat.id, "text": "Bootcamp, then QA"})
    store.followups.add({"contact_id": dana.id, "due_on": date(2025, 1, 3), "text": "Thank Dana"})
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup_document(store)), encoding="utf-8")
    return path


@pytest.fixture
def good(tmp_path: Path) -> dict[str, Any]:
    """A real backup document: profile, contacts Dana (1) and Ali (2), a chat, two notes."""
    source = Store(f"sqlite:///{tmp_path}/src.sqlite3")
    try:
        return json.loads(make_backup(source, tmp_path).read_text())  # type: ignore[no-any-return]
    finally:
        source.dispose()


def table_counts(store: Store) -> dict[str, int]:
    return {name: len(rows) for name, rows in tables_of(store).items()}


def test_restore_refuses_a_non_empty_database(store: Store, tmp_path: Path) -> None:
    path = make_backup(store, tmp_path)
    with pytest.raises(BackupError, match="already has data") as caught:
        restore_file(store, path)
    assert "Nothing was changed" in str(caught.value)
    assert store.contacts.count() == 2


def _with(d: dict[str, Any], table: str, index: int, **changes: Any) -> dict[str, Any]:
    rows = [dict(r) for r in d["tables"][table]]
    rows[index].update(changes)
    return {**d, "tables": {**d["tables"], table: rows}}


DEEP = "[" * 100_000 + "]" * 100_000

# (mutation, the text the error must contain: what is wrong and where)
BAD_BACKUPS: list[tuple[str, Any, str]] = [
    ("cut short", lambda d: '{"format": "coffeechat-backup", "version": 1, "tab',
     "is damaged, so nothing was changed: the file stops making sense at line 1, column 47"),
    ("newer", lambda d: {**d, "version": 99}, "was made by a newer Coffee Chat (backup format 99"),
    ("version true", lambda d: {**d, "version": True},
     'has no valid version number ("version" is true; it should be a whole number such as 1)'),
    ("version text", lambda d: {**d, "version": "1"}, '("version" is "1";'),
    ("not ours", lambda d: {**d, "format": "something-else"}, "is not a Coffee Chat backup"),
    ("not an object", lambda d: [d], "is not a Coffee Chat backup"),
    ("empty name", lambda d: _with(d, "contacts", 0, name=""),
     "tables.contacts[0] (id 1).name: must not be empty (hint: fill in `name`)"),
    ("missing table row", lambda d: {**d, "tables": {**d["tables"], "contacts": []}},
     "tables.notes[0] (id 1).contact_id: refers to contact 1, which is not in the backup"),
    ("unknown table", lambda d: {**d, "tables": {**d["tables"], "gossip": []}},
     "tables.gossip: unknown table 'gossip'"),
    ("unknown key", lambda d: {**d, "extra": 1}, ": extra: unknown key 'extra'"),
    ("boolean id", lambda d: _with(d, "contacts", 1, id=True),
     "tables.contacts[1].id: must be a whole number (got true)"),
    ("boolean reference", lambda d: _with(d, "notes", 0, contact_id=True),
     "tables.notes[0] (id 1).contact_id: must be a whole number (got true)"),
    ("number as a time", lambda d: _with(d, "contacts", 0, created_at=1_700_000_000),
     'tables.contacts[0] (id 1).created_at: must be a time in quotes, like "2025-03-15T10:30:00"'
     " (got 1700000000)"),
    ("null reference", lambda d: _with(d, "followups", 0, conversation_id=[1]),
     "tables.followups[0] (id 1).conversation_id: must be a whole number or null (got a list)"),
    ("text as a list", lambda d: _with(d, "contacts", 0, tags="python"),
     "tables.contacts[0] (id 1).tags: must be a list (got \"python\")"),
    ("row not an object", lambda d: {**d, "tables": {**d["tables"], "notes": [[1, 2]]}},
     "tables.notes[0]: must be a mapping of keys to values (got a list)"),
    ("id too large", lambda d: _with(d, "contacts", 1, id=2**40),
     f"tables.contacts[1] (id {2**40}).id: {2**40} is not a valid id"),
    ("repeated id", lambda d: _with(d, "contacts", 1, id=1),
     "tables.contacts[1] (id 1).id: id 1 appears twice"),
    ("two profiles", lambda d: {**d, "tables": {**d["tables"],
                                                "profile": d["tables"]["profile"] * 2}},
     "tables.profile: has more than one profile"),
    ("note on another contact's chat", lambda d: _with(d, "notes", 1, contact_id=2),
     "tables.notes[1] (id 2).contact_id: is contact 2, but its conversation 1 is with "
     "contact 1"),
    ("sent message on another contact's chat",
     lambda d: {**d, "tables": {**d["tables"], "sent_messages": [{
         "id": 1, "contact_id": 2, "conversation_id": 1, "channel": "email",
         "purpose": "thank_you", "text": "Thanks!", "sent_at": "2025-01-01T10:00:00"}]}},
     "tables.sent_messages[0] (id 1).contact_id: is contact 2, but its conversation 1"),
    ("nested 100,000 deep", lambda d: f'{{"format": "coffeechat-backup", "version": 1, '
                                      f'"tables": {{"contacts": {DEEP}}}}}',
     "is nested more than 20 levels deep"),
    ("deep inside a field", lambda d: json.dumps(_with(d, "contacts", 0, tags=[])).replace(
        '"tags": []', '"tags": ' + "[" * 30 + "]" * 30), "is nested more than 20 levels deep"),
    ("a million empty lists", lambda d: json.dumps(_with(d, "contacts", 0, tags=[])).replace(
        '"tags": []', '"tags": [' + "[]," * 1_000_000 + "[]]"),
     "holds far more values than a Coffee Chat backup has"),
]


@pytest.mark.parametrize(("mutate", "message"), [case[1:] for case in BAD_BACKUPS],
                         ids=[case[0] for case in BAD_BACKUPS])
def test_bad_backups_are_refused_naming_the_place_and_change_nothing(
    store: Store, tmp_path: Path, good: dict[str, Any], mutate: Any, message: str
) -> None:
    bad = mutate(good)
    path = tmp_path / "bad.json"
    path.write_text(bad if isinstance(bad, str) else json.dumps(bad), encoding="utf-8")
    with pytest.raises(BackupError) as caught:
        restore_file(store, path)
    assert message in str(caught.value)
    assert "nothing was changed" in str(caught.value).lower()
    assert store.is_empty()


def test_every_problem_is_listed_up_to_a_limit(sqlite_store: Store, good: dict[str, Any]
                                              ) -> None:
    contact = good["tables"]["contacts"][0]
    many = [{**contact, "id": i, "name": "", "tier": "best"} for i in range(1, 200)]
    doc = {**good, "tables": {"contacts": many}}
    with pytest.raises(BackupError) as caught:
        restore(sqlite_store, parse_backup(json.dumps(doc), where="big.json"))
    assert len(caught.value.problems) == MAX_PROBLEMS
    assert str(caught.value.problems[1]) == (
        "big.json: tables.contacts[0] (id 1).tier: must be one of 'close', 'regular' or "
        "'acquaintance' (got 'best') (hint: pick one of the listed values)")
    assert "the first 50 are listed" in caught.value.message
    assert sqlite_store.is_empty()


def test_a_file_over_the_size_limit_is_not_read(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 10)
    with pytest.raises(BackupError, match=f"larger than the {MAX_BYTES // 2**20} MB"):
        restore_file(sqlite_store, path)
    assert sqlite_store.is_empty()


def test_binary_garbage_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "photo.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(BackupError, match="not UTF-8"):
        restore_file(sqlite_store, path)
    assert sqlite_store.is_empty()


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run in a zone away from UTC, so a dropped offset would show."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_offsets_become_the_same_moment_in_local_time(store: Store, good: dict[str, Any],
                                                      berlin: None) -> None:
    doc = _with(good, "contacts", 0, created_at="2025-01-15T10:00:00Z",
                updated_at="2025-07-01T10:00:00-04:00")
    restore(store, parse_backup(json.dumps(doc)))
    dana = store.contacts.get(1)
    # Berlin is UTC+1 in January and UTC+2 in July.
    assert dana.created_at == datetime(2025, 1, 15, 11, 0)
    assert dana.updated_at == datetime(2025, 7, 1, 16, 0)
    # Times without an offset are already local: kept as they are.
    assert store.contacts.get(2).created_at == datetime.fromisoformat(
        good["tables"]["contacts"][1]["created_at"])


def test_nul_bytes_are_cleaned_like_any_input(store: Store, good: dict[str, Any]) -> None:
    # A SQLite database can hold a NUL; PostgreSQL cannot, so moving between them needs
    # the same cleaning typed text gets (models.Record, from the importer's work).
    doc = _with(good, "contacts", 0, name="Da\x00na", common_ground="Both\x00 self-taught")
    restore(store, parse_backup(json.dumps(doc)))
    dana = store.contacts.get(1)
    assert "\x00" not in dana.name and "\x00" not in (dana.common_ground or "")
    assert dana.name.replace(" ", "") == "Dana"


def test_three_restores_at_once_end_with_one_restore(db_url: str, good: dict[str, Any]
                                                      ) -> None:
    contact = good["tables"]["contacts"][0]
    many = [*good["tables"]["contacts"],
            *({**contact, "id": i, "name": f"Person {i}"} for i in range(3, 400))]
    backup = parse_backup(json.dumps({**good, "tables": {**good["tables"], "contacts": many}}))
    stores = [Store(db_url) for _ in range(3)]  # one after another: migrations ran once
    start = threading.Barrier(3)
    outcomes: list[object] = [None] * 3

    def run(i: int) -> None:
        start.wait()
        try:
            outcomes[i] = restore(stores[i], backup)
        except Exception as exc:  # noqa: BLE001 - every outcome is checked below
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        done = [o for o in outcomes if isinstance(o, dict)]
        refused = [o for o in outcomes if isinstance(o, BackupError)]
        assert len(done) == 1 and len(refused) == 2, outcomes
        for error in refused:
            assert "Nothing was changed" in str(error)
            assert re.search(r"already has data|not empty any more|another restore", str(error))
        assert table_counts(stores[0]) == {name: len(rows) for name, rows in
                                           backup.model_dump()["tables"].items()}
    finally:
        for s in stores:
            s.dispose()


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


def test_the_readme_states_the_backup_limits() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    limits = readme.split("## Limits", 1)[1].split("\n## ", 1)[0]
    assert f"at most {MAX_BYTES // 2**20} MB" in limits
    assert f"nested at most {MAX_DEPTH} levels deep" in limits
    assert f"at most {MAX_CONTAINERS:,} lists" in limits
    assert f"{MAX_VALUES:,} values" in limits


def test_a_restore_that_cannot_get_the_lock_says_so(db_url: str, good: dict[str, Any],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import create_engine

    from coffeechat.store import backup as backup_module

    Store(db_url).dispose()  # migrate first, outside the lock
    if db_url.startswith("sqlite"):
        # A short busy timeout stands in for a restore that runs longer than the real one.
        store = Store(db_url, engine=create_engine(db_url, connect_args={"timeout": 0.5}))
        take = "BEGIN IMMEDIATE"
    else:
        monkeypatch.setattr(backup_module, "LOCK_WAIT_SECONDS", 1)
        store = Store(db_url)
        take = f"SELECT pg_advisory_lock({backup_module._RESTORE_LOCK})"
    holder = create_engine(db_url, isolation_level="AUTOCOMMIT")
    try:
        with holder.connect() as other:
            other.exec_driver_sql(take)
            with pytest.raises(BackupError, match="Another restore .* is writing to this "
                                                  "database right now") as caught:
                restore(store, parse_backup(json.dumps(good)))
            assert "Nothing was changed" in str(caught.value)
            other.exec_driver_sql("ROLLBACK" if db_url.startswith("sqlite") else
                                  f"SELECT pg_advisory_unlock({backup_module._RESTORE_LOCK})")
        assert store.is_empty()
        # Once the other writer is done, the same backup restores.
        assert restore(store, parse_backup(json.dumps(good)))["contacts"] == 2
    finally:
        holder.dispose()
        store.dispose()
