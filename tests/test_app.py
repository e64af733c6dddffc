"""Every page runs, empty and populated, and the whole journey works through AppTest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from coffeechat.banks import builtin_bank
from coffeechat.errors import InvalidInputError
from coffeechat.planner import make_plan
from coffeechat.store import Store
from wizard import router

ROOT = Path(__file__).resolve().parent.parent
# From the router, so a new page cannot miss its smoke test (tests/test_architecture.py
# checks that the router lists every file in pages/).
PAGES = [screen.path for screen in router.SCREENS]
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path}/app.sqlite3"
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", url)
    monkeypatch.chdir(ROOT)
    yield url


def app(page: str | None = None, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page)
        if query:
            at.query_params.update(query)
        at.run()
    return at


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    texts = " ".join(str(e.value) for e in at.error)
    assert "Traceback" not in texts and "something went wrong" not in texts, texts


def by_label(elements: Any, label: str) -> Any:
    for element in elements:
        if element.label == label:
            return element
    raise AssertionError(f"no element labelled {label!r}: {[e.label for e in elements]}")


def markdown_text(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def populate(url: str) -> dict[str, int]:
    store = Store(url)
    bank = builtin_bank()
    store.profile.save({"name": "Zoë Łukasiewicz", "pitch_who": "I taught chemistry",
                        "pitch_what": "I'm learning Python", "pitch_where": "Backend in a year",
                        "target_role": "backend", "places": ["meetups"]})
    dana = store.contacts.add({"name": "Dana Park", "company": "Acme",
                              "common_ground": "We both went from teaching into tech"})
    store.contacts.add({"name": XSS, "title": "**bold** [link](http://x)"})
    store.contacts.add({"name": "Nguyễn Thị Minh 🌸", "company": "Beta"})
    plan = make_plan(bank, "backend", "senior-dev")
    conv = store.conversations.add({"contact_id": dana.id, "plan": plan.ids, "role": "backend",
                                   "audience": "senior-dev"})
    store.conversations.set_status(conv.id, "held")
    store.notes.add({"conversation_id": conv.id, "question_id": plan.ids[0],
                    "text": "Bootcamp, then QA"})
    store.activities.log({"day": date.today() - timedelta(days=200), "contact_id": dana.id,
                        "minutes": 20})
    store.dispose()
    return {"contact": dana.id, "conversation": conv.id}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_an_empty_database(db: str, page: str) -> None:
    at = app(page)
    ok(at)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_a_populated_database(db: str, page: str) -> None:
    ids = populate(db)
    ok(app(page))
    ok(app(page, {"contact": str(ids["contact"]), "conversation": str(ids["conversation"])}))


def test_first_run_shows_the_welcome_and_starts_the_wizard(db: str) -> None:
    at = app()
    ok(at)
    assert at.title[0].value == "Welcome to Coffee Chat"
    at.button[0].click().run()
    ok(at)
    assert at.title[0].value == "Profile and pitch"


def test_dashboard_suggests_the_next_action_and_shows_the_bars(db: str) -> None:
    populate(db)
    at = app()
    ok(at)
    assert at.title[0].value == "Hello, Zoë"
    headers = [s.value for s in at.header]
    assert "Thank Dana, due today" in headers or any("Thank Dana" in s for s in headers)
    assert "This week" in headers and "Conversations" in headers
    assert [p.proto.text for p in at.get("progress") if p.proto.text][1:] == [
        "Idea: 0", "Asked: 0", "Scheduled: 0", "Held: 1", "Thanked: 0", "Closed: 0"]
    assert at.metric[0].value.endswith(f"of {round(10 * 60 * 20 / 100)}")


def test_bad_deep_links_are_friendly(db: str) -> None:
    populate(db)
    for query in ({"contact": "9999"}, {"contact": "abc"}, {"conversation": "777"}):
        at = app("pages/plan.py", query)
        ok(at)
        assert at.warning, query


def test_contact_form_shows_errors_next_to_fields_and_loses_nothing(db: str) -> None:
    at = app("pages/contacts.py")
    by_label(at.text_input, "Name *").input("Dana Park")
    by_label(at.text_input, "Email").input("not-an-email")
    by_label(at.text_input, "Profile address").input("my linkedin page")
    by_label(at.button, "Add contact").click()
    at.run()
    ok(at)
    messages = markdown_text(at)
    assert "doesn't look like an email address" in messages
    assert "needs to be a full web address, starting with https://" in messages
    assert any("Everything you typed is still here" in str(e.value) for e in at.error)
    assert by_label(at.text_input, "Name *").value == "Dana Park"
    store = Store(db)
    assert store.contacts.count() == 0
    store.dispose()


def test_user_text_is_shown_literally(db: str) -> None:
    populate(db)
    at = app("pages/contacts.py")
    ok(at)
    text = markdown_text(at)
    assert "\\<img src=x onerror=alert(1)\\>" in text
    assert "\\*\\*bold\\*\\* \\[link\\](http://x)" in text
    assert "Nguyễn Thị Minh 🌸" in text


def test_archive_and_undo(db: str) -> None:
    populate(db)
    at = app("pages/contacts.py")
    at.button(key="archive_1").click()
    at.run()
    ok(at)
    assert any("Archived Dana Park" in str(i.value) for i in at.info)
    at.button(key="undo_archive").click()
    at.run()
    ok(at)
    store = Store(db)
    assert not store.contacts.get(1).archived
    store.dispose()


def test_whole_journey(db: str) -> None:
    # 1. Profile and pitch: each field saves as it changes.
    at = app("pages/profile.py")
    at.text_input(key="profile_name").input("Zoë Łukasiewicz").run()
    at.text_area(key="profile_pitch_who").input("I'm Zoë. I taught chemistry for six "
                                                "years").run()
    at.text_area(key="profile_pitch_what").input("Now I'm learning backend development "
                                                 "with Python").run()
    at.text_area(key="profile_pitch_where").input("In a year I'd like to be a junior "
                                                  "backend developer").run()
    ok(at)
    assert any("words" in str(m.value) and "seconds" in str(m.value) for m in at.markdown)
    at.number_input(key="profile_weekly_study_hours").set_value(12.0).run()
    ok(at)

    # 2. Target role.
    at.switch_page("pages/role.py").run()
    at.selectbox(key="role_choice").select("backend").run()
    ok(at)
    assert Store(db).profile.get().target_role == "backend"

    # 3. A contact.
    at.switch_page("pages/contacts.py").run()
    by_label(at.text_input, "Name *").input("Dana Park")
    by_label(at.text_input, "Company").input("Acme")
    by_label(at.text_area, "What you have in common").input(
        "We both went from teaching into tech")
    by_label(at.button, "Add contact").click().run()
    ok(at)
    store = Store(db)
    assert [c.name for c in store.contacts.list()] == ["Dana Park"]

    # 4. A plan: create the conversation, then it proposes questions.
    at.switch_page("pages/plan.py").run()
    ok(at)
    by_label(at.text_input, "Your goal for this chat").input("Learn how on-call works")
    by_label(at.button, "Create and propose a plan").click().run()
    ok(at)
    conv = store.conversations.list()[0]
    assert len(conv.plan) >= 5 and conv.goal == "Learn how on-call works"
    assert any("of 20 minutes planned" in str(p.proto.text) for p in at.get("progress"))
    # Remove a question: the plan is saved straight away.
    at.menu_button(key=f"change_{conv.id}_1").click("remove").run()
    ok(at)
    assert len(store.conversations.get(conv.id).plan) == len(conv.plan) - 1

    # 5. Draft the request, then mark it sent (starts the 3B7 reminders).
    at.switch_page("pages/outreach.py").run()
    ok(at)
    # Nothing has gone to Dana yet, so a hello comes first; ask for the chat by email.
    assert at.selectbox(key=f"purpose_1_{conv.id}").value == "first_contact"
    at.selectbox(key=f"purpose_1_{conv.id}").set_value("interview_request").run()
    at.selectbox(key="channel_1_interview_request").set_value("email").run()
    # The chat's goal from the plan page is already the topic.
    assert at.text_input(key=f"detail_1_{conv.id}_topic").value == "how on-call works"
    at.text_input(key=f"detail_1_{conv.id}_topic").input("how you chose backend work").run()
    ok(at)
    draft = at.text_area[0].value
    assert draft.startswith("Subject:") and "Hi Dana," in draft
    # Edits are saved: a fresh session (a reload, a new tab) shows the edited draft.
    edited = draft.replace("Hi Dana,", "Hi Dana! 👋")
    at.text_area[0].input(edited).run()
    ok(at)
    fresh = app("pages/outreach.py", {"contact": "1", "conversation": str(conv.id),
                                      "purpose": "interview_request"})
    fresh.selectbox(key="channel_1_interview_request").set_value("email").run()
    assert fresh.text_area[0].value == edited
    by_label(at.button, "I sent it").click().run()
    ok(at)
    assert store.conversations.get(conv.id).status == "requested"
    kinds = {f.kind.value for f in store.followups.list()}
    assert {"no_reply_check", "follow_up"} <= kinds

    # 6. The chat is held, with notes.
    at.switch_page("pages/notes.py").run()
    ok(at)
    first = store.conversations.get(conv.id).plan[0]
    at.text_area(key=f"note_{conv.id}_{first}").input("Started in support, moved to "
                                                      "backend").run()
    by_label(at.button, "Mark as held").click().run()
    ok(at)
    assert store.conversations.get(conv.id).status == "held"
    assert store.notes.list(conversation_id=conv.id)[0].text.startswith("Started in support")

    # 7. The thank-you is due.
    at.switch_page("pages/followups.py").run()
    ok(at)
    due = [f for f in store.followups.list() if f.kind.value == "thank_you"]
    assert due and due[0].due_on == date.today() + timedelta(days=1)
    assert any("Thank Dana" in str(m.value) for m in at.markdown)

    # 8. The exports are offered.
    at.switch_page("pages/export.py").run()
    ok(at)
    labels = [b.label for b in at.download_button]
    for wanted in ("Download the interview sheet (Markdown)", "question cards (PDF)",
                   "Follow-up reminders for your calendar (.ics)", "Contacts (CSV)",
                   "Download a backup (.json)"):
        assert any(wanted in label for label in labels), (wanted, labels)
    by_label(at.button, "Prepare the export").click().run()
    ok(at)
    assert any("Download everything" in b.label for b in at.download_button)
    store.dispose()


def test_every_page_url_is_its_file_name() -> None:
    # On a fresh server Streamlit may first resolve a deep link by file name
    # (wizard/router.py); the router must name each page the same way.
    for screen in router.SCREENS:
        if screen.path == "pages/home.py":
            continue  # the default page lives at "/"
        assert screen.url_path == Path(screen.path).stem, screen


def test_a_long_pitch_part_is_refused_next_to_its_box_and_kept(db: str) -> None:
    populate(db)
    at = app("pages/profile.py")
    long_text = "I taught chemistry. " * 120  # 2,400 characters
    at.text_area(key="profile_pitch_who").input(long_text).run()
    ok(at)
    messages = markdown_text(at)
    assert "Who I am can be at most 2000 characters (you have 2400)." in messages
    assert "What you typed is still in the box" in messages
    # The typed text stays, the rest of the page is still there, the store is untouched.
    assert at.text_area(key="profile_pitch_who").value == long_text
    assert by_label(at.number_input, "Study hours a week").value == 10.0
    assert any("words" in str(m.value) for m in at.markdown)
    store = Store(db)
    assert store.profile.get().pitch_who == "I taught chemistry"
    store.dispose()
    # Shortening it saves it and clears the message.
    at.text_area(key="profile_pitch_who").input("I taught chemistry for six years.").run()
    ok(at)
    assert "is too long" not in markdown_text(at)
    store = Store(db)
    assert store.profile.get().pitch_who == "I taught chemistry for six years."
    store.dispose()


def test_a_field_sent_back_unchanged_saves_nothing(db: str) -> None:
    populate(db)
    at = app("pages/profile.py")
    store = Store(db)
    before = store.profile.get().updated_at
    # What a browser does after a redraw: send every field back as it was shown.
    at.text_input(key="profile_name").input("Zoë Łukasiewicz")
    at.text_area(key="profile_pitch_what").input("I'm learning Python")
    at.number_input(key="profile_weekly_study_hours").set_value(10.0)
    at.run()
    ok(at)
    assert not at.toast
    assert store.profile.get().updated_at == before
    store.dispose()


def test_the_page_guard_reads_well() -> None:
    def page() -> None:
        from wizard.ui import guard

        with guard("showing this page"):
            raise RuntimeError("boom")

    at = AppTest.from_function(page, default_timeout=30)
    at.run()
    assert not at.exception
    text = at.error[0].value
    assert text.startswith("Sorry, something went wrong while showing this page.")
    assert "doing" not in text


def test_an_empty_message_is_refused_under_the_box(db: str) -> None:
    ids = populate(db)
    at = app("pages/outreach.py", {"contact": str(ids["contact"]),
                                   "conversation": str(ids["conversation"]),
                                   "purpose": "thank_you"})
    by_label(at.text_input, "One thing they said that you'll act on").input("write tests").run()
    at.text_area[0].input("\u200b \n").run()
    anyway = [c for c in at.checkbox if "Send it anyway" in c.label]
    if anyway:
        anyway[0].check().run()
    by_label(at.button, "I sent it").click().run()
    ok(at)
    assert "The message has nothing in it to send yet. Write it first." in markdown_text(at)
    store = Store(db)
    assert store.messages.list_sent(contact_id=ids["contact"]) == []
    store.dispose()


def test_the_coach_follows_every_edit_of_the_draft(db: str) -> None:
    ids = populate(db)
    at = app("pages/outreach.py", {"contact": str(ids["contact"]), "purpose": "first_contact"})
    ok(at)
    text = at.text_area[0].value

    def counted() -> str:
        return next(str(m.value) for m in at.markdown if " characters**" in str(m.value))

    assert counted().startswith(f"**{len(text)}")
    by_label(at.button, "Check again").click().run()
    assert counted().startswith(f"**{len(text)}")
    # The report is kept between runs only while the text is the same.
    at.text_area[0].input(text + " Thanks so much!").run()
    ok(at)
    assert counted().startswith(f"**{len(text) + 16}")
    at.text_area[0].input("Hi, are you hiring? Please refer me for a job.").run()
    assert counted().startswith("**46")
    at.text_area[0].input(text).run()
    assert counted().startswith(f"**{len(text)}")


def test_the_store_refuses_to_record_an_empty_message(store: Store) -> None:
    contact = store.contacts.add({"name": "Dana Park"})
    for text in ("", "   ", "\u200b\u200d", "\n\t"):
        with pytest.raises(InvalidInputError) as info:
            store.messages.record_sent({"contact_id": contact.id, "channel": "email",
                               "purpose": "interview_request", "text": text})
        assert "text" in info.value.by_field()
    assert store.messages.list_sent(contact_id=contact.id) == []
    assert store.messages.record_sent({"contact_id": contact.id, "channel": "email",
                              "purpose": "interview_request", "text": "Hi 👋"}).text == "Hi 👋"


def test_outreach_boxes_start_from_the_link_not_from_session_writes(db: str) -> None:
    ids = populate(db)
    query = {"contact": str(ids["contact"]), "conversation": str(ids["conversation"]),
             "purpose": "thank_you"}
    at = app("pages/outreach.py", query)
    ok(at)
    # The choice is each box's own default, so a browser redrawing it shows the same.
    purpose = by_label(at.selectbox, "What's the message for?")
    assert purpose.value == "thank_you"
    assert list(purpose.proto.options)[purpose.proto.default] == "Thank you"
    contact = by_label(at.selectbox, "Who is it for?")
    assert contact.value == ids["contact"]
    assert not contact.proto.set_value and not purpose.proto.set_value
