"""Exports checked by real parsers: pypdf for cards, icalendar for ICS, csv/pandas, zipfile."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from pypdf import PdfReader

from coffeechat.banks import builtin_bank
from coffeechat.cli import main
from coffeechat.errors import CoffeeChatError, ExportError
from coffeechat.exporters.bundle import export_all
from coffeechat.exporters.calendar import calendar_for, followup_uid
from coffeechat.exporters.cards import (
    FLOOR_PT,
    LINE_HEIGHT,
    PT_TO_MM,
    Card,
    Deck,
    _Measure,
    _new_pdf,
    deck_for_conversation,
    deck_from_banks,
    fit_text,
    layout_for,
    meetup_deck,
    render_html,
    render_pdf,
)
from coffeechat.exporters.sheet import sheet_for
from coffeechat.exporters.spreadsheets import csv_for, neutralise
from coffeechat.models import FollowUpKind
from coffeechat.planner import make_plan
from coffeechat.store import Store
from coffeechat.store.backup import parse_backup, restore

UNICODE_TEXT = "Zoë Łukasiewicz and Nguyễn Thị Minh ask: “what’s hard — really?” – and ‘why’"
LONG_TEXT = ("When you were starting out and everyone gave you different advice, how did you "
             "decide which learning path to commit to, what would you tell someone in that "
             "situation today, given how much the tools and the hiring market have changed, "
             "and what would you do differently if you had to start again from the beginning "
             "with everything you know now about how teams really work and how people grow "
             "into the role over their first few years on the job?")


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    return " ".join(text.split())


def test_pdf_renders_unicode_names_and_punctuation() -> None:
    deck = Deck(title="Test — Zoë", label="Nguyễn Thị Minh", cards=[
        Card(id="t.unicode", text=UNICODE_TEXT, category="insights", role="Backend developer"),
    ])
    pages = pdf_text(render_pdf(deck))
    text = squash(pages[0])
    for needle in ("Zoë Łukasiewicz", "Nguyễn Thị Minh", "“what’s hard — really?”", "– and ‘why’"):
        assert needle in text, text
    assert "Insights · Backend developer · t.unicode" in text


@pytest.mark.parametrize("per_page", [4, 6, 8])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_layouts_put_the_right_number_of_cards_on_each_page(per_page: int, paper: str) -> None:
    bank = builtin_bank()
    deck = deck_from_banks(bank, role="security")
    data = render_pdf(deck, paper=paper, per_page=per_page)
    reader = PdfReader(io.BytesIO(data))
    expected_pages = -(-len(deck.cards) // per_page)
    assert len(reader.pages) == expected_pages
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm) == (210 if paper == "a4" else 216)
    first_page = squash(reader.pages[0].extract_text())
    for card in deck.cards[:per_page]:
        assert card.id in first_page


def test_back_sides_follow_each_page_and_carry_the_probes() -> None:
    bank = builtin_bank()
    deck = deck_from_banks(bank, role="frontend", audience="senior-dev", minutes=20)
    data = render_pdf(deck, per_page=4, back=True)
    pages = pdf_text(data)
    assert len(pages) == 2 * -(-len(deck.cards) // 4)
    back = squash(pages[1])
    assert "If there's time:" in back
    first = deck.cards[0]
    assert squash(first.follow_ups[0]) in back


@pytest.mark.parametrize("per_page", [4, 6, 8])
def test_long_questions_are_wrapped_not_clipped(per_page: int) -> None:
    layout = layout_for("a4", per_page)
    deck = Deck(title="t", label="t", cards=[Card(id="t.long", text=LONG_TEXT,
                                                  category="advice", role="Any")])
    pdf = _new_pdf(deck, layout)
    measure = _Measure(pdf)
    box_w = layout.card_w - 11
    box_h = layout.card_h - 11 - 15
    size, lines = fit_text(measure, LONG_TEXT, box_w, box_h, 22)
    assert size >= FLOOR_PT
    assert " ".join(lines) == squash(LONG_TEXT)  # every word, in order
    assert all(measure.width(line) * size <= box_w + 1e-6 for line in lines)
    assert len(lines) * size * PT_TO_MM * LINE_HEIGHT <= box_h
    text = squash(pdf_text(render_pdf(deck, per_page=per_page))[0])
    assert squash(LONG_TEXT) in text


def test_pathological_text_shrinks_below_the_floor_rather_than_clip() -> None:
    layout = layout_for("a4", 8)
    deck = Deck(title="t", label="t", cards=[])
    measure = _Measure(_new_pdf(deck, layout))
    word = "x" * 600
    size, lines = fit_text(measure, word, 80, 40, 14)
    assert "".join(lines) == word
    assert len(lines) * size * PT_TO_MM * LINE_HEIGHT <= 40
    assert all(measure.width(line) * size <= 80 + 1e-6 for line in lines)


def test_decks_for_a_conversation_and_the_meetup(sqlite_store: Store) -> None:
    bank = builtin_bank()
    contact = sqlite_store.contacts.add({"name": "Zoë Łukasiewicz"})
    plan = make_plan(bank, "qa-automation", "junior-dev")
    conv = sqlite_store.conversations.add({"contact_id": contact.id, "plan": plan.ids,
                                          "role": "qa-automation"})
    deck = deck_for_conversation(sqlite_store, bank, conv.id)
    assert [c.id for c in deck.cards] == plan.ids
    assert deck.label == "Zoë Łukasiewicz"
    assert all(c.role == "QA / test automation engineer" for c in deck.cards)
    text = squash(" ".join(pdf_text(render_pdf(deck))))
    assert "Zoë Łukasiewicz" in text
    meetup = meetup_deck(bank)
    assert len(meetup.cards) == len(bank.openers)
    assert all(c.role == "Meetup" for c in meetup.cards)
    empty = sqlite_store.conversations.add({"contact_id": contact.id})
    with pytest.raises(ExportError, match="no planned questions"):
        deck_for_conversation(sqlite_store, bank, empty.id)


def test_html_view_is_autoescaped_and_sized_for_print() -> None:
    deck = Deck(title="<script>alert(1)</script>", label="<img src=x onerror=alert(1)>",
                cards=[Card(id="t.x", text="Is <b>this</b> & that safe?", category="trends",
                            role="Any")])
    html = render_html(deck, paper="letter", per_page=8)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Is &lt;b&gt;this&lt;/b&gt; &amp; that safe?" in html
    assert "@page { size: letter portrait;" in html
    assert "grid-template-rows: repeat(4," in html


# ------------------------------------------------------------------ calendar


def test_ics_events_parse_back_with_stable_uids(sqlite_store: Store) -> None:
    dana = sqlite_store.contacts.add({"name": "Dana Park"})
    conv = sqlite_store.conversations.add({"contact_id": dana.id})
    sqlite_store.conversations.set_status(conv.id, "held", at=datetime.now())
    extra = sqlite_store.followups.add({"contact_id": dana.id, "due_on": date.today(),
                                       "text": "Send the article on testing"})
    first = Calendar.from_ical(calendar_for(sqlite_store))
    events = {str(e["uid"]): e for e in first.walk("VEVENT")}
    open_ids = [f.id for f in sqlite_store.followups.list()]
    assert set(events) == {followup_uid(i) for i in open_ids}
    thank = next(e for e in events.values() if str(e["summary"]) == "Thank Dana")
    assert thank.decoded("dtstart").date() == date.today() + timedelta(days=1)
    assert str(thank["status"]) == "CONFIRMED"
    alarms = thank.walk("VALARM")
    assert len(alarms) == 1 and str(alarms[0]["action"]) == "DISPLAY"

    # Re-export after changes: same UIDs, the done one cancelled, the moved one updated.
    before = int(events[followup_uid(extra.id)]["sequence"])
    sqlite_store.followups.snooze(extra.id, 3)
    done = sqlite_store.followups.complete(
        next(f.id for f in sqlite_store.followups.list() if f.kind == "thank_you"))
    second = {str(e["uid"]): e for e in Calendar.from_ical(
        calendar_for(sqlite_store)).walk("VEVENT")}
    # Every earlier UID is still there (updated, not duplicated); thanking them added
    # the report-back reminder.
    assert set(events) < set(second)
    new = [second[u] for u in set(second) - set(events)]
    assert [str(e["summary"]) for e in new] == ["Tell Dana how it went"]
    assert str(second[followup_uid(done.id)]["status"]) == "CANCELLED"
    assert not second[followup_uid(done.id)].walk("VALARM")
    moved = second[followup_uid(extra.id)]
    assert moved.decoded("dtstart").date() == date.today() + timedelta(days=3)
    assert int(moved["sequence"]) >= before


def test_a_paper_or_table_no_face_offers_is_a_programmer_error() -> None:
    # Not a CoffeeChatError: the faces report it as unexpected, not as the learner's fault.
    with pytest.raises(ValueError, match="a4 or letter") as paper:
        layout_for("a3", 6)
    with pytest.raises(ValueError, match="4, 6 or 8"):
        layout_for("a4", 5)
    assert not isinstance(paper.value, CoffeeChatError)


def test_every_follow_up_kind_has_one_wording_for_sheet_calendar_and_next_step() -> None:
    # The sheet, the calendar and the home page's next step all read these words.
    for kind in FollowUpKind:
        assert kind.label[:1].isupper()
        assert "Dana" in kind.to_do("Dana") and kind.to_do("Dana")[:1].isupper()
    assert FollowUpKind.THANK_YOU.to_do("Dana") == "Thank Dana"
    assert FollowUpKind.THANK_YOU.label == "Thank-you"


# ---------------------------------------------------------------------- CSV


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)",
                                   "\tTab", "\rCR"])
def test_formula_cells_are_neutralised(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert neutralise("Plain") == "Plain" and neutralise(5) == 5


def test_csv_exports_parse_and_are_safe(sqlite_store: Store) -> None:
    sqlite_store.contacts.add({"name": "=cmd|' /C calc'!A0", "company": "@evil",
                              "tags": ["a", "b"], "title": "Zoë’s – role"})
    sqlite_store.contacts.add({"name": "Nguyễn Thị Minh", "common_ground": "-5 ideas"})
    data = csv_for(sqlite_store, "contacts")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 2
    by_name = {r["name"]: r for r in rows}
    assert "'=cmd|' /C calc'!A0" in by_name
    assert by_name["'=cmd|' /C calc'!A0"]["company"] == "'@evil"
    assert by_name["'=cmd|' /C calc'!A0"]["tags"] == "a, b"
    assert by_name["Nguyễn Thị Minh"]["common_ground"] == "'-5 ideas"
    for table in ("conversations", "followups"):
        assert csv_for(sqlite_store, table).decode("utf-8-sig").splitlines()[0].startswith("id,")


# ---------------------------------------------------------------- everything


def test_export_all_zip_has_everything_and_the_backup_restores(sqlite_store: Store,
                                                               tmp_path: Path) -> None:
    bank = builtin_bank()
    zoe = sqlite_store.contacts.add({"name": "Zoë Łukasiewicz"})
    plan = make_plan(bank, "backend", "senior-dev")
    conv = sqlite_store.conversations.add({"contact_id": zoe.id, "plan": plan.ids})
    sqlite_store.conversations.add({"contact_id": zoe.id})
    sqlite_store.conversations.set_status(conv.id, "held")
    seen: list[float] = []
    data = export_all(sqlite_store, bank, progress=lambda f, _label: seen.append(f))
    assert seen[-1] == 1.0
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        assert {"README.txt", "csv/contacts.csv", "csv/conversations.csv",
                "csv/followups.csv", "calendar/coffeechat.ics",
                "backup/coffeechat-backup.json"} <= names
        sheets = sorted(n for n in names if n.startswith("sheets/"))
        cards = sorted(n for n in names if n.startswith("cards/"))
        assert len(sheets) == 2 and len(cards) == 1
        assert cards[0].endswith("zoe-ukasiewicz.pdf") or "zo" in cards[0]
        assert PdfReader(io.BytesIO(zf.read(cards[0]))).pages
        Calendar.from_ical(zf.read("calendar/coffeechat.ics"))
        backup = zf.read("backup/coffeechat-backup.json")
    fresh = Store(f"sqlite:///{tmp_path}/fresh.sqlite3")
    try:
        restore(fresh, parse_backup(backup))
        assert [c.name for c in fresh.contacts.list()] == ["Zoë Łukasiewicz"]
    finally:
        fresh.dispose()
    assert json.loads(backup)["format"] == "coffeechat-backup"


# ---------------------------------------------------------------------- CLI


def test_cli_exports(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/cli.sqlite3"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(main, [*args, "--db", db])
        assert result.exit_code == 0, result.output
        return result.output

    run("contacts", "add", "--name", "Nguyễn Thị Minh")
    store = Store(db)
    try:
        plan = make_plan(builtin_bank(), "frontend", "senior-dev")
        conv = store.conversations.add({"contact_id": 1, "plan": plan.ids})
    finally:
        store.dispose()
    sheet = run("export", "sheet", "--conversation", str(conv.id))
    assert sheet.startswith("# Coffee chat with Nguyễn Thị Minh")
    outputs = {
        "cards.pdf": ["export", "cards", "--conversation", str(conv.id), "--back"],
        "sel.pdf": ["export", "cards", "--role", "frontend", "--audience", "recruiter",
                    "--minutes", "15", "--paper", "letter", "--per-page", "8"],
        "meetup.html": ["export", "cards", "--deck", "meetup", "--html"],
        "f.ics": ["export", "ics"],
        "c.csv": ["export", "csv", "--table", "contacts"],
        "all.zip": ["export", "all"],
    }
    for name, args in outputs.items():
        run(*args, "-o", str(tmp_path / name))
        assert (tmp_path / name).stat().st_size > 0
        assert not (tmp_path / (name + ".partial")).exists()
    assert "Nguyễn Thị Minh" in squash(" ".join(pdf_text((tmp_path / "cards.pdf").read_bytes())))
    bad = runner.invoke(main, ["export", "cards", "--role", "frontend", "--deck", "meetup",
                               "-o", str(tmp_path / "x.pdf"), "--db", db])
    assert bad.exit_code == 2 and "Choose one deck" in bad.output


def test_scheduled_chats_are_in_the_calendar_and_the_next_step(sqlite_store: Store) -> None:
    from coffeechat import journey

    priya = sqlite_store.contacts.add({"name": "Priya Patel", "title": "Tech Recruiter"})
    day = date.today() + timedelta(days=3)
    conv = sqlite_store.conversations.add({
        "contact_id": priya.id, "status": "scheduled",
        "scheduled_at": datetime.combine(day, datetime.min.time())})
    timed = sqlite_store.conversations.add({
        "contact_id": priya.id, "status": "scheduled", "budget_minutes": 30,
        "scheduled_at": datetime.combine(day, datetime.min.time()) + timedelta(hours=14)})
    events = {str(e["uid"]): e for e in Calendar.from_ical(
        calendar_for(sqlite_store)).walk("VEVENT")}
    all_day = events[f"conversation-{conv.id}@coffeechat.local"]
    assert all_day.decoded("dtstart") == day
    at_two = events[f"conversation-{timed.id}@coffeechat.local"]
    assert at_two.decoded("dtstart").hour == 14
    assert at_two.decoded("dtend") - at_two.decoded("dtstart") == timedelta(minutes=30)
    assert str(at_two["summary"]) == "Coffee chat with Priya Patel"
    action = journey.next_action(sqlite_store)
    assert action.headline == f"Your chat with Priya is on {day:%a %d %b}"
    sheet = sheet_for(sqlite_store, builtin_bank(), conv.id)
    assert f"**When:** {day:%A %d %B %Y} ·" in sheet
