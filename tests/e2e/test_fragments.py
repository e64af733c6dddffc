"""Parts of a page that rerun alone (st.fragment) still show what is saved, in Chromium.

A click inside a fragment reruns only that part: the sidebar and the rest of the page
are not run again. These tests check what that must never cost: the sidebar's journey
follows a save that ticks one of its steps, and the plan shows the plan just saved,
not the one the page read before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from coffeechat.store import Store
from tests.e2e.conftest import ROOT, app_database, new_page, serve
from tests.e2e.test_journey import no_errors, wait_for_app
from tests.test_app import populate

pytestmark = pytest.mark.e2e
expect.set_options(timeout=20_000)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, dict[str, int]]]:
    """The app over a populated database whose learner has no target role yet."""
    db = app_database(tmp_path)
    ids = populate(db)
    store = Store(db)
    store.profile.update(target_role=None)
    store.dispose()
    with serve("app.py", ROOT, tmp_path) as url:
        yield url, db, ids


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    yield from new_page(browser, height=1800)


def journey_line(page: Page) -> Any:
    """The sidebar's "Your journey · 5 of 8" line."""
    return page.get_by_test_id("stSidebar").locator("p", has_text="Your journey")


def test_choosing_a_role_ticks_the_journey_in_the_sidebar(
    page: Page, server: tuple[str, str, dict[str, int]]
) -> None:
    url, db, _ids = server
    page.goto(f"{url}/role")
    wait_for_app(page)
    before = journey_line(page).inner_text()
    assert before.endswith("5 of 8"), before
    page.get_by_role("combobox", name="Your target role").click()
    page.get_by_role("option", name="Backend developer").click()
    wait_for_app(page)
    # Ticked without a reload: the save redrew the sidebar although the choice is in a
    # fragment; and the card now says which role is the target.
    expect(journey_line(page)).to_have_text(re.compile("6 of 8$"))
    expect(page.get_by_role("heading", name=re.compile("^Backend developer.*your target"))
           ).to_be_visible()
    store = Store(db)
    try:
        assert store.profile.get().target_role == "backend"
    finally:
        store.dispose()
    no_errors(page)


def plan_questions(page: Page) -> list[str]:
    """The questions of the plan as shown, in order."""
    cards = page.get_by_test_id("stMain").locator("[data-testid='stMarkdownContainer']")
    return [t for t in cards.all_inner_texts() if " min" in t and "?" in t]


def test_shuffling_shows_the_plan_that_was_saved(
    page: Page, server: tuple[str, str, dict[str, int]]
) -> None:
    url, _db, ids = server
    address = f"{url}/plan?contact={ids['contact']}&conversation={ids['conversation']}"
    page.goto(address)
    wait_for_app(page)
    first = plan_questions(page)
    assert first
    shuffled = first
    for _ in range(3):  # a shuffle may, rarely, draw the same questions
        page.get_by_role("button", name="Shuffle for different questions").click()
        wait_for_app(page)
        shuffled = plan_questions(page)
        if shuffled != first:
            break
    assert shuffled != first
    expect(page.get_by_role("button", name="Undo: proposed a new plan")).to_be_visible()
    # What the fragment drew is what was saved: a fresh load shows the same plan.
    page.goto(address)
    wait_for_app(page)
    assert plan_questions(page) == shuffled
    no_errors(page)


def test_a_question_moves_down_from_its_menu(
    page: Page, server: tuple[str, str, dict[str, int]]
) -> None:
    url, _db, ids = server
    address = f"{url}/plan?contact={ids['contact']}&conversation={ids['conversation']}"
    page.goto(address)
    wait_for_app(page)
    first = plan_questions(page)
    assert len(first) >= 3
    page.get_by_test_id("stMenuButton").filter(has_text="Change").first.click()
    page.get_by_role("menuitem", name="Move down").click()
    wait_for_app(page)
    moved = [first[1], first[0], *first[2:]]
    assert plan_questions(page) == moved
    # Swap, from the same menu: the other questions of its kind, one click to take one.
    page.get_by_test_id("stMenuButton").filter(has_text="Change").nth(2).click()
    page.get_by_role("menuitem", name="Swap for another").click()
    wait_for_app(page)
    choices = page.get_by_role("radiogroup")
    choices.get_by_role("radio").first.check(force=True)
    wait_for_app(page)
    expect(page.get_by_role("radiogroup")).to_have_count(0)
    swapped = plan_questions(page)
    assert swapped[:2] == moved[:2] and swapped[3:] == moved[3:]
    assert swapped[2] != moved[2]
    # What was drawn is what was saved.
    page.goto(address)
    wait_for_app(page)
    assert plan_questions(page) == swapped
    no_errors(page)
