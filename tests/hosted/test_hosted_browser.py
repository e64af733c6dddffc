"""A hosted Coffee Chat in Chromium: sign-in, two people at once, a crashed replica.

Everything goes through HAProxy (deploy/haproxy.cfg) to two replicas on one PostgreSQL,
with a real OpenID Connect provider (see conftest.py).
"""

from __future__ import annotations

import base64
import json
import re
import zipfile
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from coffeechat.store import Store
from tests.e2e.test_journey import no_errors, shot, wait_for_app
from tests.hosted.conftest import AUTH_COOKIE, REPLICA_COOKIE, HostedSite, replica_of

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
expect.set_options(timeout=20_000)

# Everyone this module signs in as, and the contacts they add: none may reach a log.
ADA = ("ada.lovelace@example.org", "Ada Lovelace")
GRACE = ("grace.hopper@example.net", "Grace Hopper")
MALLORY = ("mallory.tamper@example.com", "Mallory Tamperer")
KIM = ("kim.restart@example.org", "Kim Restart")
LOGGED = ("lou.logcheck@example.net", "Lou Logcheck")
CONTACTS = ("Dana Replica-Before", "Sam Replica-After", "Robin Never-Logged")
SIGN_IN_TITLE = "☕ Welcome to Coffee Chat"


