"""The store, on SQLite and on a real PostgreSQL server (same tests, both backends)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from coffeechat.errors import ConflictError, InvalidInputError, NotFoundError
from coffeechat.models import FollowUpKind, Status
from coffeechat.store import Store
from coffeechat.store.tables import (
    ActivityRow,
    ConversationRow,
    FollowUpRow,
    NoteRow,
    SentMessageRow,
)

# A Wednesday, so business-day arithmetic crosses a weekend.
WED = datetime(2026, 11, 25, 10, 0)


def add_dana(store: Store, **extra: object) -> int:
    return store.contacts.add({"name": "Dana Park", "company": "Acme", "title": "Staff engineer",
                              "common_ground": "Both self-taught", **extra}).id


def open_followups(store: Store, contact_id: int) -> dict[FollowUpKind, date]:
    return {f.kind: f.due_on for f in store.followups.list(contact_id=contact_id)}


# ------------------------------------------------------------------- profile


def test_profile_round_trip(store: Store) -> None:
    assert store.profile.get().name is None
    saved = store.profile.save({
        "name": "Zoë Łukasiewicz", "pitch_who": "I'm a former nurse", "target_role": "backend",
        "weekly_study_hours": 12, "networking_share": 25, "places": ["meetups", "discord"],
        "linkedin_plan": "premium",
    })
    assert saved.name == "Zoë Łukasiewicz"
    assert saved.weekly_networking_minutes == 180
    again = store.profile.update(pitch_where="a backend job in 12 months")
    assert again.pitch_who == "I'm a former nurse"
    assert again.places == ["meetups", "discord"]


def test_profile_rejects_bad_values_by_field(store: Store) -> None:
    with pytest.raises(InvalidInputError) as exc:
        store.profile.save({"networking_share": 140, "places": ["a", "b", "c"]})
    fields = exc.value.by_field()
    assert fields["networking_share"] == (
        "Networking share must be between 0 and 100 (you have 140)."
    )
    assert fields["places"] == "Places to network can have at most 2 entries (you have 3)."


# ------------------------------------------------------------------ contacts


def test_contact_crud_and_search(store: Store) -> None:
    dana = add_dana(store, tags=["python", "mentor-ish"])
    store.contacts.add({"name": "Nguyễn Thị Minh", "company": "Beta 100%_Co", "tier": "close"})
    store.contacts.add({"name": "Ali", "common_ground": "Both went to CodeBar"})
    assert [c.name for c in store.contacts.list()] == ["Ali", "Dana Park", "Nguyễn Thị Minh"]
    assert [c.name for c in store.contacts.list(search="codebar")] == ["Ali"]
    assert [c.name for c in store.contacts.list(search="100%_")] == ["Nguyễn Thị Minh"]
    assert [c.name for c in store.contacts.list(search="%")] == ["Nguyễn Thị Minh"]
    assert [c.name for c in store.contacts.list(tier="close")] == ["Nguyễn Thị Minh"]
    assert [c.name for c in store.contacts.list(tag="python")] == ["Dana Park"]
    assert store.contacts.count(search="a") == 3
    updated = store.contacts.update(dana, {"name": "Dana Park", "company": "Globex"})
    assert updated.company == "Globex" and updated.title is None


def test_a_tag_with_accents_or_quotes_is_found_by_its_own_spelling(store: Store) -> None:
    store.contacts.add({"name": "Inès", "tags": ["Café", "日本語", 'say "hi"', "a\\b"]})
    store.contacts.add({"name": "Bo", "tags": ["cafe", "café au lait"]})
    for tag in ("Café", "café", " café ", "日本語", 'say "hi"', "a\\b"):
        assert [c.name for c in store.contacts.list(tag=tag)] == ["Inès"], tag
        assert store.contacts.count(tag=tag) == 1, tag
    assert [c.name for c in store.contacts.list(tag="CAFE")] == ["Bo"]
    assert store.contacts.list(tag="caf") == []


def test_contact_defaults_cadence_by_tier(store: Store) -> None:
    close = store.contacts.add({"name": "A", "tier": "close"})
    custom = store.contacts.add({"name": "B", "tier": "close", "cadence_days": 14})
    assert close.cadence == 30 and custom.cadence == 14


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": "   "}, "name", "Name can't be empty."),
        ({"name": "A", "cadence_days": 0}, "cadence_days",
         "Days between check-ins must be between 1 and 730 (you have 0)."),
        ({"name": "A", "connected_on": "2024-02-30"}, "connected_on",
         "Connected on needs a real date, like 2024-03-15 (you have '2024-02-30')."),
        ({"name": "A" * 121}, "name", "Name can be at most 120 characters (you have 121)."),
        ({"name": "A", "common_ground": "x" * 2001}, "common_ground",
         "What you have in common can be at most 2000 characters (you have 2001)."),
        ({"name": "A", "email": "not-an-email"}, "email",
         "Email doesn't look like an email address (check for a typo, or leave it empty)."),
        ({"name": "A", "profile_url": "my profile"}, "profile_url",
         "Profile address needs to be a full web address, starting with https://."),
        ({"name": "A", "tier": "bestie"}, "tier",
         "How close you are must be 'close', 'regular' or 'acquaintance'."),
        # The fields that showed no message at all before: each names itself and its limit.
        ({"name": "A", "title": "t" * 201}, "title",
         "Job title can be at most 200 characters (you have 201)."),
        ({"name": "A", "company": "c" * 240}, "company",
         "Company can be at most 200 characters (you have 240)."),
        ({"name": "A", "location": "l" * 201}, "location",
         "Location can be at most 200 characters (you have 201)."),
        ({"name": "A", "met_at": "m" * 201}, "met_at",
         "Where you met can be at most 200 characters (you have 201)."),
        ({"name": "A", "met_how": "h" * 201}, "met_how",
         "How you met can be at most 200 characters (you have 201)."),
        ({"name": "A", "tags": "ok, " + "x" * 41}, "tags",
         "Tags can be at most 40 characters each (“xxxxxxxxxxxxxxxxxxxx…” has 41)."),
        ({"name": "A", "tags": ",".join(f"t{i}" for i in range(25))}, "tags",
         "Tags can have at most 20 entries (you have 25)."),
    ],
)
def test_bad_contact_values_name_the_field(store: Store, values: dict[str, object], field: str,
                                           message: str) -> None:
    with pytest.raises(InvalidInputError) as exc:
        store.contacts.add(values)
    assert exc.value.by_field()[field] == message
    assert store.contacts.count(archived=None) == 0


def test_archive_restore_and_hard_delete_leave_no_orphans(store: Store) -> None:
    dana = add_dana(store)
    conv = store.conversations.add({"contact_id": dana, "plan": ["core.path"]})
    store.notes.add({"conversation_id": conv.id, "question_id": "core.path", "text": "Bootcamp"})
    store.notes.add({"contact_id": dana, "text": "Likes climbing"})
    store.messages.record_sent({"contact_id": dana, "conversation_id": conv.id, "channel": "email",
                       "purpose": "interview_request", "text": "Hi Dana"})
    store.conversations.set_status(conv.id, "held")
    other = store.contacts.add({"name": "Other"}).id
    store.activities.log({"day": date.today(), "minutes": 30, "contact_id": other})

    store.contacts.archive(dana)
    assert [c.name for c in store.contacts.list()] == ["Other"]
    assert [c.name for c in store.contacts.list(archived=True)] == ["Dana Park"]
    assert store.notes.list(contact_id=dana), "archiving keeps everything"
    store.contacts.archive(dana, archived=False)
    assert store.contacts.count() == 2

    store.contacts.delete_permanently(dana)
    with pytest.raises(NotFoundError):
        store.contacts.get(dana)
    with store._db.reading() as s:
        for table in (ConversationRow, NoteRow, FollowUpRow, ActivityRow, SentMessageRow):
            rows = s.scalar(select(func.count()).select_from(table)
                            .where(table.contact_id == dana))
            assert rows == 0, table.__tablename__
        assert s.scalar(select(func.count()).select_from(ActivityRow)) == 1


def test_missing_records_are_clear_errors(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no contact with id 99"):
        store.contacts.get(99)
    with pytest.raises(NotFoundError):
        store.conversations.add({"contact_id": 99})
    with pytest.raises(NotFoundError):
        store.followups.complete(5)


# ------------------------------------------------------------ conversations


def test_plan_is_saved_in_order(store: Store) -> None:
    conv = store.conversations.add({"contact_id": add_dana(store), "budget_minutes": 25})
    store.conversations.save_plan(conv.id, ["core.path", "core.advice", "core.who-else"])
    assert store.conversations.get(conv.id).plan == ["core.path", "core.advice", "core.who-else"]
    with pytest.raises(InvalidInputError):
        store.conversations.update(conv.id, budget_minutes=1)


def test_notes_on_questions_conversations_and_contacts(store: Store) -> None:
    dana = add_dana(store)
    conv = store.conversations.add({"contact_id": dana})
    store.notes.add({"conversation_id": conv.id, "question_id": "core.path", "text": "Bootcamp"})
    store.notes.add({"conversation_id": conv.id, "kind": "intro", "text": "Will intro me to Sam"})
    store.notes.add({"contact_id": dana, "kind": "resource", "text": "The Missing Semester"})
    assert len(store.notes.list(conversation_id=conv.id)) == 2
    assert len(store.notes.list(contact_id=dana)) == 3
    with pytest.raises(InvalidInputError):
        store.notes.add({"contact_id": dana, "text": " "})
    with pytest.raises(ValueError):
        store.notes.add({"text": "floating"})


# ----------------------------------------------------------- cadence rules


def test_request_starts_3b7_and_a_reply_cancels_it(store: Store) -> None:
    dana = add_dana(store)
    conv = store.conversations.add({"contact_id": dana})
    store.messages.record_sent({"contact_id": dana, "conversation_id": conv.id, "channel": "email",
                       "purpose": "interview_request", "text": "Hi", "sent_at": WED})
    due = open_followups(store, dana)
    # Wednesday + 3 business days = Monday; + 7 = Friday of the following week.
    assert due[FollowUpKind.NO_REPLY_CHECK] == date(2026, 11, 30)
    assert due[FollowUpKind.FOLLOW_UP] == date(2026, 12, 4)
    assert store.conversations.get(conv.id).status == Status.REQUESTED
    store.messages.record_reply(dana, conversation_id=conv.id, at=WED + timedelta(days=1))
    due = open_followups(store, dana)
    assert FollowUpKind.NO_REPLY_CHECK not in due and FollowUpKind.FOLLOW_UP not in due


def test_scheduling_cancels_the_no_reply_reminders(store: Store) -> None:
    dana = add_dana(store)
    conv = store.conversations.add({"contact_id": dana})
    store.conversations.set_status(conv.id, "requested", at=WED)
    assert FollowUpKind.FOLLOW_UP in open_followups(store, dana)
    store.conversations.set_status(conv.id, "scheduled", at=WED + timedelta(days=2))
    assert FollowUpKind.FOLLOW_UP not in open_followups(store, dana)


def test_held_schedules_thank_you_and_thanking_closes_it(store: Store) -> None:
    dana = add_dana(store)
    conv = store.conversations.add({"contact_id": dana, "budget_minutes": 30})
    store.conversations.set_status(conv.id, "held", at=WED)
    due = open_followups(store, dana)
    assert due[FollowUpKind.THANK_YOU] == date(2026, 11, 26)
    assert due[FollowUpKind.KEEP_IN_TOUCH] == WED.date() + timedelta(days=90)
    assert store.activities.minutes_by_day(WED.date(), WED.date()) == {WED.date(): 30}
    agenda = store.followups.agenda(date(2026, 11, 26))
    assert [v.followup.kind for v in agenda.today] == [FollowUpKind.THANK_YOU]
    assert agenda.today[0].contact_name == "Dana Park"

    store.messages.record_sent({"contact_id": dana, "conversation_id": conv.id, "channel": "email",
                       "purpose": "thank_you", "text": "Thanks!",
                       "sent_at": WED + timedelta(hours=20)})
    assert store.conversations.get(conv.id).status == Status.THANKED
    due = open_followups(store, dana)
    assert FollowUpKind.THANK_YOU not in due
    assert due[FollowUpKind.REPORT_BACK] == date(2026, 12, 10)


def test_keep_in_touch_resets_on_any_interaction_and_keeps_its_id(store: Store) -> None:
    dana = add_dana(store, tier="close")
    store.activities.log({"day": date(2026, 1, 1), "kind": "meetup", "minutes": 60,
                        "contact_id": dana})
    first = store.followups.list(contact_id=dana)
    assert [(f.kind, f.due_on) for f in first] == [(FollowUpKind.KEEP_IN_TOUCH,
                                                     date(2026, 1, 31))]
    store.activities.log({"day": date(2026, 1, 20), "kind": "message", "contact_id": dana})
    second = store.followups.list(contact_id=dana)
    assert [(f.id, f.due_on) for f in second] == [(first[0].id, date(2026, 2, 19))]
    # Changing the cadence moves the date too.
    store.contacts.update(dana, {"name": "Dana Park", "tier": "close", "cadence_days": 7})
    assert store.followups.list(contact_id=dana)[0].due_on == date(2026, 1, 27)


def test_agenda_and_gone_quiet(store: Store) -> None:
    dana = add_dana(store, tier="close")
    sam = store.contacts.add({"name": "Sam Lee"}).id
    today = date(2026, 11, 26)
    store.followups.add({"contact_id": dana, "due_on": today - timedelta(days=2), "text": "Old"})
    store.followups.add({"contact_id": dana, "due_on": today, "text": "Now"})
    store.followups.add({"contact_id": sam, "due_on": today + timedelta(days=3), "text": "Soon"})
    store.followups.add({"contact_id": sam, "due_on": today + timedelta(days=30), "text": "Far"})
    agenda = store.followups.agenda(today)
    assert [v.followup.text for v in agenda.overdue] == ["Old"]
    assert [v.followup.text for v in agenda.today] == ["Now"]
    assert [v.followup.text for v in agenda.week] == ["Soon"]

    store.activities.log({"day": today - timedelta(days=45), "contact_id": dana})
    store.activities.log({"day": today - timedelta(days=45), "contact_id": sam})
    quiet = store.contacts.gone_quiet(today)
    assert [(q.contact.name, q.days_quiet) for q in quiet] == [("Dana Park", 45)]


def test_gone_quiet_looks_past_contacts_whose_own_cadence_is_not_up(store: Store) -> None:
    today = date(2026, 11, 26)
    stamp = datetime(2026, 1, 1)
    # The longest quiet first: 150 with a yearly cadence of their own (not due yet), then
    # two on the default cadence who are. More than one read's worth must be skipped.
    rows = [{"name": f"Yearly {i:03}", "tags": [], "tier": "regular", "archived": False,
             "source": "manual", "cadence_days": 365, "created_at": stamp,
             "updated_at": stamp, "last_interaction_on": today - timedelta(days=300 - i)}
            for i in range(150)]
    rows += [{"name": name, "tags": [], "tier": "regular", "archived": False,
              "source": "manual", "cadence_days": None, "created_at": stamp,
              "updated_at": stamp, "last_interaction_on": today - timedelta(days=days)}
             for name, days in (("Dana Park", 120), ("Sam Lee", 100))]
    with store.contacts.importing() as batch:
        batch.insert(rows)
    quiet = store.contacts.gone_quiet(today, limit=10)
    assert [(q.contact.name, q.days_quiet) for q in quiet] == [("Dana Park", 120),
                                                               ("Sam Lee", 100)]
    assert [q.contact.name for q in store.contacts.gone_quiet(today, limit=1)] == ["Dana Park"]


def test_done_and_snoozed_followups(store: Store) -> None:
    dana = add_dana(store)
    f = store.followups.add({"contact_id": dana, "due_on": date.today() - timedelta(days=3),
                            "text": "Send the article"})
    snoozed = store.followups.snooze(f.id, 2)
    assert snoozed.due_on == date.today() + timedelta(days=2)
    done = store.followups.complete(f.id)
    assert done.done_at is not None and not done.is_open
    assert store.followups.list(contact_id=dana) == []
    with pytest.raises(ValueError):
        store.followups.snooze(f.id, 0)


def test_status_counts_for_the_funnel(store: Store) -> None:
    dana = add_dana(store)
    for status in ("idea", "idea", "requested"):
        conv = store.conversations.add({"contact_id": dana})
        store.conversations.set_status(conv.id, status)
    counts = store.conversations.status_counts()
    assert counts[Status.IDEA] == 2 and counts[Status.REQUESTED] == 1
    assert counts[Status.HELD] == 0


def test_a_failed_write_changes_nothing(store: Store) -> None:
    dana = add_dana(store)
    conv = store.conversations.add({"contact_id": dana})
    other = store.contacts.add({"name": "Other"}).id
    with pytest.raises(ConflictError):
        store.messages.record_sent({"contact_id": other, "conversation_id": conv.id,
                                    "channel": "email", "purpose": "interview_request",
                                    "text": "Hi"})
    assert store.messages.list_sent() == []
    assert store.activities.list() == []


def test_tags_from_a_form_field(store: Store) -> None:
    assert store.contacts.add({"name": "A", "tags": ""}).tags == []
    assert store.contacts.add({"name": "B", "tags": " python , ,meetup,python"}).tags == [
        "python", "meetup"]


def test_drafts_are_kept_per_contact_conversation_channel_and_purpose(store: Store) -> None:
    dana = add_dana(store)
    conv = store.conversations.add({"contact_id": dana})
    key = (dana, conv.id, "email", "interview_request")
    assert store.messages.get_draft(*key) is None
    store.messages.save_draft({"contact_id": dana, "conversation_id": conv.id, "channel": "email",
                      "purpose": "interview_request", "text": "Hi Dana, edited",
                      "based_on": "Hi Dana"})
    store.messages.save_draft({"contact_id": dana, "conversation_id": conv.id, "channel": "email",
                      "purpose": "interview_request", "text": "Hi Dana, edited twice",
                      "based_on": "Hi Dana"})
    store.messages.save_draft({"contact_id": dana, "conversation_id": None, "channel": "email",
                      "purpose": "interview_request", "text": "Other", "based_on": "x"})
    saved = store.messages.get_draft(*key)
    assert saved is not None and saved.text == "Hi Dana, edited twice"
    assert store.messages.get_draft(dana, None, "email", "interview_request").text == "Other"  # type: ignore[union-attr]
    store.messages.delete_draft(*key)
    assert store.messages.get_draft(*key) is None
    store.contacts.delete_permanently(dana)
    assert store.messages.get_draft(dana, None, "email", "interview_request") is None


def test_what_to_call_them_drives_greetings(store: Store) -> None:
    minh = store.contacts.add({"name": "Nguyễn Thị Minh", "call_them": "Minh"})
    plain = store.contacts.add({"name": "Dana Park"})
    assert minh.first_name == "Minh" and plain.first_name == "Dana"
    conv = store.conversations.add({"contact_id": minh.id})
    store.conversations.set_status(conv.id, "held")
    assert any(f.text.startswith("Thank Minh") for f in store.followups.list())


def test_closing_cancels_reminders_and_reopening_repeats_nothing(store: Store) -> None:
    dana = add_dana(store)
    conv = store.conversations.add({"contact_id": dana})
    store.conversations.set_status(conv.id, "held", at=WED)
    store.conversations.set_status(conv.id, "closed", at=WED)
    assert FollowUpKind.THANK_YOU not in open_followups(store, dana)
    before = len(store.activities.list())
    store.conversations.set_status(conv.id, "held", at=WED + timedelta(days=1))
    assert store.conversations.get(conv.id).status == Status.HELD
    assert len(store.activities.list()) == before
    assert FollowUpKind.THANK_YOU not in open_followups(store, dana)


def test_pasted_addresses_without_https_are_completed(store: Store) -> None:
    a = store.contacts.add({"name": "A", "profile_url": "www.linkedin.com/in/a"})
    b = store.contacts.add({"name": "B", "profile_url": " linkedin.com/in/b "})
    assert a.profile_url == "https://www.linkedin.com/in/a"
    assert b.profile_url == "https://linkedin.com/in/b"
