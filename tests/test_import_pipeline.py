"""The LinkedIn import as a pipeline: chunks, progress, the row rules and stored values."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from sqlalchemy import text

from coffeechat.cli import main
from coffeechat.importers import linkedin, progress
from coffeechat.importers.linkedin import COMMON, FROM_FILE, ROW_RULES, import_connections
from coffeechat.importers.progress import Progress, progress_label
from coffeechat.models import ContactIn
from coffeechat.store import Store

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def csv_bytes(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def person(i: int) -> str:
    return f"P{i},Q,https://www.linkedin.com/in/p{i},,Co {i % 7},Dev,1 Jan 2020"


# ------------------------------------------------------------------ progress


@pytest.mark.parametrize("dry_run", [False, True])
def test_progress_counts_up_to_every_row_of_the_file(store: Store, dry_run: bool) -> None:
    # Blank rows, repeats and bad rows count too: progress is rows read, not rows written.
    rows = [person(i) for i in range(4500)]
    rows[10] = ""
    rows[20] = rows[30]
    rows[40] = ",,,,Nameless,Ghost,1 Jan 2020"
    seen: list[tuple[int, int]] = []
    import_connections(store, csv_bytes([HEADER, *rows]), dry_run=dry_run,
                       progress=lambda done, total: seen.append((done, total)))
    assert len(seen) >= 3
    assert {total for _done, total in seen} == {4500}
    counts = [done for done, _total in seen]
    assert counts == sorted(set(counts)), "progress went back or repeated itself"
    assert seen[-1] == (4500, 4500)


def test_a_file_without_rows_reports_no_progress(store: Store) -> None:
    seen: list[tuple[int, int]] = []
    report = import_connections(store, csv_bytes([HEADER]),
                                progress=lambda d, t: seen.append((d, t)))
    assert seen == [] and report.nothing_to_import() is not None


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_shows_only_after_a_second_and_always_the_end() -> None:
    clock = Clock()
    shown: list[tuple[int, int]] = []
    step = Progress(lambda d, t: shown.append((d, t)), every=0.5, clock=clock)
    step(100, 1000)
    clock.now += 0.5
    step(200, 1000)
    assert shown == [] and not step.shown  # a quick import shows nothing
    clock.now += 0.6
    step(300, 1000)
    clock.now += 0.1
    step(400, 1000)  # too soon after the last one
    step(1000, 1000)  # but the end always shows
    assert shown == [(300, 1000), (1000, 1000)] and step.shown


def test_the_progress_label_is_warm_and_counts_with_separators() -> None:
    assert progress_label(12_000, 30_000) == "Adding your connections… 12,000 of 30,000"
    assert progress_label(5, 9, dry_run=True) == "Reading your connections… 5 of 9"


def test_the_cli_shows_progress_on_stderr_but_never_with_json(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "DELAY_S", 0.0)  # show it however fast the import is
    path = tmp_path / "Connections.csv"
    path.write_bytes(csv_bytes([HEADER] + [person(i) for i in range(2500)]))
    runner = CliRunner()
    plain = runner.invoke(main, ["import", "linkedin", str(path), "--dry-run", "--db", db_url])
    assert plain.exit_code == 0, plain.output
    assert "Reading your connections… 2,500 of 2,500" in plain.stderr
    assert "your connections…" not in plain.stdout
    as_json = runner.invoke(main, ["import", "linkedin", str(path), "--json", "--db", db_url])
    assert as_json.exit_code == 0, as_json.output
    assert "your connections…" not in as_json.output
    assert as_json.stderr == ""
    assert json.loads(as_json.stdout)["created"] == 2500


# ------------------------------------------------------------------- chunks


def test_repeats_and_bad_rows_are_found_across_chunks(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linkedin, "CHUNK", 3)
    rows = [person(0), person(1), person(2), person(3), "", person(0),
            "A,B,https:// bad,,Co,Dev,1 Jan 2020", person(4),
            "Lee,Sam,,,Widgets, Inc.,QA,1 Feb 2022",
            person(1).replace("https://www.linkedin.com/in/p1", "")]
    report = import_connections(store, csv_bytes([HEADER, *rows]))
    got = {r.line: (r.outcome, r.reason) for r in report.rows}
    assert [r.line for r in report.rows] == sorted(got), "the report is in file order"
    assert got[7] == ("skipped", "appears earlier in this file (line 2)")
    assert got[8][0] == "failed" and got[8][1].startswith("profile_url ")
    assert got[10][0] == "failed" and "has 8 values" in got[10][1]
    assert got[11] == ("skipped", "appears earlier in this file (line 3)")
    assert report.created == 5 and store.contacts.count() == 5
    again = import_connections(store, csv_bytes([HEADER, *rows]))
    assert (again.created, again.updated) == (0, 0)
    assert {r.outcome for r in again.rows if r.line in (2, 3, 4, 5, 9)} == {"skipped"}


def test_the_report_gives_back_each_row_whole(store: Store) -> None:
    rows = [person(0), "Al,Bo,not-a-url,,Co,Dev,1 Jan 2020", person(0)]
    report = import_connections(store, csv_bytes([HEADER, *rows]))
    assert len(report.rows) == 3
    first, adjusted, repeat = report.rows
    assert (first.line, first.name, first.outcome, first.reason, first.adjustments) == (
        2, "P0 Q", "created", "new contact", [])
    assert adjusted.adjustments == ["ignored the profile address 'not-a-url'"]
    assert adjusted.reason == "new contact; ignored the profile address 'not-a-url'"
    assert report.rows[-1] == repeat and report.rows[1:] == [adjusted, repeat]
    assert report.as_dict()["rows"][0] == {"line": 2, "name": "P0 Q", "outcome": "created",
                                           "reason": "new contact", "adjustments": []}
    assert (report.created, report.skipped) == (2, 1)


# ---------------------------------------------------------------- row rules


@pytest.mark.parametrize("change", [
    {},
    {"name": ""},
    {"name": "x" * 121},
    {"call_them": "y" * 61},
    {"title": "t" * 201},
    {"profile_url": "https:// space"},
    {"profile_url": "https://" + "u" * 200},
    {"email": "not an email"},
    {"connected_on": "soon"},
    {"company": None, "email": None, "connected_on": None},
])
def test_the_row_rules_are_contact_ins_own(change: dict[str, Any]) -> None:
    row = {"name": "Dana Park", "call_them": "Dana", "title": "Dev", "company": "Acme",
           "profile_url": "https://www.linkedin.com/in/dana", "email": "d@example.com",
           "connected_on": date(2024, 3, 15), **change}

    def passes(check: Any) -> bool:
        try:
            check()
        except ValidationError:
            return False
        return True

    by_model = passes(lambda: ContactIn.model_validate({**row, **COMMON}))
    by_rules = passes(lambda: ROW_RULES.validate_python([row]))
    assert by_rules == by_model
    # Every other field is one ContactIn leaves empty by default.
    left_out = set(ContactIn.model_fields) - set(FROM_FILE) - set(COMMON)
    assert all(ContactIn.model_fields[name].default is None for name in left_out)


# ------------------------------------------------------------- stored values


def test_tags_dates_unicode_and_blanks_round_trip_on_both_databases(store: Store) -> None:
    """The bulk path goes through SQLAlchemy's types: a JSON list stays a list on PostgreSQL."""
    kept = store.contacts.add({"name": "Zoë Łukasiewicz", "tags": ["mentor", "café"],
                               "profile_url": "https://www.linkedin.com/in/zoe",
                               "company": "Old Co"})
    rows = [
        'Zoë,Łukasiewicz,https://www.linkedin.com/in/zoe,,"Widgets, Inc.",Advocate,2 Jan 2023',
        "Nguyễn,Thị Minh,,,,,",
        "李,小龙,https://www.linkedin.com/in/li,li@example.com,北京公司,工程师,29 Feb 2024",
    ]
    report = import_connections(store, csv_bytes([HEADER, *rows]))
    assert (report.created, report.updated) == (2, 1)
    with store._db.reading() as s:
        stored = {r.name: r for r in s.execute(text(
            "SELECT name, CAST(tags AS TEXT) AS tags, connected_on, email, profile_url, "
            "company, title, call_them, archived, tier, source, search_key FROM contacts"))}
    assert {name: json.loads(r.tags) for name, r in stored.items()} == {
        "Zoë Łukasiewicz": ["mentor", "café"], "Nguyễn Thị Minh": [], "李 小龙": []}
    minh, li = stored["Nguyễn Thị Minh"], stored["李 小龙"]
    # Blank cells are NULL, not empty strings.
    assert (minh.email, minh.profile_url, minh.company, minh.title, minh.connected_on) == (
        None, None, None, None, None)
    assert minh.call_them == "Nguyễn" and minh.archived in (False, 0)
    assert (li.company, li.title, li.email) == ("北京公司", "工程师", "li@example.com")
    assert (minh.tier, minh.source) == ("acquaintance", "linkedin")
    people = {c.name: c for c in store.contacts.list()}
    assert people["李 小龙"].connected_on == date(2024, 2, 29)
    zoe = people["Zoë Łukasiewicz"]
    assert zoe.id == kept.id and zoe.tags == ["mentor", "café"]
    assert (zoe.company, zoe.title, zoe.connected_on) == ("Widgets, Inc.", "Advocate",
                                                          date(2023, 1, 2))
    # The search key is set on the bulk path too, and updated with the company.
    assert [c.name for c in store.contacts.list(search="nguyen")] == ["Nguyễn Thị Minh"]
    assert [c.name for c in store.contacts.list(search="widgets")] == ["Zoë Łukasiewicz"]
    assert [c.name for c in store.contacts.list(tag="mentor")] == ["Zoë Łukasiewicz"]
