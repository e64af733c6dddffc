"""A new learner's shortest path to a first message, in a real browser, counted.

The learner follows only what the app puts in front of them: the welcome button, the
"Next" links, the link that appears after adding a contact. Every click and every field
typed is one interaction; the first note must go out in at most 15, with no dead end.
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

pytestmark = pytest.mark.e2e
expect.set_options(timeout=20_000)
BUDGET = 15
COMMON_GROUND = "I saw your PyCon talk on testing legacy code."


class Learner:
    """Drives the page and counts what a person would do: clicks and fields typed."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.steps: list[str] = []

    def click(self, what: str, target: Any) -> None:
        target.click()
        self.steps.append(f"click {what}")
        wait_for_app(self.page)

    def type(self, label: str, text: str, *, area: bool = False) -> None:
        box = self.page.get_by_label(label, exact=True)
        box.fill(text)
        # A text box is saved when it loses focus; inside a form nothing runs until
        # the submit button. Either way, the typing is one interaction.
        self.page.keyboard.press("Tab")
        self.steps.append(f"type {label}")
        wait_for_app(self.page)

    def choose(self, box_label: str, option: str) -> None:
        box = self.page.get_by_test_id("stSelectbox").filter(has_text=box_label)
        self.click(f"the {box_label!r} box", box.get_by_role("combobox"))
        self.click(f"option {option!r}", self.page.get_by_role("option", name=option))

    def link(self, name: str) -> None:
        self.click(f"link {name!r}", self.page.get_by_role("link", name=name))

    def button(self, name: str) -> None:
        self.click(f"button {name!r}", self.page.get_by_role("button", name=name))


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A server over an empty database, as a new learner first finds it."""
    with serve("app.py", ROOT, tmp_path) as url:
        yield url, app_database(tmp_path)


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    yield from new_page(browser, height=1000)


def test_a_new_learner_sends_a_first_note_in_at_most_15_interactions(
    page: Page, fresh_app: tuple[str, str]
) -> None:
    url, db = fresh_app
    me = Learner(page)
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Welcome to Coffee Chat")).to_be_visible()
    shot(page, "path-01-welcome")

    me.button("Start with your pitch")
    me.type("Your name", "Zoë Adébáyọ̀")
    shot(page, "path-02-profile")
    me.link("Next: choose a target role")

    # The choice and the way on are at the top, within the first screen.
    role_box = page.get_by_test_id("stSelectbox").filter(has_text="Your target role")
    assert role_box.bounding_box()["y"] < 1000  # type: ignore[index]
    next_link = page.get_by_role("link", name="Next: where to network")
    assert next_link.bounding_box()["y"] < 1000  # type: ignore[index]
    me.choose("Your target role", "Backend developer")
    shot(page, "path-03-role")
    me.link("Next: where to network")

    me.click("pill 'Local meetups'", page.get_by_role("button", name="Local meetups"))
    me.link("Next: add someone to talk to")

    me.type("Name *", "Priya Patel")
    me.type("What you have in common", COMMON_GROUND, area=True)
    me.choose("Best way to reach them", "LinkedIn")
    me.button("Add contact")
    no_errors(page)
    shot(page, "path-04-added")

    # The way forward after adding: a first message to Priya.
    me.link("Write a first message to Priya")
    no_errors(page)
    expect(page.get_by_role("combobox", name="What's the message for?")).to_have_value(
        "First contact (no ask)")
    expect(page.get_by_role("combobox", name="Where will you send it?")).to_have_value(
        "LinkedIn connection note")
    expect(page.get_by_text("Looks good: warm, short and about them.")).to_be_visible()
    draft = page.get_by_role("textbox", name="Edit the message").input_value()
    assert draft.startswith("Hi Priya,") and COMMON_GROUND in draft and "Zoë" in draft
    assert len(draft) <= 200  # the free plan's connection-note limit
    shot(page, "path-05-draft")

    me.button("I sent it")
    no_errors(page)
    shot(page, "path-06-sent")

    store = Store(db)
    try:
        sent = store.messages.list_sent()
        assert [(m.channel, m.purpose) for m in sent] == [("linkedin_note", "first_contact")]
        assert sent[0].text == draft
    finally:
        store.dispose()
    print(f"{len(me.steps)} interactions:", *me.steps, sep="\n  ")
    assert len(me.steps) <= BUDGET, me.steps

    # The home page no longer asks for a first note: one has gone out.
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Hello, Zoë")).to_be_visible()
    expect(page.get_by_role("heading", name="Send a request")).to_have_count(0)


def test_a_prerequisite_link_leads_back_to_the_draft(
    page: Page, fresh_app: tuple[str, str]
) -> None:
    url, db = fresh_app
    store = Store(db)
    try:
        priya = store.contacts.add({"name": "Priya Patel", "reach_by": "linkedin",
                                   "common_ground": COMMON_GROUND})
    finally:
        store.dispose()
    me = Learner(page)

    # The home page's next step, with someone added and nothing sent: write to them.
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Send a request")).to_be_visible()
    shot(page, "path-07-home-next-step")
    me.link("Write the message")
    expect(page).to_have_url(f"{url}/outreach?contact={priya.id}&purpose=first_contact")

    # No name yet: the draft needs one, and the link there offers the way back.
    expect(page.get_by_text("Add your name to your profile")).to_be_visible()
    me.link("Open your profile")
    shot(page, "path-08-profile-with-way-back")
    me.type("Your name", "Minh")
    me.click("link 'Back to your draft'",
             page.get_by_role("link", name="Back to your draft").first)
    no_errors(page)
    expect(page).to_have_url(f"{url}/outreach?contact={priya.id}&purpose=first_contact")
    draft = page.get_by_role("textbox", name="Edit the message").input_value()
    assert draft.startswith("Hi Priya,") and draft.rstrip().endswith("Minh")
    shot(page, "path-09-back-on-the-draft")
    store = Store(db)
    try:
        assert store.profile.get().name == "Minh"
    finally:
        store.dispose()
