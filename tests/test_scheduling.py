"""Proposed and agreed chat times, early "held", and the Follow-ups lists (both databases)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from coffeechat import cadence
from coffeechat.models import ConversationIn, FollowUpKind, Status
from coffeechat.store import FollowUpList, Store
from coffeechat.store.backup import backup_document, parse_backup, restore
from coffeechat.store.engine import _alembic_config, create_store_engine, migrate
from coffeechat.store.tables import Base, FollowUpRow

WED = datetime(2026, 11, 25, 10, 0)


def open_kinds(store: Store, contact_id: int) -> dict[FollowUpKind, date]:
    return {f.kind: f.due_on for f in store.followups.list(contact_id=contact_id)}


# ------------------------------------------------------------- proposed vs agreed


def test_a_proposed_time_schedules_nothing_and_keeps_the_no_reply_reminders(
        store: Store) -> None:
    dana = store.contacts.add({"name": "Dana Park"}).id
    proposed = WED + timedelta(days=9)
    conv = store.conversations.add({"contact_id": dana, "proposed_at": proposed})
    assert conv.status == Status.IDEA and conv.scheduled_at is None
    store.conversations.set_status(conv.id, "requested", at=WED)
    # Changing the proposal later (the plan page saves it as it is typed) is no agreement.
    store.conversations.update(conv.id, proposed_at=proposed + timedelta(hours=3))
    again = store.conversations.get(conv.id)
    assert again.status == Status.REQUESTED and again.scheduled_at is None
    assert {FollowUpKind.NO_REPLY_CHECK, FollowUpKind.FOLLOW_UP} <= set(open_kinds(store, dana))


def test_agreeing_keeps_the_proposed_time_and_cancels_the_no_reply_reminders(
        store: Store) -> None:
    dana = store.contacts.add({"name": "Dana Park"}).id
    proposed = WED + timedelta(days=9, hours=4)
    conv = store.conversations.add({"contact_id": dana, "proposed_at": proposed})
    store.conversations.set_status(conv.id, "requested", at=WED)
    # "They said yes: scheduled" on the notes page moves the status only.
    agreed = store.conversations.set_status(conv.id, "scheduled", at=WED + timedelta(days=1))
    assert agreed.status == Status.SCHEDULED and agreed.scheduled_at == proposed
    assert agreed.proposed_at == proposed
    kinds = open_kinds(store, dana)
    assert FollowUpKind.NO_REPLY_CHECK not in kinds and FollowUpKind.FOLLOW_UP not in kinds


def test_schedule_with_a_different_agreed_time(store: Store) -> None:
    dana = store.contacts.add({"name": "Dana Park"}).id
    conv = store.conversations.add({"contact_id": dana, "proposed_at": WED})
    store.conversations.set_status(conv.id, "requested", at=WED)
    moved = WED + timedelta(days=2, hours=5)
    done = store.conversations.schedule(conv.id, moved, at=WED + timedelta(days=1))
    assert done.status == Status.SCHEDULED
    assert done.scheduled_at == moved and done.proposed_at == WED
    assert FollowUpKind.FOLLOW_UP not in open_kinds(store, dana)
    # Without a time at all, scheduling still works: the chat is agreed, date to follow.
    bare = store.conversations.add({"contact_id": dana})
    assert store.conversations.schedule(bare.id).scheduled_at is None
    assert store.conversations.get(bare.id).status == Status.SCHEDULED


@pytest.mark.parametrize(
    ("status", "scheduled", "proposed", "asks"),
    [
        (Status.SCHEDULED, datetime(2026, 12, 3, 14), None, "scheduled for Thu 03 Dec"),
        (Status.IDEA, None, datetime(2026, 12, 3), "planned for Thu 03 Dec"),
        (Status.REQUESTED, datetime(2026, 12, 3), datetime(2026, 11, 20), "scheduled for"),
        # The day has come (a chat this afternoon may have been this morning), or passed.
        (Status.SCHEDULED, datetime(2026, 11, 25, 18), None, None),
        (Status.SCHEDULED, datetime(2026, 11, 20), None, None),
        (Status.IDEA, None, None, None),
        # Already held or further on: nothing to confirm.
        (Status.HELD, datetime(2026, 12, 3), None, None),
        (Status.CLOSED, datetime(2026, 12, 3), None, None),
    ],
)
def test_held_before_its_day_needs_confirmation(status: Status, scheduled: datetime | None,
                                                proposed: datetime | None,
                                                asks: str | None) -> None:
    conv = ConversationIn(contact_id=1, status=status, scheduled_at=scheduled,
                          proposed_at=proposed)
    question = cadence.held_needs_confirmation(conv, WED.date())
    if asks is None:
        assert question is None
    else:
        assert question is not None and asks in question and question.endswith("?")


def test_chat_time_combines_a_date_and_an_optional_time() -> None:
    assert cadence.chat_time(None, time(14)) is None
    assert cadence.chat_time(date(2026, 12, 3), None) == datetime(2026, 12, 3)
    assert cadence.chat_time(date(2026, 12, 3), time(14, 30)) == datetime(2026, 12, 3, 14, 30)


# --------------------------------------------------------------- follow-up lists


def test_every_open_followup_is_in_exactly_one_list(store: Store) -> None:
    today = date(2026, 11, 25)
    dana = store.contacts.add({"name": "Dana Park"}).id
    sam = store.contacts.add({"name": "Sam Lee"}).id
    conv = store.conversations.add({"contact_id": dana})
    # The 3B7 routine: the 7-business-day follow-up is 9 days out, beyond this week.
    store.conversations.set_status(conv.id, "requested", at=datetime.combine(today, time(9)))
    # A keep-in-touch check-in months ahead.
    store.activities.log({"day": today, "contact_id": sam, "minutes": 10})
    store.followups.add({"contact_id": sam, "due_on": today - timedelta(days=1), "text": "Late"})
    store.followups.add({"contact_id": sam, "due_on": today, "text": "Now"})
    snoozed = store.followups.add({"contact_id": sam, "due_on": today, "text": "Later, please"})
    store.followups.snooze(snoozed.id, 3)

    def texts(which: FollowUpList) -> list[str]:
        return [v.followup.text for v in store.followups.page(which, today)]

    assert texts(FollowUpList.OVERDUE) == ["Late"]
    assert texts(FollowUpList.TODAY) == ["Now"]
    assert [v.followup.kind for v in store.followups.page(FollowUpList.THIS_WEEK, today)] == [
        FollowUpKind.NO_REPLY_CHECK]
    coming = store.followups.page(FollowUpList.COMING_UP, today)
    assert [(v.followup.kind, v.followup.due_on) for v in coming] == [
        (FollowUpKind.FOLLOW_UP, date(2026, 12, 4)),
        (FollowUpKind.KEEP_IN_TOUCH, today + timedelta(days=90)),
    ]
    assert texts(FollowUpList.SNOOZED) == ["Later, please"]
    counts = store.followups.counts(today)
    assert counts == {FollowUpList.OVERDUE: 1, FollowUpList.TODAY: 1,
                      FollowUpList.THIS_WEEK: 1, FollowUpList.COMING_UP: 2,
                      FollowUpList.SNOOZED: 1}
    assert sum(counts.values()) == len(store.followups.list())

    # Its day comes: a snoozed follow-up is due like any other.
    back = store.followups.get(snoozed.id).due_on
    assert "Later, please" in [
        v.followup.text for v in store.followups.page(FollowUpList.TODAY, back)]
    assert store.followups.counts(back)[FollowUpList.SNOOZED] == 0


def test_followup_lists_page_through_thousands(store: Store) -> None:
    today = date(2026, 11, 25)
    dana = store.contacts.add({"name": "Dana Park"}).id
    archived = store.contacts.add({"name": "Gone", "archived": True}).id
    rows = [{"contact_id": dana, "due_on": today + timedelta(days=8 + i % 300),
             "text": f"Check-in {i}"} for i in range(450)]
    with store._db.writing() as s:
        s.execute(FollowUpRow.__table__.insert(), [{**r, "kind": "custom",
                                                    "created_at": WED} for r in rows])
    store.followups.add({"contact_id": archived, "due_on": today + timedelta(days=30),
                        "text": "Hidden"})
    assert store.followups.counts(today)[FollowUpList.COMING_UP] == 450
    seen: list[int] = []
    for page in range(23):
        chunk = store.followups.page(FollowUpList.COMING_UP, today, limit=20, offset=page * 20)
        seen.extend(v.followup.id for v in chunk)
    assert len(seen) == len(set(seen)) == 450
    dues = [store.followups.get(i).due_on for i in seen[:40]]
    assert dues == sorted(dues)


def test_a_new_interaction_ends_a_keep_in_touch_snooze(store: Store) -> None:
    dana = store.contacts.add({"name": "Dana Park", "tier": "close"}).id
    store.activities.log({"day": date.today() - timedelta(days=40), "contact_id": dana})
    (kit,) = store.followups.list(contact_id=dana)
    store.followups.snooze(kit.id, 7)
    assert store.followups.get(kit.id).snoozed_at is not None
    store.activities.log({"day": date.today(), "contact_id": dana})
    moved = store.followups.get(kit.id)
    assert moved.due_on == date.today() + timedelta(days=30) and moved.snoozed_at is None
    assert store.followups.counts()[FollowUpList.COMING_UP] == 1


def test_backups_keep_the_proposed_time_and_snoozes(store: Store, sqlite_url: str) -> None:
    dana = store.contacts.add({"name": "Dana Park"}).id
    conv = store.conversations.add({"contact_id": dana, "proposed_at": WED})
    f = store.followups.add({"contact_id": dana, "due_on": date.today(), "text": "Say hi"})
    store.followups.snooze(f.id, 3)
    doc = backup_document(store)
    assert doc["tables"]["conversations"][0]["proposed_at"] == WED.isoformat()
    assert doc["tables"]["followups"][0]["snoozed_at"] is not None
    other = Store(f"{sqlite_url}.restored")
    try:
        restore(other, parse_backup(json.dumps(doc)))
        assert other.conversations.get(conv.id).proposed_at == WED
        assert other.followups.get(f.id).snoozed_at == store.followups.get(f.id).snoozed_at
    finally:
        other.dispose()


# --------------------------------------------------------------------- migration


def test_0008_keeps_every_row_and_adds_empty_columns(db_url: str) -> None:
    script = ScriptDirectory.from_config(_alembic_config())
    before = script.get_revision("0008").down_revision
    assert isinstance(before, str)
    engine = create_store_engine(db_url)
    try:
        migrate(engine, before)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO contacts (id, name, tags, tier, archived, source, created_at, "
                "updated_at) VALUES (1, 'Dana', '[]', 'close', false, 'manual', "
                "'2025-01-01 10:00:00', '2025-01-01 10:00:00')"))
            conn.execute(text(
                "INSERT INTO conversations (id, contact_id, format, scheduled_at, "
                "budget_minutes, status, plan, created_at, updated_at) VALUES (1, 1, 'coffee',"
                " '2025-02-01 14:00:00', 20, 'scheduled', '[\"core.path\"]', "
                "'2025-01-02 10:00:00', '2025-01-02 10:00:00')"))
            conn.execute(text(
                "INSERT INTO followups (id, contact_id, conversation_id, kind, due_on, text, "
                "created_at, updated_at) VALUES (1, 1, 1, 'follow_up', '2025-03-01', "
                "'Nudge Dana', '2025-01-02 10:30:00', '2025-01-02 10:30:00')"))
        migrate(engine, "0008")
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == "0008"
    finally:
        engine.dispose()
    store = Store(db_url)
    try:
        conv = store.conversations.get(1)
        assert conv.status == Status.SCHEDULED and conv.plan == ["core.path"]
        assert conv.scheduled_at == datetime(2025, 2, 1, 14) and conv.proposed_at is None
        (f,) = store.followups.list()
        assert (f.text, f.due_on, f.snoozed_at) == ("Nudge Dana", date(2025, 3, 1), None)
        # The migrated schema is the one the tables describe.
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert not [d for d in diff if "proposed_at" in repr(d) or "snoozed_at" in repr(d)]
    finally:
        store.dispose()