def expect_sign_in_page(page: Page) -> None:
    """The sign-in page and nothing else: no navigation, no journey, no page content."""
    wait_for_app(page)
    expect(page.get_by_role("heading", name=SIGN_IN_TITLE)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert page.get_by_test_id("stSidebarNav").count() == 0
    assert page.get_by_text("Your journey").count() == 0
    assert page.get_by_role("button", name="Sign out").count() == 0
    no_errors(page)


def go(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def cookie(context: BrowserContext, name: str) -> dict[str, Any]:
    found = [c for c in context.cookies() if c["name"] == name]
    assert found, f"no {name} cookie"
    return dict(found[0])


def add_contact(page: Page, site_url: str, name: str) -> None:
    go(page, f"{site_url}/contacts")
    # The form's expander starts open only while there are no contacts at all.
    expander = page.get_by_test_id("stExpander").filter(has_text="Add a contact")
    expect(expander).to_be_visible()
    is_open = expander.evaluate(
        "e => (e.tagName === 'DETAILS' ? e : e.querySelector('details')).open")
    if not is_open:
        expander.get_by_text("Add a contact").click()
    field = expander.get_by_label("Name *")
    expect(field).to_be_visible()
    field.fill(name)
    page.get_by_role("button", name="Add contact").click()
    wait_for_app(page)
    expect(page.get_by_text(name).first).to_be_visible()


def test_a_visitor_sees_only_the_sign_in_page(browser: Any, hosted_site: HostedSite) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    try:
        page = context.new_page()
        for path in ("", "/import_linkedin", "/contacts?contact=1", "/export", "/no_such_page"):
            go(page, f"{hosted_site.url}{path}")
            expect_sign_in_page(page)
            assert page.get_by_role("heading", name="Import from LinkedIn").count() == 0
        go(page, hosted_site.url)
        body = page.get_by_test_id("stMain").inner_text()
        assert "informational interviews" in body and "e-mail address" in body
        shot(page, "hosted-01-sign-in")
    finally:
        context.close()


def test_sign_in_then_sign_out(sign_in_as: Callable[[str, str], Page],
                               hosted_site: HostedSite) -> None:
    page = sign_in_as(*ADA)
    expect(page.get_by_role("heading", name="Welcome to Coffee Chat", exact=True)).to_be_visible()
    no_errors(page)
    shot(page, "hosted-02-home-ada")
    # A deep link now opens the page itself.
    go(page, f"{hosted_site.url}/import_linkedin")
    expect(page.get_by_role("heading", name="Import from LinkedIn")).to_be_visible()

    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    expect_sign_in_page(page)
    assert AUTH_COOKIE not in {c["name"] for c in page.context.cookies()}
    shot(page, "hosted-04-signed-out")
    go(page, f"{hosted_site.url}/import_linkedin")
    expect_sign_in_page(page)


def test_two_people_signed_in_at_once_on_either_replica(
        sign_in_as: Callable[[str, str], Page], hosted_site: HostedSite) -> None:
    ada, grace = sign_in_as(*ADA), sign_in_as(*GRACE)
    shot(grace, "hosted-03-home-grace")
    for page, (_, name) in ((ada, ADA), (grace, GRACE)):
        page.reload()
        wait_for_app(page)
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text(f"Signed in as {name}")).to_be_visible()
        other = GRACE[1] if name == ADA[1] else ADA[1]
        assert sidebar.get_by_text(other).count() == 0
        # The sign-in is valid on every replica: pin this browser to the other one.
        here = replica_of(page.context)
        there = next(n for n in hosted_site.replicas if n != here)
        page.context.add_cookies([{**cookie(page.context, REPLICA_COOKIE), "value": there}])
        page.reload()
        wait_for_app(page)
        assert replica_of(page.context) == there
        expect(sidebar.get_by_text(f"Signed in as {name}")).to_be_visible()


def forge(value: str, email: str, name: str) -> str:
    """The signed cookie with someone else's identity in it, keeping the old signature.

    Streamlit signs it with itsdangerous: ``[.]base64(payload).base64(time).base64(sig)``,
    the leading dot meaning the payload is zlib-compressed.
    """
    compressed = value.startswith(".")
    payload, stamp, signature = value.lstrip(".").rsplit(".", 2)
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    text = json.loads(zlib.decompress(raw) if compressed else raw)
    # The payload is itself the JSON text of the claims.
    claims = json.loads(text) if isinstance(text, str) else text
    assert claims.get("is_logged_in") is True, claims
    claims.update(email=email, name=name, sub="someone-else")
    body = json.dumps(json.dumps(claims)).encode()
    packed = zlib.compress(body) if compressed else body
    encoded = base64.urlsafe_b64encode(packed).decode().rstrip("=")
    return f"{'.' if compressed else ''}{encoded}.{stamp}.{signature}"


def test_a_tampered_auth_cookie_is_refused(browser: Any,
                                          sign_in_as: Callable[[str, str], Page],
                                          hosted_site: HostedSite) -> None:
    page = sign_in_as(*MALLORY)
    signed = cookie(page.context, AUTH_COOKIE)

    forged = forge(signed["value"], "ada.lovelace@example.org", "Ada Lovelace")
    page.context.add_cookies([{**signed, "value": forged}])
    go(page, hosted_site.url)
    expect_sign_in_page(page)
    assert page.get_by_text("Ada Lovelace").count() == 0
    # The genuine cookie, put back, still works: it was the forgery that was refused.
    page.context.add_cookies([signed])
    go(page, hosted_site.url)
    expect(page.get_by_test_id("stSidebar").get_by_text(f"Signed in as {MALLORY[1]}")
           ).to_be_visible()

    # The same forged cookie in a fresh browser, on the other replica, is refused too.
    context = browser.new_context()
    try:
        fresh = context.new_page()
        context.add_cookies([{**signed, "value": forged}])
        for name in hosted_site.replicas:
            context.add_cookies([{"name": REPLICA_COOKIE, "value": name,
                                  "url": hosted_site.url}])
            go(fresh, hosted_site.url)
            expect_sign_in_page(fresh)
    finally:
        context.close()


def test_a_replica_killed_mid_journey(sign_in_as: Callable[[str, str], Page],
                                      hosted_site: HostedSite) -> None:
    page = sign_in_as(*KIM)
    add_contact(page, hosted_site.url, CONTACTS[0])
    first = replica_of(page.context)
    hosted_site.kill(first)
    try:
        # The browser notices the lost connection and reconnects through the balancer,
        # which sends it to the replica still running; the learner is still signed in.
        page.get_by_test_id("stSidebar").get_by_text("Contacts").first.click()
        wait_for_app(page)
        expect(page.get_by_test_id("stSidebar").get_by_text(f"Signed in as {KIM[1]}")
               ).to_be_visible()
        assert replica_of(page.context) != first
        expect(page.get_by_text(CONTACTS[0]).first).to_be_visible()
        add_contact(page, hosted_site.url, CONTACTS[1])
        page.reload()
        wait_for_app(page)
        expect(page.get_by_text(CONTACTS[0]).first).to_be_visible()
        expect(page.get_by_text(CONTACTS[1]).first).to_be_visible()
        no_errors(page)
    finally:
        hosted_site.start(first)


def test_logs_hold_no_emails_or_names(sign_in_as: Callable[[str, str], Page],
                                     hosted_site: HostedSite) -> None:
    # Its own short journey, so the check means something wherever xdist runs it; it
    # also covers whatever the other tests did on this site before it.
    page = sign_in_as(*LOGGED)
    add_contact(page, hosted_site.url, CONTACTS[2])
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    expect_sign_in_page(page)
    logs = hosted_site.logs()
    assert "You can now view your Streamlit app" in logs, "not reading the replicas' output"
    for value in (*ADA, *GRACE, *MALLORY, *KIM, *LOGGED, *CONTACTS):
        assert value.lower() not in logs.lower(), f"{value!r} is in a replica's log"
    assert not re.search(r"[\w.+-]+@example\.(org|net|com)", logs)


# Two learners of one cohort, each with people the other must never see.
ANA = ("ana.isolated@example.org", "Ana Isolated")
BEN = ("ben.isolated@example.net", "Ben Isolated")
ANA_PEOPLE = ("Priya Onlyana", "Kwame Anaslist")
BEN_PEOPLE = ("Tomás Onlyben", "Mei Benslist")


def linkedin_file(first: str, last: str) -> bytes:
    return ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            f"{first},{last},https://www.linkedin.com/in/{last.lower()},,Acme,QA,15 Mar 2024\n"
            ).encode()


def import_one(page: Page, site_url: str, person: str) -> None:
    first, last = person.split(" ", 1)
    go(page, f"{site_url}/import_linkedin")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": "Connections.csv", "mimeType": "text/csv",
                "buffer": linkedin_file(first, last)}])
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    main.get_by_role("button", name="Add 1 new contact").click()
    wait_for_app(page)
    expect(main.get_by_text("Imported: 1 new")).to_be_visible()


