"""The import page in a real browser: previews never outlive their file."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journey import go, no_errors, shot, wait_for_app

pytestmark = pytest.mark.e2e
expect.set_options(timeout=45_000)  # an upload and its rerun, on a busy 2-core machine

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
GOOD = "\n".join([
    HEADER,
    "Dana,Park,https://www.linkedin.com/in/danapark,,Acme,Staff Engineer,15 Mar 2024",
    'Zoë,Łukasiewicz,https://www.linkedin.com/in/zoe,,"Widgets, Inc.",Advocate,2/7/2022',
    "Sam,Lee,https://www.linkedin.com/in/sam,,Initech,QA,25/12/2022",
    "",
]).encode("utf-8")


def upload(page: Page, name: str, data: bytes) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    wait_for_app(page)


def test_previews_go_with_their_file_and_success_replaces_them(app_url: str,
                                                               browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        # Through the router (a deep link on a fresh server is another issue's).
        go(page, app_url)
        page.locator("[data-testid='stSidebar']").get_by_text("Import from LinkedIn").click()
        wait_for_app(page)
        main = page.locator("[data-testid='stMain']")
        upload(page, "Connections.csv", GOOD)
        expect(main.get_by_text("Preview", exact=True)).to_be_visible()
        button = main.get_by_role("button", name="Add 3 new contacts")
        expect(button).to_be_visible()

        # A file the importer refuses takes the last file's preview with it.
        upload(page, "notes.csv", b"hello,world\n1,2\n")
        expect(main.get_by_text("does not look like LinkedIn")).to_be_visible()
        expect(main.get_by_text("Preview", exact=True)).to_have_count(0)
        expect(main.get_by_role("button", name="Add 3 new contacts")).to_have_count(0)
        shot(page, "import-rejected")

        # After a successful import only the result stays on screen.
        upload(page, "Connections.csv", GOOD)
        main.get_by_role("button", name="Add 3 new contacts").click()
        wait_for_app(page)
        expect(main.get_by_text("Imported: 3 new, 0 updated, 0 skipped, 0 failed.")).to_be_visible()
        expect(main.get_by_text("Preview", exact=True)).to_have_count(0)
        expect(main.get_by_role("button", name="Add 3 new contacts")).to_have_count(0)
        expect(main.get_by_text("See your contacts")).to_be_visible()
        shot(page, "import-done")

        # Uploading the same file again says so, rather than offering it again.
        upload(page, "Connections.csv", GOOD)
        expect(main.get_by_text("everyone in this file is already in your contacts")
               ).to_be_visible()
        expect(main.get_by_text("Imported: 3 new")).to_have_count(0)
        no_errors(page)
    finally:
        page.close()
