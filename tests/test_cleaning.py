"""Control characters are stripped at the input boundary, the same on both databases.

A name carrying ESC, BEL, NUL or a bidi override must not reach the terminal, the
calendar file, the CSV or the database, whichever way it came in: the importer, the
store (forms and the CLI), or a backup restore.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from coffeechat.cli import main
from coffeechat.exporters.calendar import calendar_for
from coffeechat.exporters.spreadsheets import csv_for
from coffeechat.importers.linkedin import import_connections
from coffeechat.models import ContactIn, NoteIn, ProfileIn
from coffeechat.store import Store
from coffeechat.store.backup import restore_file
from coffeechat.validation import clean_text

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
# ESC ] (an OSC hyperlink), BEL, NUL, a right-to-left override, a C1 control, DEL.
DIRTY_FIRST = "\x1b]8;;https://evil.example\x07Sam\x00"
DIRTY_LAST = "\u202eeeL\u2066\x9b\x7f"
DIRTY_COMPANY = "Acme\x1b[31m Labs"
#: Anything a terminal, a calendar or PostgreSQL could choke on or be fooled by.
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_clean(value: str, *, allow: str = "") -> None:
    found = {hex(ord(ch)) for ch in UNWANTED.findall(value) if ch not in allow}
    assert not found, f"control characters left: {found} in {value!r}"


def test_dirty_names_are_clean_everywhere(store: Store, db_url: str, tmp_path: Path) -> None:
    row = f"{DIRTY_FIRST},{DIRTY_LAST},,,{DIRTY_COMPANY},Dev\x07,1 Jan 2020"
    report = import_connections(store, (HEADER + "\n" + row + "\n").encode("utf-8"))
    assert report.created == 1
    imported = store.contacts.list()[0]
    assert imported.name == "]8;;https://evil.exampleSam eeL"
    assert imported.company == "Acme[31m Labs" and imported.title == "Dev"

    added = store.contacts.add({"name": "Zoë\x1b[2J 🦄\x00 Nguyễn\u202e",
                               "common_ground": "Line one\x07\r\nline two\tindented\x00",
                               "tags": ["meetup\x1b", "py\u202ethon"]})
    assert added.name == "Zoë[2J 🦄 Nguyễn"
    assert added.common_ground == "Line one\nline two\tindented"
    assert added.tags == ["meetup", "python"]
    for contact in (imported, added):
        store.followups.add({"contact_id": contact.id, "due_on": date(2030, 1, 1),
                            "text": f"Say hi to {DIRTY_FIRST}\x1b"})

    with store._db.reading() as s:
        stored = s.execute(text("SELECT name, company, title, common_ground, "
                                "CAST(tags AS TEXT) FROM contacts")).all()
        stored_followups = s.execute(text("SELECT text FROM followups")).scalars().all()
    for values in stored:
        for value in values:
            assert_clean(value or "", allow="\n\t")
    for value in stored_followups:
        assert_clean(value)

    ics = calendar_for(store).decode("utf-8")
    assert "Sam" in ics
    assert_clean(ics, allow="\r\n")
    csv_text = csv_for(store, "contacts").decode("utf-8-sig")
    assert "eeL" in csv_text
    assert_clean(csv_text, allow="\r\n\t")
    listed = CliRunner().invoke(main, ["contacts", "list", "--db", db_url])
    assert listed.exit_code == 0, listed.output
    assert "Sam eeL" in listed.output and "🦄" in listed.output
    assert_clean(listed.output, allow="\n")


def test_a_backup_with_control_characters_restores_clean(store: Store, tmp_path: Path) -> None:
    """A backup made before cleaning (with a NUL, which PostgreSQL refuses) still restores."""
    stamp = "2024-01-01T10:00:00"
    doc = {
        "format": "coffeechat-backup", "version": 1, "created_at": stamp,
        "tables": {
            "contacts": [{"id": 7, "name": "Dana\x00 Park\x1b", "company": "\u202eAcme",
                          "common_ground": "We both\x07 love\nPython", "created_at": stamp,
                          "updated_at": stamp}],
            "notes": [{"id": 1, "contact_id": 7, "text": "Met at PyCon\x00\nTalked\x1b",
                       "created_at": stamp}],
        },
    }
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    restore_file(store, path)
    dana = store.contacts.get(7)
    assert (dana.name, dana.company, dana.common_ground) == (
        "Dana Park", "Acme", "We both love\nPython")
    assert [n.text for n in store.notes.list(contact_id=7)] == ["Met at PyCon\nTalked"]


def test_prose_keeps_line_breaks_and_one_line_fields_do_not() -> None:
    profile = ProfileIn(name="Sam\nLee", pitch_who="I'm Sam.\n\nI teach\tmaths. 🎓")
    assert profile.name == "Sam Lee"
    assert profile.pitch_who == "I'm Sam.\n\nI teach\tmaths. 🎓"
    assert NoteIn(contact_id=1, text="a\r\nb\rc").text == "a\nb\nc"
    contact = ContactIn(name="Renée  O'Brien", title="Dev\t\tLead", company="\x00")
    assert contact.name == "Renée  O'Brien"  # ordinary spaces are the learner's
    assert contact.title == "Dev Lead"
    assert contact.company is None  # nothing left: a blank field


@given(st.text())
def test_cleaning_is_idempotent_and_leaves_nothing_unwanted(value: str) -> None:
    for multiline in (False, True):
        once = clean_text(value, multiline=multiline)
        assert clean_text(once, multiline=multiline) == once
        assert_clean(once, allow="\n\t" if multiline else "")
        assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in once)
        if not multiline:
            assert "\n" not in once and "\r" not in once and "\t" not in once


@pytest.mark.parametrize("value", ["Zoë Łukasiewicz", "Nguyễn Thị Minh", "محمد", "李小龍",
                                   "👩🏽‍💻 Priya", "O'Brien-Smith", "\u200fעברית"])
def test_ordinary_unicode_is_kept(value: str) -> None:
    assert clean_text(value) == value
    assert ContactIn(name=value).name == value.strip()