def export_zip_text(page: Page, site_url: str) -> str:
    """Every text file of the "Download all my data" zip, joined."""
    go(page, f"{site_url}/export")
    page.get_by_role("button", name="Prepare the export").click()
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download everything (.zip)").click()
    path = download.value.path()
    assert path is not None
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace")
                         for n in archive.namelist() if not n.endswith(".pdf"))


def backup_names(page: Page, site_url: str) -> str:
    go(page, f"{site_url}/export")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download a backup (.json)").click()
    path = download.value.path()
    assert path is not None
    return open(path, encoding="utf-8").read()


def test_two_accounts_never_see_each_other(sign_in_as: Callable[[str, str], Page],
                                           hosted_site: HostedSite) -> None:
    ana, ben = sign_in_as(*ANA), sign_in_as(*BEN)
    for page, people in ((ana, ANA_PEOPLE), (ben, BEN_PEOPLE)):
        add_contact(page, hosted_site.url, people[0])
        import_one(page, hosted_site.url, people[1])

    # What a first message needs, typed here rather than through two more forms.
    store = Store(hosted_site.database_url)
    try:
        for (email, name), people in ((ANA, ANA_PEOPLE), (BEN, BEN_PEOPLE)):
            mine = store.for_account(store.accounts.by_email(email).id)
            mine.profile.update(name=name)
            for contact in mine.contacts.list():
                mine.contacts.update_fields(
                    contact.id, common_ground="We were both at PyCon's testing sprint.")
            assert sorted(c.name for c in mine.contacts.list()) == sorted(people)
    finally:
        store.dispose()

    for page, mine, theirs in ((ana, ANA_PEOPLE, BEN_PEOPLE), (ben, BEN_PEOPLE, ANA_PEOPLE)):
        go(page, f"{hosted_site.url}/contacts")
        for name in mine:
            expect(page.get_by_text(name).first).to_be_visible()
        for name in theirs:
            assert page.get_by_text(name).count() == 0, f"{name} leaked to another account"
        # The outreach page drafts for one's own people only.
        go(page, f"{hosted_site.url}/outreach")
        for name in theirs:
            assert page.get_by_text(name).count() == 0
        draft = page.locator("[data-testid='stTextArea'] textarea").first
        expect(draft).to_be_visible()
        greeted = draft.input_value()
        assert any(name.split()[0] in greeted for name in mine), greeted
        assert not any(name.split()[0] in greeted for name in theirs), greeted
        # The zip of everything holds this account's people, and nobody else's.
        archive = export_zip_text(page, hosted_site.url)
        for name in mine:
            assert name in archive
        for name in theirs:
            assert name not in archive
        # The backup download holds this account's people, and nobody else's.
        document = backup_names(page, hosted_site.url)
        for name in mine:
            assert name in document
        for name in theirs:
            assert name not in document
        no_errors(page)
    shot(ana, "hosted-05-ana-contacts")

    # Ben's own contact ids, tried as deep links by Ana, look exactly like missing ones.
    store = Store(hosted_site.database_url)
    try:
        bens = store.for_account(store.accounts.by_email(BEN[0]).id)
        ids = [c.id for c in bens.contacts.list()]
        assert sorted(c.name for c in bens.contacts.list()) == sorted(BEN_PEOPLE)
        # And the database agrees: Ana's account holds exactly her two people.
        anas = store.for_account(store.accounts.by_email(ANA[0]).id)
        assert sorted(c.name for c in anas.contacts.list()) == sorted(ANA_PEOPLE)
    finally:
        store.dispose()
    for contact_id in ids:
        go(ana, f"{hosted_site.url}/contacts?contact={contact_id}")
        for name in BEN_PEOPLE:
            assert ana.get_by_text(name).count() == 0
        expect(ana.get_by_text("That contact doesn't exist any more.")).to_be_visible()


ERIN = ("erin.erase@example.org", "Erin Erase")


def test_delete_my_account_asks_then_erases_everything(
        sign_in_as: Callable[[str, str], Page], hosted_site: HostedSite) -> None:
    page = sign_in_as(*ERIN)
    add_contact(page, hosted_site.url, "Noor Erasable")
    go(page, f"{hosted_site.url}/export")
    page.get_by_text("Delete my account…").click()
    button = page.get_by_role("button", name="Delete my account and everything in it")
    expect(button).to_be_disabled()  # nothing happens until they type the word
    page.get_by_label('Type "delete" to confirm').fill("delete")
    page.keyboard.press("Tab")
    wait_for_app(page)
    expect(button).to_be_enabled()
    button.click()
    expect_sign_in_page(page)

    store = Store(hosted_site.database_url)
    try:
        emails = {s.account.email for s in store.accounts.summaries()}
        assert ERIN[0] not in emails
        names = [c.name for a in store.accounts.summaries()
                 for c in store.for_account(a.account.id).contacts.list(archived=None)]
        assert "Noor Erasable" not in names
    finally:
        store.dispose()
