"""Typed text survives clicks away, reloads and a fresh server, in a real Chromium.

Each test starts its own server on a database with a held chat (tests/test_app.populate),
because the fresh-server case needs a process nobody has opened yet, and because a
shared session would hide the click-away race these tests reproduce: type, then click
a link at once, before the text box has sent its text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from coffeechat.store import Store
from tests.e2e.conftest import ROOT, app_database, new_page, serve
from tests.e2e.test_journey import no_errors, shot, wait_for_app
from tests.test_app import populate

pytestmark = pytest.mark.e2e
expect.set_options(timeout=20_000)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A freshly started app over a populated SQLite file: (url, database url)."""
    db = app_database(tmp_path)
    populate(db)
    store = Store(db)
    store.messages.set_draft_detail(1, 1, "takeaway", "write small tests first")
    store.dispose()
    # serve() waits on the health check, which runs no script: the server stays fresh.
    with serve("app.py", ROOT, tmp_path) as url:
        yield url, db


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    yield from new_page(browser, height=1800)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def box(page: Page, label: str) -> Any:
    """A text box by its label (the help icon next to some labels shares the name)."""
    return page.get_by_role("textbox", name=label, exact=True)


def type_at_end(page: Page, label: str, text: str) -> None:
    """Type into a box without leaving it, as a learner does before clicking away."""
    box(page, label).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text, delay=10)


def sidebar_link(page: Page, name: str) -> Any:
    return page.get_by_test_id("stSidebarNav").get_by_role("link", name=name)


def click_away(page: Page, link: Any, heading: str) -> None:
    """Click a link right after typing, and end on the page it leads to.

    The typed text is committed by the browser *after* the link's request (wizard/router.py).
    The app follows the link when it can see that; on a loaded machine Streamlit can merge
    the two requests into one for the old page, so a second click may be needed. What must
    never happen either way is checked by the callers: typed text lost, or saved blank.
    """
    link.click()
    wait_for_app(page)
    target = page.get_by_role("heading", name=heading, exact=True)
    if not target.is_visible():
        link.click()
        wait_for_app(page)
    expect(target).to_be_visible()


def draft_text(db: str) -> str:
    store = Store(db)
    try:
        draft = store.messages.get_draft(1, 1, "linkedin_message", "thank_you")
        return draft.text if draft else ""
    finally:
        store.dispose()


def test_a_deep_link_on_a_fresh_server_goes_through_the_router(
    page: Page, server: tuple[str, str]
) -> None:
    url, _db = server
    # Nobody has opened "/" on this server: the first thing it serves is a deep link.
    open_page(page, f"{url}/outreach?contact=1&conversation=1&purpose=thank_you")
    nav = page.get_by_test_id("stSidebarNav")
    # The router's sections and titles, not Streamlit's list of file names.
    expect(nav.get_by_text("Keep in touch")).to_be_visible()
    expect(nav.get_by_role("link", name="1 · Profile and pitch")).to_be_visible()
    assert nav.get_by_role("link", name="import linkedin").count() == 0
    # The journey checklist comes from app.py, like the guard around the page.
    expect(page.get_by_text("Your journey", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name="Outreach")).to_be_visible()
    expect(box(page, "Edit the message")).to_contain_text("write small tests first")
    no_errors(page)
    shot(page, "nav-01-fresh-deep-link")
    # And the next new session, from another browser context, is routed too.
    other = page.context.browser.new_context()
    try:
        second = other.new_page()
        open_page(second, f"{url}/import_linkedin")
        expect(second.get_by_role("heading", name="Import from LinkedIn")).to_be_visible()
        expect(second.get_by_test_id("stSidebarNav").get_by_text("People")).to_be_visible()
    finally:
        other.close()


def test_outreach_typing_then_a_sidebar_click_keeps_the_draft_and_navigates(
    page: Page, server: tuple[str, str]
) -> None:
    url, db = server
    open_page(page, f"{url}/outreach?contact=1&conversation=1&purpose=thank_you")
    expect(box(page, "Edit the message")).to_contain_text("write small tests first")
    type_at_end(page, "Edit the message", " PS: the slides are attached.")
    # At once: the box has not sent its text yet.
    click_away(page, sidebar_link(page, "Follow-ups"), "Follow-ups")
    assert "/followups" in page.url
    shot(page, "nav-02-outreach-click-away")
    assert draft_text(db).endswith("PS: the slides are attached.")
    no_errors(page)

    # Back on the draft: same contact, same purpose, the typed text, and its details.
    open_page(page, f"{url}/outreach?contact=1&conversation=1&purpose=thank_you")
    expect(box(page, "Edit the message")).to_contain_text("the slides are attached")
    expect(box(page, "One thing they said that you'll act on")).to_have_value(
        "write small tests first")
    expect(page.get_by_role("combobox", name="Who is it for?")).to_have_value("Dana Park")
    expect(page.get_by_role("combobox", name="What's the message for?")).to_have_value(
        "Thank you")
    # A further click saves nothing over the draft: it is what was typed.
    click_away(page, sidebar_link(page, "Conversation notes"), "Conversation notes")
    assert draft_text(db).endswith("PS: the slides are attached.")
    store = Store(db)
    assert store.messages.draft_details(1, 1).get("takeaway") == "write small tests first"
    store.dispose()


