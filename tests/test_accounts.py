"""Accounts: every repository method keeps each account's records to itself.

Two accounts on one database (SQLite and PostgreSQL). Account A ("Alpha") fills every
table; account B then calls every public method of every repository with A's ids.
Each call must behave exactly as it does with an id that exists nowhere, return
nothing of A's, and leave A's records as they were. A list of the methods is derived
from the repository classes, so a new method without a call here fails the test.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import event, text

from coffeechat import accounts
from coffeechat.cli import main
from coffeechat.errors import AccountError, CoffeeChatError, ConflictError
from coffeechat.store import FollowUpList, Store
from coffeechat.store.backup import backup_document, parse_backup, restore
from coffeechat.store.repository import (
    Activities,
    Contacts,
    Conversations,
    FollowUps,
    Messages,
    Notes,
    Profiles,
)
from coffeechat.store.tables import TABLES

ISSUER = "https://id.example.test"
TODAY = date.today()
MISSING = 1_999_999_999  # an id no test database reaches
REPOSITORIES = {"profile": Profiles, "contacts": Contacts, "conversations": Conversations,
                "notes": Notes, "followups": FollowUps, "activities": Activities,
                "messages": Messages}
USER_TABLES = [t.__tablename__ for t in TABLES]


def fill(store: Store, word: str) -> dict[str, int]:
    """One of everything, every text marked with ``word``; returns the ids."""
    store.profile.save({"name": f"{word} learner", "places": ["meetups"]})
    contact = store.contacts.add({"name": f"{word} Dana", "company": f"{word} Inc",
                                  "tags": ["python"]}).id
    store.contacts.add({"name": f"{word} Archived", "archived": True})
    conv = store.conversations.add({"contact_id": contact, "plan": ["core.path"],
                                    "goal": f"{word} goal"}).id
    note = store.notes.add({"conversation_id": conv, "question_id": "core.path",
                            "text": f"{word} note"}).id
    store.messages.record_sent({"contact_id": contact, "conversation_id": conv,
                                "channel": "email", "purpose": "interview_request",
                                "text": f"Hi {word}"})
    followup = store.followups.add({"contact_id": contact, "conversation_id": conv,
                                    "due_on": TODAY, "text": f"{word} follow-up"}).id
    store.activities.log({"day": TODAY, "minutes": 30, "contact_id": contact,
                          "note": f"{word} chat"})
    store.messages.save_draft({"contact_id": contact, "conversation_id": conv,
                               "channel": "email", "purpose": "thank_you",
                               "text": f"Thanks {word}", "based_on": "Thanks"})
    store.messages.set_draft_detail(contact, conv, "topic", f"{word} detail")
    store.conversations.schedule(conv, datetime.combine(TODAY, datetime.min.time())
                                 + timedelta(days=2, hours=10))
    return {"contact": contact, "conversation": conv, "note": note, "followup": followup}


#: Every public repository method, called by account B with the ids it is given.
Call = Callable[[Store, dict[str, int]], Any]


def _import(store: Store, ids: dict[str, int]) -> Any:
    with store.contacts.importing() as batch:
        seen = list(batch.stored(["id", "name"]))
        batch.update([{"id": ids["contact"], "name": "Overwritten"}])
        batch.insert([{"name": "Imported", "tags": [], "tier": "regular", "archived": False,
                       "source": "linkedin", "created_at": datetime.now(),
                       "updated_at": datetime.now()}])
    return seen


def _preview(store: Store, _ids: dict[str, int]) -> Any:
    with store.contacts.previewing() as batch:
        return list(batch.stored(["id", "name", "profile_url"]))


CALLS: dict[str, Call] = {
    "profile.get": lambda s, i: s.profile.get(),
    "profile.save": lambda s, i: s.profile.save({"name": "Bravo learner"}),
    "profile.update": lambda s, i: s.profile.update(situation="Bravo situation"),
    "contacts.add": lambda s, i: s.contacts.add({"name": "Bravo new"}),
    "contacts.update": lambda s, i: s.contacts.update(i["contact"], {"name": "Overwritten"}),
    "contacts.update_fields": lambda s, i: s.contacts.update_fields(i["contact"], name="Over"),
    "contacts.get": lambda s, i: s.contacts.get(i["contact"]),
    "contacts.list": lambda s, i: s.contacts.list(archived=None, search="a"),
    "contacts.count": lambda s, i: s.contacts.count(archived=None),
    "contacts.names": lambda s, i: (s.contacts.names(), s.contacts.names([i["contact"]])),
    "contacts.archive": lambda s, i: s.contacts.archive(i["contact"]),
    "contacts.delete_permanently": lambda s, i: s.contacts.delete_permanently(i["contact"]),
    "contacts.last_interactions": lambda s, i: s.contacts.last_interactions([i["contact"]]),
    "contacts.gone_quiet": lambda s, i: s.contacts.gone_quiet(TODAY + timedelta(days=900)),
    "contacts.importing": _import,
    "contacts.previewing": _preview,
    "conversations.add": lambda s, i: s.conversations.add({"contact_id": i["contact"]}),
    "conversations.get": lambda s, i: s.conversations.get(i["conversation"]),
    "conversations.update": lambda s, i: s.conversations.update(i["conversation"], goal="x"),
    "conversations.save_plan": lambda s, i: s.conversations.save_plan(i["conversation"], ["a"]),
    "conversations.list": lambda s, i: (s.conversations.list(),
                                        s.conversations.list(contact_id=i["contact"])),
    "conversations.upcoming": lambda s, i: s.conversations.upcoming(
        datetime(2000, 1, 1), datetime(2100, 1, 1)),
    "conversations.status_counts": lambda s, i: s.conversations.status_counts(),
    "conversations.set_status": lambda s, i: s.conversations.set_status(i["conversation"],
                                                                        "held"),
    "conversations.schedule": lambda s, i: s.conversations.schedule(i["conversation"]),
    "notes.add": lambda s, i: (s.notes.add({"contact_id": i["contact"], "text": "x"})),
    "notes.set_for_question": lambda s, i: s.notes.set_for_question(i["conversation"], "q",
                                                                    "Bravo answer"),
    "notes.noted_question_ids": lambda s, i: s.notes.noted_question_ids(i["conversation"]),
    "notes.delete": lambda s, i: s.notes.delete(i["note"]),
    "notes.list": lambda s, i: (s.notes.list(), s.notes.list(contact_id=i["contact"]),
                                s.notes.list(conversation_id=i["conversation"])),
    "followups.add": lambda s, i: s.followups.add({"contact_id": i["contact"],
                                                   "due_on": TODAY, "text": "x"}),
    "followups.get": lambda s, i: s.followups.get(i["followup"]),
    "followups.complete": lambda s, i: s.followups.complete(i["followup"]),
    "followups.snooze": lambda s, i: s.followups.snooze(i["followup"], 3),
    "followups.cancel": lambda s, i: s.followups.cancel(i["followup"]),
    "followups.list": lambda s, i: (s.followups.list(open_only=False),
                                    s.followups.list(contact_id=i["contact"]),
                                    s.followups.list(conversation_id=i["conversation"])),
    "followups.agenda": lambda s, i: s.followups.agenda(days_ahead=30),
    "followups.count_due": lambda s, i: s.followups.count_due(days_ahead=30),
    "followups.page": lambda s, i: [s.followups.page(w, days_ahead=30) for w in FollowUpList],
    "followups.counts": lambda s, i: s.followups.counts(),
    "activities.log": lambda s, i: s.activities.log({"day": TODAY, "minutes": 5,
                                                     "contact_id": i["contact"]}),
    "activities.list": lambda s, i: (s.activities.list(),
                                     s.activities.list(contact_id=i["contact"])),
    "activities.minutes_by_day": lambda s, i: s.activities.minutes_by_day(
        TODAY - timedelta(days=3), TODAY),
    "messages.record_sent": lambda s, i: s.messages.record_sent({
        "contact_id": i["contact"], "channel": "email", "purpose": "interview_request",
        "text": "Hi"}),
    "messages.record_reply": lambda s, i: s.messages.record_reply(
        i["contact"], conversation_id=i["conversation"]),
    "messages.list_sent": lambda s, i: (s.messages.list_sent(),
                                        s.messages.list_sent(contact_id=i["contact"])),
    "messages.get_draft": lambda s, i: s.messages.get_draft(i["contact"], i["conversation"],
                                                            "email", "thank_you"),
    "messages.save_draft": lambda s, i: s.messages.save_draft({
        "contact_id": i["contact"], "conversation_id": i["conversation"], "channel": "email",
        "purpose": "thank_you", "text": "Overwritten", "based_on": ""}),
    "messages.delete_draft": lambda s, i: s.messages.delete_draft(
        i["contact"], i["conversation"], "email", "thank_you"),
    "messages.latest_draft_channel": lambda s, i: s.messages.latest_draft_channel(
        i["contact"], i["conversation"], "thank_you"),
    "messages.draft_details": lambda s, i: s.messages.draft_details(i["contact"],
                                                                    i["conversation"]),
    "messages.set_draft_detail": lambda s, i: s.messages.set_draft_detail(
        i["contact"], i["conversation"], "topic", "Overwritten"),
}


#: Calls that store a new record of B's each time, so two runs never return the same.
ADDS_ITS_OWN = {"profile.save", "profile.update", "contacts.add", "contacts.importing"}


def _outcome(call: Call, store: Store, ids: dict[str, int]) -> tuple[str, str]:
    """What a call did; in an error message, the ids it was given are written as <id>."""
    try:
        result = call(store, ids)
    except CoffeeChatError as exc:
        shown = str(exc)
        for value in ids.values():
            shown = re.sub(rf"\b{value}\b", "<id>", shown)
        return type(exc).__name__, shown
    return "returned", repr(result)


def _tables(store: Store) -> dict[str, Any]:
    return backup_document(store)["tables"]  # type: ignore[no-any-return]


@pytest.fixture
def pair(store: Store) -> Iterator[tuple[Store, Store]]:
    """The local account and a signed-in account on the same database."""
    account = accounts.sign_in(store, ISSUER, "bravo-subject", "bravo@example.test")
    yield store, accounts.store_for(store, account)


def test_every_repository_method_is_walked() -> None:
    public = {f"{name}.{method}" for name, cls in REPOSITORIES.items()
              for method, _ in inspect.getmembers(cls, inspect.isfunction)
              if not method.startswith("_")}
    assert public == set(CALLS)


def test_no_method_crosses_accounts(pair: tuple[Store, Store]) -> None:
    alpha, bravo = pair
    ids = fill(alpha, "Alpha")
    before = _tables(alpha)
    assert bravo.is_empty() and not alpha.is_empty()
    assert bravo.journey_counts() == (0, 0, 0, 0, 0)
    assert alpha.journey_counts() != (0, 0, 0, 0, 0)
    fill(bravo, "Bravo")
    missing = dict.fromkeys(ids, MISSING)
    for name, call in CALLS.items():
        with_theirs = _outcome(call, bravo, ids)
        assert "Alpha" not in with_theirs[1], name
        if name not in ADDS_ITS_OWN:
            assert with_theirs == _outcome(call, bravo, missing), name
    assert _tables(alpha) == before
    assert "Alpha" not in json.dumps(_tables(bravo))
    assert "Alpha" not in repr(bravo.journey_counts())


def test_every_statement_names_the_owner(pair: tuple[Store, Store]) -> None:
    """Each SQL statement on a learner table filters by (or, inserting, sets) the owner.

    The one exception is the ORM's own UPDATE or DELETE of a row by its primary key,
    which only happens to a row it loaded through an owner-filtered query.
    """
    alpha, bravo = pair
    ids = fill(alpha, "Alpha")
    fill(bravo, "Bravo")
    statements: list[str] = []

    def keep(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(bravo.engine, "before_cursor_execute", keep)
    try:
        for call in CALLS.values():
            _outcome(call, bravo, ids)
        bravo.journey_counts()
        bravo.is_empty()
        backup_document(bravo)
    finally:
        event.remove(bravo.engine, "before_cursor_execute", keep)
    tables = "|".join(USER_TABLES)
    unowned = []
    for sql in statements:
        flat = " ".join(sql.split())
        if not re.search(rf"\b({tables})\b", flat) or "set_config" in flat:
            continue
        by_key = re.fullmatch(rf"(UPDATE ({tables}) SET .* WHERE \2\.id = \S+"
                              rf"|DELETE FROM ({tables}) WHERE \3\.id = \S+)", flat)
        if "owner_id" not in flat and not by_key:
            unowned.append(flat)
    assert statements and not unowned, unowned[:5]


def test_sign_in_opens_an_account_once_and_stamps_each_sign_in(store: Store) -> None:
    first = accounts.sign_in(store, ISSUER, "sub-1", "dana@example.test")
    again = accounts.sign_in(store, ISSUER, "sub-1", "dana.new@example.test")
    other = accounts.sign_in(store, "https://other.example.test", "sub-1", None)
    assert first.id == again.id != other.id
    assert first.id != 1 and again.email == "dana.new@example.test"
    assert again.last_sign_in_at is not None and first.last_sign_in_at is not None
    assert again.last_sign_in_at >= first.last_sign_in_at
    assert store.accounts.by_email("DANA.NEW@example.test").id == first.id
    assert store.accounts.by_email(None).is_local
    with pytest.raises(AccountError, match="no account with the e-mail 'x@example.test'"):
        store.accounts.by_email("x@example.test")
    with pytest.raises(ConflictError, match="'local'"):
        accounts.sign_in(store, "local", "local", None)
    with pytest.raises(ConflictError, match="no subject"):
        accounts.sign_in(store, ISSUER, "  ", None)


def test_deleting_an_account_erases_its_rows_only(pair: tuple[Store, Store]) -> None:
    alpha, bravo = pair
    fill(alpha, "Alpha")
    fill(bravo, "Bravo")
    kept = _tables(alpha)
    erased = alpha.accounts.delete(bravo.scope.account_id)
    assert erased["contacts"] == 2 and erased["notes"] == 1 and erased["profile"] == 1
    assert _tables(alpha) == kept
    assert bravo.is_empty()
    with pytest.raises(AccountError):
        alpha.accounts.get(bravo.scope.account_id)
    summaries = alpha.accounts.summaries()
    assert [s.account.id for s in summaries] == [1]
    assert summaries[0].counts["contacts"] == 2


def test_a_backup_restores_into_an_empty_account_beside_others(
        pair: tuple[Store, Store]) -> None:
    alpha, bravo = pair
    fill(alpha, "Alpha")
    fill(bravo, "Bravo")
    doc = backup_document(bravo)
    assert "Alpha" not in json.dumps(doc)
    third = alpha.for_account(
        accounts.sign_in(alpha, ISSUER, "charlie", "charlie@example.test").id)
    counts = restore(third, parse_backup(json.dumps(doc)))
    assert counts["contacts"] == 2 and counts["draft_details"] == 1
    copy = _tables(third)
    original = doc["tables"]
    for name in original:
        assert len(copy[name]) == len(original[name]), name
    # New ids, the same records: references follow their rows.
    dana = next(c for c in third.contacts.list() if c.name == "Bravo Dana")
    (conv,) = third.conversations.list(contact_id=dana.id)
    assert conv.goal == "Bravo goal"
    assert [n.text for n in third.notes.list(conversation_id=conv.id)] == ["Bravo note"]
    assert third.messages.draft_details(dana.id, conv.id) == {"topic": "Bravo detail"}
    assert third.profile.get().name == "Bravo learner"
    assert _tables(bravo)["contacts"] == original["contacts"]
    with pytest.raises(CoffeeChatError, match="already has data"):
        restore(third, parse_backup(json.dumps(doc)))


# --------------------------------------------------------------------- migration


def test_0010_gives_every_existing_row_to_the_local_account(db_url: str) -> None:
    from coffeechat.store.engine import create_store_engine, migrate

    engine = create_store_engine(db_url)
    try:
        migrate(engine, "0008")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO profile (id, name, weekly_study_hours, networking_share, "
                "channels, linkedin_plan) VALUES (1, 'Zoë', 10, 20, '[]', 'free')"))
            for i in (1, 2, 3):
                conn.execute(text(
                    "INSERT INTO contacts (id, name, tags, tier, archived, source, created_at, "
                    "updated_at, search_key) VALUES (:i, :name, '[]', 'close', false, "
                    "'manual', '2025-01-01 10:00:00', '2025-01-01 10:00:00', :key)"),
                    {"i": i, "name": f"Dana {i}", "key": f"dana {i}"})
            conn.execute(text(
                "INSERT INTO conversations (id, contact_id, format, budget_minutes, status, "
                "plan, created_at, updated_at) VALUES (1, 1, 'coffee', 20, 'held', '[]', "
                "'2025-01-02 10:00:00', '2025-01-02 10:00:00')"))
            conn.execute(text(
                "INSERT INTO notes (id, contact_id, conversation_id, kind, text, created_at) "
                "VALUES (1, 1, 1, 'note', 'Bootcamp first', '2025-01-02 11:00:00')"))
            conn.execute(text(
                "INSERT INTO followups (id, contact_id, conversation_id, kind, due_on, text, "
                "created_at, updated_at) VALUES (1, 1, 1, 'thank_you', '2025-01-03', "
                "'Thank Dana', '2025-01-02 10:00:00', '2025-01-02 10:00:00')"))
            conn.execute(text(
                "INSERT INTO activities (id, day, kind, minutes, contact_id) "
                "VALUES (1, '2025-01-02', 'chat', 30, 1)"))
            conn.execute(text(
                "INSERT INTO sent_messages (id, contact_id, conversation_id, channel, purpose, "
                "text, sent_at) VALUES (1, 1, 1, 'email', 'thank_you', 'Thanks!', "
                "'2025-01-02 12:00:00')"))
            conn.execute(text(
                "INSERT INTO drafts (id, contact_id, conversation_id, channel, purpose, text, "
                "based_on, updated_at) VALUES (1, 2, NULL, 'email', 'interview_request', "
                "'Hi Dana 2', 'Hi', '2025-01-02 12:00:00')"))
            conn.execute(text(
                "INSERT INTO draft_details (id, contact_id, conversation_id, field, value, "
                "updated_at) VALUES (1, 2, NULL, 'topic', 'testing', '2025-01-02 12:00:00')"))
            if conn.dialect.name == "postgresql":
                # As a restore at 0008 left them: each sequence past the ids it inserted.
                for table in USER_TABLES:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', "
                                      f"'id'), (SELECT MAX(id) FROM {table}))"))
        migrate(engine)
        with engine.connect() as conn:
            local = conn.execute(text("SELECT id, issuer FROM accounts")).all()
        assert [tuple(r) for r in local] == [(1, "local")]
    finally:
        engine.dispose()
    store = Store(db_url)
    try:
        counts = {s.account.id: s.counts for s in store.accounts.summaries()}
        assert counts == {1: {"profile": 1, "contacts": 3, "conversations": 1, "notes": 1,
                              "followups": 1, "activities": 1, "sent_messages": 1,
                              "drafts": 1, "draft_details": 1}}
        assert store.profile.get().name == "Zoë"
        assert [n.text for n in store.notes.list(conversation_id=1)] == ["Bootcamp first"]
        assert store.messages.draft_details(2, None) == {"topic": "testing"}
        assert store.contacts.count(search="dana 3") == 1
        # New rows get new ids and the local owner; other accounts start empty.
        assert store.contacts.add({"name": "Ali"}).id == 4
        assert store.profile.save({"name": "Zoë K"}).name == "Zoë K"
        other = store.for_account(accounts.sign_in(store, ISSUER, "s", None).id)
        assert other.is_empty() and other.profile.get().name is None
        other.profile.save({"name": "Other"})
        assert store.profile.get().name == "Zoë K"
    finally:
        store.dispose()


# --------------------------------------------------------------------- CLI


def _cli(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_cli_user_option_and_users_commands(db_url: str, tmp_path: Path) -> None:
    store = Store(db_url)
    try:
        fill(store, "Alpha")
        bravo = accounts.store_for(store, accounts.sign_in(store, ISSUER, "b",
                                                           "bravo@example.test"))
        fill(bravo, "Bravo")
        accounts.sign_in(store, ISSUER, "c", "charlie@example.test")
    finally:
        store.dispose()
    db = ["--db", db_url]

    listed = _cli("contacts", "list", "--json", *db, "--user", "bravo@example.test")
    assert listed.exit_code == 0, listed.output
    assert [c["name"] for c in json.loads(listed.output)] == ["Bravo Dana"]
    by_env = _cli("contacts", "list", "--json", *db, env={"COFFEECHAT_USER": "bravo@example.test"})
    assert by_env.output == listed.output
    local = _cli("contacts", "list", "--json", *db)
    assert [c["name"] for c in json.loads(local.output)] == ["Alpha Dana"]
    bravo_contact = json.loads(listed.output)[0]["id"]
    crossed = _cli("contacts", "archive", str(bravo_contact), *db)
    assert crossed.exit_code == 1
    assert crossed.output.strip() == f"Error: There is no contact with id {bravo_contact}."

    unknown = _cli("contacts", "list", *db, "--user", "nobody@example.test")
    assert unknown.exit_code == 2 and "no account with the e-mail" in unknown.output
    assert "Traceback" not in unknown.output

    users = _cli("users", "list", "--json", *db)
    rows = {r["email"]: r for r in json.loads(users.output)}
    assert rows[None]["issuer"] == "local" and rows[None]["counts"]["contacts"] == 2
    assert rows["bravo@example.test"]["counts"]["notes"] == 1
    assert rows["charlie@example.test"]["counts"]["contacts"] == 0
    table = _cli("users", "list", *db)
    assert "bravo@example.test" in table.output and "(local)" in table.output

    out = tmp_path / "bravo.json"
    exported = _cli("users", "export", "bravo@example.test", "-o", str(out), *db)
    assert exported.exit_code == 0, exported.output
    assert "bravo@example.test" not in exported.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [c["name"] for c in doc["tables"]["contacts"]] == ["Bravo Dana", "Bravo Archived"]

    restored = _cli("restore", str(out), *db, "--user", "charlie@example.test")
    assert restored.exit_code == 0, restored.output
    again = _cli("restore", str(out), *db, "--user", "charlie@example.test")
    assert again.exit_code == 1 and "already has data" in again.output

    kept = CliRunner().invoke(main, ["users", "delete", "bravo@example.test", *db], input="n\n")
    assert kept.exit_code == 1 and "Erase account" in kept.output
    deleted = _cli("users", "delete", "bravo@example.test", "--yes", *db)
    assert deleted.exit_code == 0, deleted.output
    after = {r["email"]: r for r in json.loads(_cli("users", "list", "--json", *db).output)}
    assert "bravo@example.test" not in after
    assert after["charlie@example.test"]["counts"] == rows["bravo@example.test"]["counts"]
    assert after[None]["counts"] == rows[None]["counts"]
