"""Pages through AppTest: messages next to their fields, kept input, follow-up lists,
proposed vs agreed times, an early "held", and the home chart's axis."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from streamlit.testing.v1 import AppTest

from coffeechat.models import FollowUpKind, Status
from coffeechat.store import Store
from tests import test_app
from tests.test_app import app, by_label, ok

db = test_app.db  # the same AppTest database fixture, shared rather than copied

LONG = {
    "Job title": ("t" * 201, "Job title can be at most 200 characters (you have 201)."),
    "Company": ("c" * 240, "Company can be at most 200 characters (you have 240)."),
    "Location": ("l" * 205, "Location can be at most 200 characters (you have 205)."),
    "Where you met": ("m" * 201, "Where you met can be at most 200 characters (you have 201)."),
    "How you met": ("h" * 230, "How you met can be at most 200 characters (you have 230)."),
}
LONG_TAG = "x" * 45
TAG_MESSAGE = "Tags can be at most 40 characters each (“xxxxxxxxxxxxxxxxxxxx…” has 45)."


def message_after(at: AppTest, label: str) -> str:
    """The red message drawn right after the input labelled ``label`` (its own column)."""
    for column in at.columns:
        if any(w.label == label for w in column.text_input):
            return " ".join(str(m.value) for m in column.markdown)
    # Not in a column: the element straight after the input in its block.
    found = False
    for node in _walk(at._tree):
        if found:
            return str(getattr(node, "value", ""))
        found = getattr(node, "label", None) == label and node.type != "column"
    raise AssertionError(f"no input labelled {label!r}")


def _walk(node: Any) -> list[Any]:
    out = []
    for child in getattr(node, "children", {}).values():
        out.append(child)
        out.extend(_walk(child))
    return out


def test_contact_fields_over_their_limit_show_their_message_and_keep_the_input(db: str) -> None:
    at = app("pages/contacts.py")
    by_label(at.text_input, "Name *").input("Dana Park")
    for label, (value, _message) in LONG.items():
        by_label(at.text_input, label).input(value)
    by_label(at.text_input, "Tags").input(f"python, {LONG_TAG}")
    by_label(at.button, "Add contact").click().run()
    ok(at)
    for label, (value, message) in LONG.items():
        assert f":red[{message}]" in message_after(at, label), label
        assert by_label(at.text_input, label).value == value
    assert message_after(at, "Tags") == f":red[{TAG_MESSAGE}]"
    assert by_label(at.text_input, "Tags").value == f"python, {LONG_TAG}"
    assert by_label(at.text_input, "Name *").value == "Dana Park"
    summary = " ".join(str(e.value) for e in at.error)
    assert "Job title, Company, Location, Where you met, How you met, Tags" in summary
    assert "Everything you typed is still here" in summary
    store = Store(db)
    assert store.contacts.count(archived=None) == 0
    store.dispose()

    # Fixing one field keeps the others' messages and values until they are fixed too.
    by_label(at.text_input, "Company").input("Acme")
    by_label(at.button, "Add contact").click().run()
    assert message_after(at, "Company") == ""
    assert LONG["Job title"][1] in message_after(at, "Job title")


def test_the_folded_add_form_is_drawn_once_opened_and_stays_drawn(db: str) -> None:
    test_app.populate(db)
    at = app("pages/contacts.py")
    ok(at)
    # With contacts already there the form starts folded, and is not sent at all.
    assert not any(b.label == "Add contact" for b in at.button)
    at.session_state["add_contact_open"] = True  # the learner opens "Add a contact"
    at.run()
    ok(at)
    assert by_label(at.button, "Add contact")
    # Folded again, it is still drawn: a form that stopped being drawn would drop what
    # was typed in it (the browser keeps unsent form text only while the form is there;
    # tests/e2e/test_typed_text.py types, folds and unfolds in Chromium).
    at.session_state["add_contact_open"] = False
    at.run()
    assert by_label(at.button, "Add contact")
    # A later visit starts folded again (the last visit's inputs are gone by then).
    at.switch_page("pages/export.py").run()
    at.switch_page("pages/contacts.py").run()
    ok(at)
    assert not any(b.label == "Add contact" for b in at.button)
    at.session_state["add_contact_open"] = True
    at.run()
    by_label(at.text_input, "Name *").input("Sam Rivera")
    by_label(at.button, "Add contact").click().run()
    ok(at)
    store = Store(db)
    assert [c.name for c in store.contacts.list(search="Sam Rivera")] == ["Sam Rivera"]
    store.dispose()
    assert by_label(at.text_input, "Name *").value == "", "open and empty for the next one"


def test_editing_a_contact_shows_the_message_and_keeps_the_stored_values(db: str) -> None:
    store = Store(db)
    dana = store.contacts.add({"name": "Dana Park", "company": "Acme"})
    store.dispose()
    at = app("pages/contacts.py", {"contact": str(dana.id)})
    by_label(at.text_input, "Company").input("c" * 240)
    by_label(at.button, "Save changes").click().run()
    ok(at)
    assert LONG["Company"][1] in message_after(at, "Company")
    assert by_label(at.text_input, "Company").value == "c" * 240
    store = Store(db)
    assert store.contacts.get(dana.id).company == "Acme"
    store.dispose()


def test_log_dialog_keeps_the_input_and_shows_the_note_message(db: str) -> None:
    at = app("pages/followups.py")
    by_label(at.button, "Log a chat, message or meetup").click().run()
    note = "n" * 250
    by_label(at.text_input, "Note (optional)").input(note)
    by_label(at.number_input, "Minutes").set_value(45)
    by_label(at.button, "Log it").click().run()
    ok(at)
    assert message_after(at, "Note (optional)") == (
        ":red[Note can be at most 200 characters (you have 250).]")
    assert by_label(at.text_input, "Note (optional)").value == note
    assert by_label(at.number_input, "Minutes").value == 45
    store = Store(db)
    assert store.activities.list() == []

    # Shortened, it saves and the dialog closes.
    by_label(at.text_input, "Note (optional)").input("Pairing session at the meetup")
    by_label(at.button, "Log it").click().run()
    ok(at)
    logged = store.activities.list()
    assert [(a.minutes, a.note) for a in logged] == [(45, "Pairing session at the meetup")]
    assert not [w for w in at.text_input if w.label == "Note (optional)"]
    store.dispose()


def test_followups_lists_what_is_further_out_and_what_is_snoozed(db: str) -> None:
    store = Store(db)
    dana = store.contacts.add({"name": "Dana Park"}).id
    conv = store.conversations.add({"contact_id": dana})
    store.conversations.set_status(conv.id, "requested")  # 3 and 7 business days out
    soon = store.followups.add({"contact_id": dana, "due_on": date.today(), "text": "Say hi"})
    store.followups.snooze(soon.id, 3)
    for i in range(30):
        store.followups.add({"contact_id": dana, "text": f"Check-in {i:02}",
                            "due_on": date.today() + timedelta(days=40 + i)})
    store.dispose()
    at = app("pages/followups.py")
    ok(at)
    # Nothing is due now: "This week" is open (the no-reply check is in it), and the two
    # lists further out are each one line with its count, their cards unsent.
    folded = [e.label for e in at.expander]
    assert folded == ["This week (1)", "Coming up (31)", "Snoozed (1)"], folded
    text = " ".join(str(m.value) for m in at.markdown)
    assert "No reply from Dana yet?" in text
    assert "Check-in 00" not in text and "Say hi" not in text
    # Opened, as a person clicks each open (the expanders are tracked).
    at.session_state["followups_open_coming_up"] = True
    at.session_state["followups_open_snoozed"] = True
    at.run()
    ok(at)
    text = " ".join(str(m.value) for m in at.markdown)
    assert "Send Dana one short, friendly follow-up." in text  # the 7-business-day one
    assert "snoozed until" in text and "Say hi" in text
    assert "Check-in 01" in text and "Check-in 02" not in text  # the first three only

    by_label(at.button, "Show all 31").click().run()
    ok(at)
    text = " ".join(str(m.value) for m in at.markdown)
    assert "Check-in 18" in text and "Check-in 19" not in text  # a page of 20
    pager = at.get("pagination")
    assert pager, "a long list is paged"


def test_a_date_typed_while_planning_is_only_a_proposal(db: str) -> None:
    store = Store(db)
    dana = store.contacts.add({"name": "Dana Park", "title": "Backend developer"}).id
    at = app("pages/plan.py", {"contact": str(dana)})
    day = date.today() + timedelta(days=10)
    by_label(at.date_input, "Date you'd like to suggest (optional)").set_value(day)
    by_label(at.button, "Create and propose a plan").click().run()
    ok(at)
    (conv,) = store.conversations.list()
    assert conv.status == Status.IDEA and conv.scheduled_at is None
    assert conv.proposed_at == datetime.combine(day, datetime.min.time())

    # Asking for the chat starts the no-reply reminders; the proposal leaves them alone.
    store.conversations.set_status(conv.id, "requested")
    at = app("pages/plan.py", {"contact": str(dana), "conversation": str(conv.id)})
    ok(at)
    # "When you'll meet" is folded, and only filled in once opened (a tracked expander).
    at.session_state[f"when_{conv.id}_open"] = True
    at.run()
    later = day + timedelta(days=2)
    by_label(at.date_input, "Proposed date").set_value(later).run()
    ok(at)
    assert store.conversations.get(conv.id).proposed_at == datetime.combine(
        later, datetime.min.time())
    kinds = {f.kind for f in store.followups.list(contact_id=dana)}
    assert FollowUpKind.FOLLOW_UP in kinds
    assert store.conversations.get(conv.id).status == Status.REQUESTED

    # They said yes: now it is scheduled, for the time proposed, and the nudges stop.
    by_label(at.button, "They agreed: mark it scheduled").click().run()
    ok(at)
    agreed = store.conversations.get(conv.id)
    assert agreed.status == Status.SCHEDULED
    assert agreed.scheduled_at == datetime.combine(later, datetime.min.time())
    assert FollowUpKind.FOLLOW_UP not in {f.kind for f in store.followups.list(contact_id=dana)}
    store.dispose()


def test_marking_held_before_the_scheduled_day_asks_first(db: str) -> None:
    store = Store(db)
    dana = store.contacts.add({"name": "Dana Park"}).id
    future = datetime.combine(date.today() + timedelta(days=5), datetime.min.time())
    conv = store.conversations.add({"contact_id": dana, "scheduled_at": future,
                                   "status": "scheduled"})
    at = app("pages/notes.py", {"contact": str(dana), "conversation": str(conv.id)})
    ok(at)
    # No one-click "Mark as held": it sits behind a question.
    assert not [b for b in at.button if b.label == "Mark as held"]
    question = " ".join(str(m.value) for m in at.markdown)
    assert f"scheduled for {future:%a %d %b}, which hasn't come yet" in question
    assert store.conversations.get(conv.id).status == Status.SCHEDULED
    by_label(at.button, "Yes, it already happened").click().run()
    ok(at)
    assert store.conversations.get(conv.id).status == Status.HELD

    # On the day itself there is nothing to ask.
    today = store.conversations.add({"contact_id": dana, "status": "scheduled",
                                    "scheduled_at": datetime.now().replace(microsecond=0)})
    at = app("pages/notes.py", {"contact": str(dana), "conversation": str(today.id)})
    by_label(at.button, "Mark as held").click().run()
    ok(at)
    assert store.conversations.get(today.id).status == Status.HELD
    store.dispose()


def _bars(at: AppTest) -> list[tuple[str, int]]:
    # The sidebar's journey bar has no words; the dashboard's bars all have.
    return [(p.proto.text, p.proto.value) for p in at.get("progress") if p.proto.text]


def test_home_bars_read_this_weeks_minutes_and_each_step_of_the_funnel(db: str) -> None:
    store = Store(db)
    store.profile.save({"name": "Zoë", "weekly_study_hours": 10, "networking_share": 20})
    dana = store.contacts.add({"name": "Dana Park"})
    store.dispose()
    at = app()
    ok(at)
    # No conversations yet: a word on where to start, not six empty bars.
    assert _bars(at) == [("0% of your weekly target: 120 minutes to go", 0)]
    assert any("No conversations yet" in c.value for c in at.caption)

    store = Store(db)
    for status in ("idea", "held", "held", "held"):
        conv = store.conversations.add({"contact_id": dana.id})
        store.conversations.set_status(conv.id, status)
    store.activities.log({"day": date.today(), "contact_id": dana.id, "minutes": 30})
    store.dispose()
    at = app()
    ok(at)
    # Each chat marked as held counts its 20 minutes, with the 30 logged today.
    assert at.metric[0].value == "90 of 120"
    assert _bars(at) == [
        ("75% of your weekly target: 30 minutes to go", 75),
        ("Idea: 1", 33), ("Asked: 0", 0), ("Scheduled: 0", 0), ("Held: 3", 100),
        ("Thanked: 0", 0), ("Closed: 0", 0),
    ]
    assert any(f"{date.today():%a} 90" in c.value for c in at.caption)
    assert not at.get("vega_lite_chart")  # no chart library to fetch on a first visit

    # Past the target, the bar stays full and says so.
    store = Store(db)
    store.activities.log({"day": date.today(), "contact_id": dana.id, "minutes": 200})
    store.dispose()
    at = app()
    ok(at)
    assert _bars(at)[0] == ("Weekly target reached. Well done.", 100)


def test_the_card_layout_is_folded_until_opened_and_then_stays(db: str) -> None:
    ids = test_app.populate(db)
    at = app("pages/export.py", {"contact": str(ids["contact"]),
                                 "conversation": str(ids["conversation"])})
    ok(at)
    assert not any(s.label == "Paper" for s in at.selectbox)
    assert any("question cards (PDF)" in b.label for b in at.download_button)
    at.session_state["conv_layout_open"] = True
    at.run()
    by_label(at.selectbox, "Paper").select("letter").run()
    at.session_state["conv_layout_open"] = False  # folded again: the choice stays
    at.run()
    ok(at)
    assert at.selectbox(key="conv_paper").value == "letter"
