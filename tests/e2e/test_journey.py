"""The whole journey in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pypdf import PdfReader

from coffeechat.exporters.cards import Card, Deck, render_html
from tests.e2e.conftest import SHOTS

pytestmark = pytest.mark.e2e
# Small, busy CI machines: give the app time to rerun before an assertion gives up.
expect.set_options(timeout=20_000)
XSS = "<img src=x onerror=alert(1)>"


def wait_for_app(page: Page) -> None:
    """Wait as Streamlit's own e2e suite does: the app, its connection, then the script."""
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']",
                           timeout=60_000)
    # A rerun may already be over by the time we look.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']",
                               timeout=1_500)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                           timeout=60_000)
    time.sleep(0.3)  # let React paint the last delta


def go(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_errors(page: Page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "Traceback" not in body
    assert "something went wrong" not in body


def commit(page: Page) -> None:
    """Text inputs save when they lose focus."""
    page.keyboard.press("Tab")
    wait_for_app(page)


@pytest.fixture(scope="module")
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 2200},
                                  accept_downloads=True)
    p = context.new_page()
    p.set_default_timeout(30_000)
    yield p
    context.close()


def test_journey_in_chromium(page: Page, app_url: str) -> None:
    # First run: a welcome that starts the wizard.
    go(page, app_url)
    expect(page.get_by_role("heading", name="Welcome to Coffee Chat")).to_be_visible()
    no_errors(page)
    shot(page, "01-welcome")

    # 1. Profile and pitch.
    go(page, f"{app_url}/profile")
    page.get_by_label("Your name").fill("Zoë Łukasiewicz")
    commit(page)
    page.get_by_label("Who I am").fill("I'm Zoë. I taught chemistry for six years.")
    commit(page)
    page.get_by_label("What I do").fill("Now I'm learning backend development with Python "
                                        "and building an app for science teachers.")
    commit(page)
    page.get_by_label("Where I want to be in 12 months").fill(
        "In a year I'd like to be a junior backend developer on a team that builds tools "
        "for schools.")
    commit(page)
    expect(page.get_by_text("words ·", exact=False)).to_be_visible()
    no_errors(page)
    shot(page, "02-profile")

    # 2. Target role.
    go(page, f"{app_url}/role")
    page.get_by_role("combobox", name="Your target role").click()
    page.get_by_role("option", name="Backend developer").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Backend developer")).to_contain_text("your target")
    shot(page, "03-role")

    # 3. Where to network.
    go(page, f"{app_url}/networking")
    no_errors(page)
    shot(page, "04-networking")

    # 4. Contacts, including one whose name is HTML.
    go(page, f"{app_url}/contacts")
    for name, company, common in (
        ("Dana Park", "Acme", "We both went from teaching into tech"),
        (XSS, "Evil Corp", ""),
        ("Nguyễn Thị Minh 🌸", "Beta", "We're both in the React Vienna meetup"),
    ):
        if not page.get_by_label("Name *").is_visible():
            page.get_by_text("Add a contact").click()
        page.get_by_label("Name *").fill(name)
        page.get_by_label("Company").fill(company)
        page.get_by_label("What you have in common").fill(common)
        page.get_by_role("button", name="Add contact").click()
        wait_for_app(page)
    expect(page.get_by_text(XSS).first).to_be_visible()
    assert page.locator("img[src='x']").count() == 0
    expect(page.get_by_text("Nguyễn Thị Minh 🌸").first).to_be_visible()
    no_errors(page)
    shot(page, "05-contacts")

    # A reload shows the same data: nothing lived only in the session.
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("Dana Park").first).to_be_visible()

    # 5. A question plan for Dana (deep link by contact).
    go(page, f"{app_url}/plan?contact=1")
    page.get_by_label("Your goal for this chat").fill("Learn what on-call is really like")
    page.get_by_role("button", name="Create and propose a plan").click()
    wait_for_app(page)
    expect(page.get_by_text("of 20 minutes planned")).to_be_visible()
    expect(page.get_by_text("What path did you take").first).to_be_visible()
    no_errors(page)
    shot(page, "06-plan")

    # 6. Outreach: the request, coached, then marked as sent.
    go(page, f"{app_url}/outreach?contact=1&conversation=1&purpose=interview_request")
    page.get_by_label("What you'd most like to learn").fill("how you chose backend work")
    commit(page)
    draft = page.get_by_role("textbox", name="Edit the message")
    expect(draft).to_contain_text("Dana")
    expect(page.get_by_text("coach score")).to_be_visible()
    no_errors(page)
    shot(page, "07-outreach")
    page.get_by_role("button", name="I sent it").click()
    wait_for_app(page)

    # 7. The chat is held, with a note.
    go(page, f"{app_url}/notes?contact=1&conversation=1")
    first_note = page.locator("textarea").first
    first_note.fill("Started in support, then moved to backend after a year")
    commit(page)
    page.get_by_role("button", name="Mark as held").click()
    wait_for_app(page)
    no_errors(page)
    shot(page, "08-notes")

    # 8. The thank-you is due, and the dashboard says so.
    go(page, f"{app_url}/followups")
    expect(page.get_by_text("Thank Dana for the chat").first).to_be_visible()
    shot(page, "09-followups")
    go(page, app_url)
    expect(page.get_by_role("heading", name="Thank Dana, due tomorrow")).to_be_visible()
    no_errors(page)
    shot(page, "10-home")

    # 9. The exports are offered and download real files.
    go(page, f"{app_url}/export?contact=1&conversation=1")
    with page.expect_download() as sheet_info:
        page.get_by_role("button", name="Download the interview sheet (Markdown)").click()
    sheet = Path(sheet_info.value.path()).read_text(encoding="utf-8")
    assert sheet.startswith("# Coffee chat with Dana Park")
    assert "Started in support" in sheet
    with page.expect_download() as pdf_info:
        page.get_by_role("button", name="question cards (PDF)").click()
    pdf = PdfReader(io.BytesIO(Path(pdf_info.value.path()).read_bytes()))
    assert "What path did you take" in " ".join(p.extract_text() or "" for p in pdf.pages)
    no_errors(page)
    shot(page, "11-export")


def test_card_print_view_prints_to_pdf_in_chromium(browser: Any) -> None:
    deck = Deck(title="Print test", label="Nguyễn Thị Minh", cards=[
        Card(id="t.one", text="Zoë Łukasiewicz asks: “what’s the hardest part — really?”",
             category="insights", role="Backend developer", minutes=3),
        Card(id="t.two", text="Who else do you think I should talk to?", category="closing",
             role="Backend developer", minutes=1),
    ])
    context = browser.new_context()
    page = context.new_page()
    page.set_content(render_html(deck, paper="a4", per_page=6))
    data = page.pdf(prefer_css_page_size=True)
    context.close()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm) == 210
    text = " ".join((reader.pages[0].extract_text() or "").split())
    assert "Zoë Łukasiewicz" in text and "Nguyễn Thị Minh" in text
    assert "Who else do you think I should talk to?" in text
