"""The registry of tables and fields, and the formats that must not move when it grows.

The CSV headers, the backup's table order and the CLI options are published formats:
spreadsheets, backups already written and scripts depend on them. They are pinned
here literally, so a change to the registry that would move them fails a test.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import pytest
from click.testing import CliRunner
from pydantic import Field

from coffeechat.cli import main
from coffeechat.exporters.spreadsheets import csv_for
from coffeechat.fields import (
    CONTACT_FIELDS,
    fields_of,
    spreadsheet_columns,
    typed_fields,
    typed_value,
)
from coffeechat.models import Contact, ContactIn, Face
from coffeechat.store import Store
from coffeechat.store.backup import backup_document, parse_backup, restore
from coffeechat.store.tables import REGISTRY, TABLES
from tests import test_app
from tests.test_app import app, by_label

db = test_app.db  # the AppTest database fixture, shared rather than copied

HEADERS = {
    "contacts": ["id", "name", "title", "company", "location", "met_at", "met_how", "reach_by",
                 "profile_url", "email", "common_ground", "tags", "tier", "cadence_days",
                 "archived", "connected_on", "source", "created_at", "updated_at"],
    "conversations": ["id", "contact_id", "contact", "format", "status", "scheduled_at",
                      "budget_minutes", "role", "audience", "goal", "why_them", "plan",
                      "held_at", "created_at", "updated_at"],
    "followups": ["id", "contact_id", "contact", "conversation_id", "kind", "due_on", "text",
                  "done_at", "cancelled_at", "created_at"],
}
BACKUP_TABLES = ["profile", "contacts", "conversations", "notes", "followups", "activities",
                 "sent_messages", "drafts", "draft_details"]
CONTACT_FLAGS = ["--name", "--call-them", "--title", "--company", "--location", "--met-at",
                 "--met-how", "--channel", "--url", "--email", "--common-ground", "--tag",
                 "--tier", "--cadence", "--json", "--db", "--user"]


@pytest.mark.parametrize("table", list(HEADERS))
def test_csv_headers_stay_as_published(sqlite_store: Store, table: str) -> None:
    header = next(csv.reader(io.StringIO(csv_for(sqlite_store, table).decode("utf-8-sig"))))
    assert header == HEADERS[table]


def test_backups_keep_their_table_order_and_restore(store: Store, tmp_path: Path) -> None:
    dana = store.contacts.add({"name": "Dana Park", "tags": ["python"], "cadence_days": 30})
    store.notes.add({"contact_id": dana.id, "text": "Likes Rust"})
    doc = backup_document(store)
    assert list(doc) == ["format", "version", "created_at", "schema_revision", "tables"]
    assert list(doc["tables"]) == BACKUP_TABLES
    assert [t.name for t in REGISTRY] == BACKUP_TABLES
    assert [t.row for t in REGISTRY] == list(TABLES)
    # The registry order is the restore order: a child restored before its parent
    # would break its foreign key.
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        counts = restore(other, parse_backup(json.dumps(doc)))
        assert counts["contacts"] == 1 and counts["notes"] == 1
        assert list(counts) == BACKUP_TABLES
        assert other.contacts.get(dana.id).tags == ["python"]
        assert backup_document(other)["tables"] == doc["tables"]
    finally:
        other.dispose()


def test_the_cli_offers_every_contact_field_with_its_old_flag() -> None:
    result = CliRunner().invoke(main, ["contacts", "add", "--help"])
    assert result.exit_code == 0
    command = main.commands["contacts"].commands["add"]  # type: ignore[attr-defined]
    flags = [opt for param in command.params for opt in param.opts if opt.startswith("--")]
    assert flags == CONTACT_FLAGS
    assert "[default: regular]" in result.output


def test_the_cli_stores_what_the_form_would(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = CliRunner().invoke(main, [
        "contacts", "add", "--name", "Dana Park", "--url", "linkedin.com/in/dana",
        "--tag", "python", "--tag", "meetup", "--channel", "email", "--cadence", "0",
        "--json", "--db", db])
    assert result.exit_code == 0, result.output
    stored = json.loads(result.output)
    assert stored["profile_url"] == "https://linkedin.com/in/dana"
    assert stored["tags"] == ["python", "meetup"]
    assert stored["reach_by"] == "email"
    assert stored["tier"] == "regular"
    assert stored["cadence_days"] is None  # 0 means "the tier's default", as on the form


class _Grown(ContactIn):
    """A contact with one column more, as a future migration would add it."""

    pronouns: Annotated[str | None, Face(placeholder="e.g. she/her")] = Field(
        default=None, max_length=40, title="Pronouns", description="How they refer to themselves."
    )


def test_a_new_field_reaches_every_face_from_its_model_alone() -> None:
    spec = typed_fields(_Grown)[-1]
    assert spec.name == "pronouns"
    assert (spec.form_label, spec.flag, spec.limit, spec.help) == (
        "Pronouns", "--pronouns", 40, "How they refer to themselves.")
    assert spreadsheet_columns(_Grown)[-1] == "pronouns"
    assert [f.name for f in typed_fields(_Grown)[:-1]] == [f.name for f in CONTACT_FIELDS]


def test_fields_the_learner_never_types_are_registered_but_not_offered() -> None:
    names = {f.name for f in fields_of(Contact)}
    typed = {f.name for f in CONTACT_FIELDS}
    assert {"archived", "source", "connected_on", "last_interaction_on"} <= names - typed
    assert "call_them" in typed and "call_them" not in spreadsheet_columns(Contact)


@pytest.mark.parametrize(("name", "raw", "value"), [
    ("reach_by", "", None), ("reach_by", "email", "email"), ("cadence_days", 0, None),
    ("cadence_days", 45, 45), ("cadence_days", None, None), ("tags", ("a", "b"), ["a", "b"]),
    ("tags", "a, b", "a, b"), ("title", "  kept as typed ", "  kept as typed "),
])
def test_typed_values_become_model_values(name: str, raw: Any, value: Any) -> None:
    spec = next(f for f in CONTACT_FIELDS if f.name == name)
    assert typed_value(spec, raw) == value


def test_the_form_shows_every_registered_field(db: str) -> None:
    at = app("pages/contacts.py")
    labels = {w.label for kind in (at.text_input, at.text_area, at.selectbox, at.number_input)
              for w in kind}
    missing = {f.form_label for f in CONTACT_FIELDS} - labels
    assert not missing


def test_editing_keeps_the_fields_the_form_does_not_show(db: str) -> None:
    store = Store(db)
    dana = store.contacts.add({"name": "Dana Park", "connected_on": date(2024, 5, 1),
                               "source": "linkedin", "tier": "close"})
    store.dispose()
    at = app("pages/contacts.py", {"contact": str(dana.id)})
    assert by_label(at.selectbox, "How close are you?").value == "close"
    by_label(at.text_input, "Company").input("Acme")
    by_label(at.button, "Save changes").click().run()
    store = Store(db)
    saved = store.contacts.get(dana.id)
    store.dispose()
    assert (saved.company, saved.connected_on, saved.source, saved.tier) == (
        "Acme", date(2024, 5, 1), "linkedin", "close")

