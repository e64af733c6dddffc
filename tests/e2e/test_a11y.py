"""Accessibility and phones, in Debian's Chromium.

axe-core (the copy shipped in the pinned ``axe-playwright-python`` wheel) runs over
every page, empty and with data. Streamlit's own markup has a few violations we can't
fix; rather than keep a list of them, the test serves a plain Streamlit app with the
same kinds of parts, runs axe there too, and fails on any rule the app breaks that the
plain app doesn't.

At 390 px (a common phone width) the journey must not scroll sideways, the question
plan must stay a few screens long, and a long name must fit the contact picker. A
full-length screenshot of every page goes to test-artifacts/screenshots/phone-*.png.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from coffeechat.banks import builtin_bank
from coffeechat.planner import make_plan
from coffeechat.store import Store
from tests.e2e.conftest import ROOT, SHOTS, app_database, serve
from tests.e2e.test_journey import go, no_errors

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 1000}
LONG_NAME = "Bartholomew Featherstonehaugh-Smith"

# A plain app: sectioned navigation, a file uploader and everyday widgets, Streamlit's
# default theme, headings in order. Whatever axe finds here is Streamlit's, not ours.
PLAIN_APP = '''
import streamlit as st


def first():
    st.title("First page")
    st.header("A section")
    st.markdown("Some text.")
    st.text_input("Your name")
    st.text_area("A note")
    st.selectbox("Pick one", ["Apples", "Pears"])
    st.number_input("How many", 0, 10)
    st.button("Go")
    st.file_uploader("A file", type=["csv"])


def second():
    st.title("Second page")
    st.radio("Which", ["A", "B"], horizontal=True)
    st.checkbox("Sure?")


def third():
    st.title("Third page")
    st.slider("How much", 0, 100, 20)


st.navigation({
    "Start": [st.Page(first, title="First", default=True)],
    "More": [st.Page(second, title="Second"), st.Page(third, title="Third")],
}).run()
'''
PLAIN_CONFIG = """
[browser]
gatherUsageStats = false
[server]
headless = true
"""


@dataclass
class Journey:
    """What `seed` wrote, for deep links."""

    contact_id: int
    conversation_id: int
    questions: int


def seed(db_url: str) -> Journey:
    """A learner part-way through: profile, two contacts, a planned chat, a due follow-up."""
    store = Store(db_url)
    try:
        bank = builtin_bank()
        store.profile.update(
            name="Zoë Example",
            pitch_who="I'm Zoë. I taught chemistry for six years.",
            pitch_what="Now I'm learning frontend development.",
            pitch_where="In a year I'd like to be a junior frontend developer.",
            target_role="frontend",
            weekly_study_hours=10,
            networking_share=20,
        )
        contact = store.contacts.add({
            "name": LONG_NAME,
            "title": "Senior Software Engineer",
            "company": "Widgets International Incorporated",
            "common_ground": "We both taught before moving into tech",
            "tags": ["frontend", "teaching"],
        })
        store.contacts.add({"name": "Dana Lee", "title": "Engineering manager"})
        plan = make_plan(bank, "frontend", "senior-dev", minutes=30)
        conversation = store.conversations.add({
            "contact_id": contact.id, "format": "video", "budget_minutes": 30,
            "role": "frontend", "audience": "senior-dev", "plan": plan.ids,
            "goal": "Find out what the first year in frontend is like",
        })
        store.messages.set_draft_detail(contact.id, conversation.id, "topic",
                               "how you moved from teaching into tech")
        store.followups.add({"contact_id": contact.id, "due_on": date.today(),
                            "text": "Send the article about lab planning tools"})
        store.activities.log({"day": date.today(), "kind": "message", "minutes": 20,
                            "contact_id": contact.id})
        return Journey(contact.id, conversation.id, len(plan.ids))
    finally:
        store.dispose()


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The real app over a new, empty SQLite database: (its URL, the database URL)."""
    with serve("app.py", ROOT, tmp_path) as url:
        yield url, app_database(tmp_path)


@pytest.fixture(scope="module")
def plain_streamlit_rules(browser: Browser, tmp_path_factory: pytest.TempPathFactory
                          ) -> set[str]:
    """The axe rules a plain Streamlit app of the same make-up breaks."""
    folder = tmp_path_factory.mktemp("plain-streamlit")
    (folder / "plain.py").write_text(textwrap.dedent(PLAIN_APP))
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "config.toml").write_text(PLAIN_CONFIG)
    with serve("plain.py", folder, folder) as url:
        context = browser.new_context(viewport=DESKTOP)
        try:
            page = context.new_page()
            found: dict[str, list[str]] = {}
            for link in nav_links(page, url):
                axe_check(page, link, found)
        finally:
            context.close()
    return set(found)


def open_page(page: Page, url: str) -> None:
    """Open url and wait until Streamlit has swapped every loading placeholder for the
    real widget (its widget code loads lazily, after the script has finished)."""
    go(page, url)
    page.wait_for_function(
        "!document.querySelector(\"[data-testid='stSkeleton']\")", timeout=30_000)


