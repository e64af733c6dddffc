"""The Log-an-interaction dialog in Chromium: a refused note keeps everything typed."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import new_page
from tests.e2e.test_journey import go, no_errors, shot, wait_for_app

pytestmark = pytest.mark.e2e
expect.set_options(timeout=20_000)


@pytest.fixture(scope="module")
def page(browser: Any) -> Any:
    yield from new_page(browser, height=1600)


def test_log_dialog_keeps_a_too_long_note_and_says_why(page: Page, app_url: str) -> None:
    # Through the router first: a deep link on a fresh server is issue 9's routing case.
    go(page, app_url)
    go(page, f"{app_url}/followups")
    page.get_by_role("button", name="Log a chat, message or meetup").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    note = "n" * 250
    minutes = dialog.get_by_label("Minutes")
    minutes.fill("45")
    dialog.get_by_label("Note (optional)").fill(note)
    dialog.get_by_role("button", name="Log it").click()
    wait_for_app(page)
    # The dialog stays open, the message is under the note, and nothing was cleared.
    expect(dialog.get_by_text("Note can be at most 200 characters (you have 250).")).to_be_visible()
    expect(dialog.get_by_label("Note (optional)")).to_have_value(note)
    expect(dialog.get_by_label("Minutes")).to_have_value("45")
    shot(page, "log-dialog-long-note")

    dialog.get_by_label("Note (optional)").fill("Pairing session at the meetup")
    dialog.get_by_role("button", name="Log it").click()
    wait_for_app(page)
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_text("Logged. Nice work.")).to_be_visible()
    no_errors(page)