def test_notes_typing_then_a_sidebar_click_saves_and_navigates(
    page: Page, server: tuple[str, str]
) -> None:
    url, db = server
    open_page(page, f"{url}/notes?contact=1&conversation=1")
    first = page.locator("[data-testid='stTextArea'] textarea").first
    expect(first).to_have_value("Bootcamp, then QA")
    first.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(", then backend after a year", delay=10)
    click_away(page, sidebar_link(page, "Export"), "Export")
    shot(page, "nav-03-notes-click-away")
    store = Store(db)
    texts = [n.text for n in store.notes.list(conversation_id=1)]
    store.dispose()
    assert "Bootcamp, then QA, then backend after a year" in texts
    no_errors(page)


@pytest.mark.parametrize("away", ["Next: choose a target role", "2 · Target role"])
def test_profile_typing_then_a_click_keeps_every_field(
    page: Page, server: tuple[str, str], away: str
) -> None:
    url, db = server
    open_page(page, f"{url}/profile")
    expect(box(page, "Your name")).to_have_value("Zoë Łukasiewicz")
    type_at_end(page, "Who I am", " for six years")
    link = (page.get_by_role("link", name=away) if away.startswith("Next")
            else sidebar_link(page, away))
    click_away(page, link, "Choose a target role")
    store = Store(db)
    profile = store.profile.get()
    store.dispose()
    assert profile.name == "Zoë Łukasiewicz"
    assert profile.pitch_who == "I taught chemistry for six years"
    assert profile.weekly_study_hours == 10 and profile.networking_share == 20

    # Back to the profile: every field shows what is stored, nothing blank, no toast pile.
    sidebar_link(page, "1 · Profile and pitch").click()
    wait_for_app(page)
    expect(box(page, "Your name")).to_have_value("Zoë Łukasiewicz")
    expect(box(page, "Who I am")).to_have_value("I taught chemistry for six years")
    expect(page.get_by_role("spinbutton", name="Study hours a week")).to_have_value("10.0")
    assert page.get_by_test_id("stToast").count() <= 1
    shot(page, "nav-04-profile-back-" + ("next" if away.startswith("Next") else "sidebar"))
    # Retyping one field saves that field only.
    box(page, "What I do").fill("I'm learning Python and SQL")
    page.keyboard.press("Tab")
    wait_for_app(page)
    store = Store(db)
    profile = store.profile.get()
    store.dispose()
    assert profile.name == "Zoë Łukasiewicz" and profile.pitch_what == "I'm learning Python and SQL"
    assert profile.pitch_where == "Backend in a year" and profile.weekly_study_hours == 10
    no_errors(page)


def test_a_reload_while_typing_keeps_what_the_page_says_is_saved(
    page: Page, server: tuple[str, str]
) -> None:
    url, db = server
    open_page(page, f"{url}/outreach?contact=1&conversation=1&purpose=thank_you")
    # The page says when text is saved: when you click outside the box.
    expect(page.get_by_text("Typing is saved when you click outside the box")).to_be_visible()
    type_at_end(page, "Edit the message", " Committed line.")
    page.keyboard.press("Tab")
    wait_for_app(page)
    expect(page.get_by_text("Saved at", exact=False)).to_be_visible()
    type_at_end(page, "Edit the message", " Still typing")
    page.reload()  # in the middle of typing
    wait_for_app(page)
    expect(box(page, "Edit the message")).to_contain_text("Committed line.")
    assert "Committed line." in draft_text(db)
    shot(page, "nav-05-reload-mid-typing")

    # The profile keeps the same promise.
    open_page(page, f"{url}/profile")
    type_at_end(page, "Where I want to be in 12 months", ", on a small team")
    page.keyboard.press("Tab")
    wait_for_app(page)
    type_at_end(page, "Where I want to be in 12 months", " and more")
    page.reload()
    wait_for_app(page)
    expect(box(page, "Where I want to be in 12 months")).to_have_value(
        "Backend in a year, on a small team")
    expect(box(page, "Your name")).to_have_value("Zoë Łukasiewicz")
    no_errors(page)


def test_the_purpose_list_opens_on_the_first_click_after_check_again(
    page: Page, server: tuple[str, str]
) -> None:
    url, _db = server
    open_page(page, f"{url}/outreach?contact=1&conversation=1")
    for _ in range(3):
        type_at_end(page, "Edit the message", " x")
        page.get_by_role("button", name="Check again").click()
        wait_for_app(page)
        select = page.get_by_test_id("stSelectbox").filter(has_text="What's the message for?")
        select.get_by_role("combobox").click()
        expect(page.get_by_role("option", name="Thank you")).to_be_visible()
        page.keyboard.press("Escape")
        wait_for_app(page)


def test_the_add_contact_form_keeps_typed_text_when_folded_and_unfolded(
    page: Page, server: tuple[str, str]
) -> None:
    url, db = server
    open_page(page, f"{url}/contacts")
    expander = page.get_by_test_id("stExpander").filter(has_text="Add a contact")
    # Folded while there are contacts: its form is only drawn once it is opened.
    expect(page.get_by_role("button", name="Add contact")).to_have_count(0)
    expander.get_by_text("Add a contact").click()
    name = expander.get_by_label("Name *")
    name.fill("Sam Rivera")
    expander.get_by_label("Company").fill("Globex")
    # Folding and unfolding again (each a run of the page) never drops the unsent text.
    expander.get_by_text("Add a contact").click()
    wait_for_app(page)
    expander.get_by_text("Add a contact").click()
    wait_for_app(page)
    expect(name).to_have_value("Sam Rivera")
    expect(expander.get_by_label("Company")).to_have_value("Globex")
    page.get_by_role("button", name="Add contact").click()
    wait_for_app(page)
    expect(page.get_by_text("Sam Rivera").first).to_be_visible()
    store = Store(db)
    assert [c.company for c in store.contacts.list(search="Sam Rivera")] == ["Globex"]
    store.dispose()
    no_errors(page)
