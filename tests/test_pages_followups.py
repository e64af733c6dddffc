"""The Follow-ups page through AppTest, on SQLite and PostgreSQL: Done, Snooze, and the
lists that are folded until opened."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from coffeechat.store import Store
from tests.test_app import ROOT, app, markdown_text, ok


@pytest.fixture
def page_store(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The app's database (SQLite or PostgreSQL), with a store to arrange and check it."""
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", db_url)
    monkeypatch.chdir(ROOT)
    store = Store(db_url)
    try:
        yield store
    finally:
        store.dispose()


def headers(at: AppTest) -> list[str]:
    return [str(h.value) for h in at.header]


def test_done_takes_a_card_off_its_list_and_says_thanks(page_store: Store) -> None:
    dana = page_store.contacts.add({"name": "Dana Park"}).id
    sam = page_store.contacts.add({"name": "Sam Lee"}).id
    late = page_store.followups.add({"contact_id": dana, "text": "Send the article",
                                     "due_on": date.today() - timedelta(days=2)})
    page_store.followups.add({"contact_id": sam, "text": "Ask about the meetup",
                              "due_on": date.today() - timedelta(days=1)})
    at = app("pages/followups.py")
    ok(at)
    assert "Overdue (2)" in headers(at)
    at.button(key=f"done_{late.id}").click().run()
    ok(at)
    assert page_store.followups.get(late.id).done_at is not None
    assert [str(t.value) for t in at.toast] == ["Done. Nice one, Dana will appreciate it."]
    assert "Overdue (1)" in headers(at)
    text = markdown_text(at)
    assert "Send the article" not in text and "Ask about the meetup" in text


def test_snooze_moves_a_card_to_the_folded_snoozed_list(page_store: Store) -> None:
    dana = page_store.contacts.add({"name": "Dana Park"}).id
    due = page_store.followups.add({"contact_id": dana, "text": "Say hi",
                                    "due_on": date.today()})
    at = app("pages/followups.py")
    ok(at)
    assert "Today (1)" in headers(at)
    # Its choices are drawn once the popover is open, as a person opens it.
    at.session_state[f"later_{due.id}"] = True
    at.run()
    at.button(key=f"snooze_{due.id}_3").click().run()
    ok(at)
    moved = page_store.followups.get(due.id)
    assert moved.due_on == date.today() + timedelta(days=3)
    assert [str(t.value) for t in at.toast] == [f"Moved to {moved.due_on:%a %d %b}"]
    assert "Today (1)" not in headers(at)
    assert "Nothing due this week" in " ".join(str(s.value) for s in at.success)
    assert [e.label for e in at.expander] == ["Snoozed (1)"]
    assert "Say hi" not in markdown_text(at)


def test_an_opened_list_stays_open_when_its_count_changes(page_store: Store) -> None:
    dana = page_store.contacts.add({"name": "Dana Park"}).id
    later = [page_store.followups.add({"contact_id": dana, "text": f"Check-in {i}",
                                       "due_on": date.today() + timedelta(days=20 + i)})
             for i in range(3)]
    at = app("pages/followups.py")
    at.session_state["followups_open_coming_up"] = True
    at.run()
    ok(at)
    assert "Check-in 0" in markdown_text(at)
    at.button(key=f"done_{later[0].id}").click().run()
    ok(at)
    assert [e.label for e in at.expander] == ["Coming up (2)"]
    text = markdown_text(at)
    assert "Check-in 0" not in text and "Check-in 1" in text


def test_this_week_is_folded_while_something_is_due_now(page_store: Store) -> None:
    dana = page_store.contacts.add({"name": "Dana Park"}).id
    late = page_store.followups.add({"contact_id": dana, "text": "Send the article",
                                     "due_on": date.today() - timedelta(days=1)})
    page_store.followups.add({"contact_id": dana, "text": "Ask about the meetup",
                              "due_on": date.today() + timedelta(days=2)})
    at = app("pages/followups.py")
    ok(at)
    assert headers(at) == ["Overdue (1)", "Gone quiet", "Log an interaction"]
    assert [e.label for e in at.expander] == ["This week (1)"]
    assert "Ask about the meetup" not in markdown_text(at)
    # Opened by the learner, it stays open while the cards above it come and go.
    at.session_state["followups_open_this_week"] = True
    at.run()
    assert "Ask about the meetup" in markdown_text(at)
    at.button(key=f"done_{late.id}").click().run()
    ok(at)
    assert "Overdue (1)" not in headers(at)
    assert "Ask about the meetup" in markdown_text(at)


def test_this_week_starts_open_when_nothing_is_due_now(page_store: Store) -> None:
    dana = page_store.contacts.add({"name": "Dana Park"}).id
    page_store.followups.add({"contact_id": dana, "text": "Ask about the meetup",
                              "due_on": date.today() + timedelta(days=2)})
    at = app("pages/followups.py")
    ok(at)
    assert [e.label for e in at.expander] == ["This week (1)"]
    assert "Ask about the meetup" in markdown_text(at)


def test_a_done_in_another_tab_shows_on_the_next_click(page_store: Store) -> None:
    dana = page_store.contacts.add({"name": "Dana Park"}).id
    late = page_store.followups.add({"contact_id": dana, "text": "Send the article",
                                     "due_on": date.today() - timedelta(days=1)})
    first, second = app("pages/followups.py"), app("pages/followups.py")
    assert "Send the article" in markdown_text(first)
    second.button(key=f"done_{late.id}").click().run()
    ok(second)
    # The lists are remembered between clicks until something is saved, anywhere.
    first.run()
    ok(first)
    assert "Send the article" not in markdown_text(first)
    assert "Overdue (1)" not in headers(first)