def nav_links(page: Page, base: str) -> list[str]:
    """Every page in the sidebar navigation (from the running app, never a list)."""
    open_page(page, base)
    hrefs = page.locator("[data-testid='stSidebarNavLink']").evaluate_all(
        "links => links.map(a => a.href)")
    assert len(hrefs) >= 2, "the sidebar navigation did not render"
    return list(dict.fromkeys(hrefs))


def axe_check(page: Page, url: str, found: dict[str, list[str]]) -> None:
    """Open url, run axe, and add each violation (rule -> where, what) to found."""
    open_page(page, url)
    results: dict[str, Any] = Axe().run(page).response
    assert results["testEngine"]["name"] == "axe-core"
    for violation in results["violations"]:
        for node in violation["nodes"]:
            found.setdefault(violation["id"], []).append(
                f"{url}: {node['html'][:160]}\n      {node['failureSummary'][:300]}")


def test_axe_finds_nothing_a_plain_streamlit_app_does_not(
    browser: Browser, fresh_app: tuple[str, str], plain_streamlit_rules: set[str]
) -> None:
    base, db_url = fresh_app
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        for link in nav_links(page, base):
            axe_check(page, link, found)

        journey = seed(db_url)
        chat = f"contact={journey.contact_id}&conversation={journey.conversation_id}"
        deep = [f"{base}/contacts?contact={journey.contact_id}", f"{base}/plan?{chat}",
                f"{base}/outreach?{chat}", f"{base}/notes?{chat}"]
        for link in [*nav_links(page, base), *deep]:
            axe_check(page, link, found)
            no_errors(page)
    finally:
        context.close()

    ours = {rule: where for rule, where in found.items() if rule not in plain_streamlit_rules}
    report = "\n".join(f"{rule}:\n    " + "\n    ".join(where[:6])
                       for rule, where in sorted(ours.items()))
    assert not ours, (f"axe found problems a plain Streamlit app (which breaks only "
                      f"{sorted(plain_streamlit_rules)}) doesn't have:\n{report}")


def phone_shot(page: Page, name: str) -> None:
    """The whole page at phone width: Streamlit scrolls inside stMain, not the window."""
    height = page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": PHONE["width"], "height": int(height)})
    page.wait_for_timeout(300)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"phone-{name}.png"))
    page.set_viewport_size(PHONE)


def overflow(page: Page) -> dict[str, int]:
    """How far the page and its main area reach sideways (0 when nothing sticks out)."""
    return page.evaluate("""() => {
        const main = document.querySelector("[data-testid='stMain']");
        return {page: document.documentElement.scrollWidth - window.innerWidth,
                main: main.scrollWidth - main.clientWidth};
    }""")


def picker_fits(page: Page, label: str) -> tuple[str, bool]:
    """The text shown in a select box, and whether it fits without being cut off."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    return box.evaluate("""box => {
        const shown = box.querySelector("input[role='combobox']");
        return [shown.value, shown.scrollWidth <= shown.clientWidth];
    }""")


def test_the_journey_fits_a_390px_phone(browser: Browser, fresh_app: tuple[str, str]) -> None:
    base, db_url = fresh_app
    journey = seed(db_url)
    chat = f"contact={journey.contact_id}&conversation={journey.conversation_id}"
    desktop = browser.new_context(viewport=DESKTOP)
    try:
        pages = nav_links(desktop.new_page(), base)
    finally:
        desktop.close()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        deep = {"contact": f"{base}/contacts?contact={journey.contact_id}",
                "plan": f"{base}/plan?{chat}", "outreach": f"{base}/outreach?{chat}",
                "notes": f"{base}/notes?{chat}"}
        visits = {(link.rstrip("/").rsplit("/", 1)[-1] if link.rstrip("/") != base else "home"):
                  link for link in pages}
        visits.update(deep)
        for name, link in visits.items():
            open_page(page, link)
            no_errors(page)
            phone_shot(page, name)
            assert overflow(page) == {"page": 0, "main": 0}, f"{name} scrolls sideways"

        for name in ("plan", "outreach", "notes"):
            open_page(page, visits[name])
            shown, fits = picker_fits(page, "Who is it for?")
            assert fits, f"{name}: the picker cuts {shown!r} off"
            assert shown.startswith(LONG_NAME)

        # The plan: one "Change" menu a question, whole on the screen, never cut off.
        open_page(page, visits["plan"])
        menus = page.get_by_test_id("stMenuButton").filter(has_text="Change").evaluate_all(
            """menus => menus.map(menu => {
                const box = menu.getBoundingClientRect();
                return box.height > 0 && box.left >= 0 && box.right <= window.innerWidth;
            })""")
        assert menus == [True] * journey.questions, f"a question's menu is cut off: {menus}"
        height = page.evaluate(
            "document.querySelector(\"[data-testid='stMain']\").scrollHeight")
        assert height < PHONE["height"] * (2 + journey.questions / 3), (
            f"the plan for {journey.questions} questions is {height} px tall")
    finally:
        context.close()
