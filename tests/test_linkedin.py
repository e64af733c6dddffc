from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import insert, text

from coffeechat.cli import main
from coffeechat.clock import now
from coffeechat.errors import ImportFileError
from coffeechat.exporters.spreadsheets import csv_for
from coffeechat.importers import csvfile
from coffeechat.importers.linkedin import (
    ImportReport,
    RowResult,
    import_connections,
    import_file,
)
from coffeechat.store import Store
from coffeechat.store.backup import write_backup
from coffeechat.store.tables import ContactRow

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
OLD_HEADER = "First Name,Last Name,Email Address,Company,Position,Connected On"
PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing. You will only see email addresses for connections who have '
    'allowed their connections to see or download their email address."\n\n'
)
ROWS = [
    "Dana,Park,https://www.linkedin.com/in/danapark,,Acme,Staff Engineer,15 Mar 2024",
    'Zoë,Łukasiewicz,https://www.linkedin.com/in/zoe,zoe@example.com,"Widgets, Inc.",'
    '"Developer Advocate, Europe",02 Jan 2023',
    "",
    "Nguyễn,Thị Minh,https://www.linkedin.com/in/minh,,Beta,Data Engineer,30 Nov 2025",
]


def csv_bytes(lines: list[str], *, preamble: bool = False, bom: bool = False,
              crlf: bool = False) -> bytes:
    text = (PREAMBLE if preamble else "") + "\n".join(lines) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


@pytest.mark.parametrize("preamble", [False, True])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("crlf", [False, True])
def test_real_export_variants_import_the_same(store: Store, preamble: bool, bom: bool,
                                             crlf: bool) -> None:
    raw = csv_bytes([HEADER, *ROWS], preamble=preamble, bom=bom, crlf=crlf)
    report = import_connections(store, raw)
    assert (report.created, report.updated, report.skipped, report.failed) == (3, 0, 0, 0)
    people = {c.name: c for c in store.contacts.list()}
    assert set(people) == {"Dana Park", "Zoë Łukasiewicz", "Nguyễn Thị Minh"}
    zoe = people["Zoë Łukasiewicz"]
    assert zoe.company == "Widgets, Inc." and zoe.title == "Developer Advocate, Europe"
    assert zoe.email == "zoe@example.com" and zoe.connected_on == date(2023, 1, 2)
    assert people["Dana Park"].email is None
    assert people["Dana Park"].profile_url == "https://www.linkedin.com/in/danapark"
    assert all(c.source == "linkedin" and c.reach_by == "linkedin" for c in people.values())
    # LinkedIn's First Name is what people go by, even when the family name comes first.
    assert people["Nguyễn Thị Minh"].first_name == "Nguyễn"
    assert people["Zoë Łukasiewicz"].call_them == "Zoë"


def test_old_header_without_url(store: Store) -> None:
    raw = csv_bytes([OLD_HEADER, "Sam,Lee,,Initech,QA Lead,1 Feb 2022"])
    report = import_connections(store, raw)
    assert report.created == 1
    sam = store.contacts.list()[0]
    assert sam.profile_url is None and sam.company == "Initech"


def test_rerun_deduplicates_and_updates_by_url_then_by_name(store: Store) -> None:
    import_connections(store, csv_bytes([HEADER, *ROWS]))
    moved = ROWS[0].replace("Acme,Staff Engineer", "Globex,Principal Engineer")
    minh_email = ROWS[3].replace(",,Beta", ",minh@example.com,Beta").replace(
        "https://www.linkedin.com/in/minh", "")
    report = import_connections(store, csv_bytes([HEADER, moved, ROWS[1], minh_email]))
    outcomes = {r.name: (r.outcome, r.reason) for r in report.rows}
    assert outcomes["Dana Park"][0] == "updated"
    assert "company" in outcomes["Dana Park"][1] and "title" in outcomes["Dana Park"][1]
    assert outcomes["Zoë Łukasiewicz"] == ("skipped", "already in your contacts")
    assert outcomes["Nguyễn Thị Minh"] == ("updated", "updated email")
    assert store.contacts.count() == 3
    dana = store.contacts.list(search="dana")[0]
    assert (dana.company, dana.title) == ("Globex", "Principal Engineer")


def test_duplicates_and_bad_rows_are_reported_per_row(store: Store) -> None:
    raw = csv_bytes([
        HEADER,
        ROWS[0],
        ROWS[0],
        ",,,,Nameless Co,Ghost,1 Jan 2020",
        "Al,Bo,not-a-url,al@,Co,Dev,sometime",
        "X" * 130 + ",Y,,,Co,Dev,1 Jan 2020",
    ])
    report = import_connections(store, raw)
    by_line = {r.line: r for r in report.rows}
    assert by_line[3].outcome == "skipped" and "line 2" in by_line[3].reason
    assert by_line[4].outcome == "failed" and "no first or last name" in by_line[4].reason
    assert by_line[5].outcome == "created"
    assert "ignored the date 'sometime'" in by_line[5].reason
    assert "ignored the profile address" in by_line[5].reason
    assert "ignored the email" in by_line[5].reason
    assert by_line[6].outcome == "created"
    assert "shortened the name to 120 characters" in by_line[6].reason
    assert report.summary() == "Imported: 3 new, 0 updated, 1 skipped, 1 failed."


def test_dry_run_writes_nothing(store: Store) -> None:
    report = import_connections(store, csv_bytes([HEADER, *ROWS]), dry_run=True)
    assert report.created == 3
    assert report.summary().startswith("Would import")
    assert store.contacts.count() == 0


@pytest.mark.parametrize(
    "raw",
    [
        b"name,email\nDana,dana@example.com\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\xff\xd8\xff",
        b"",
    ],
)
def test_a_file_that_is_not_a_linkedin_export_writes_nothing(store: Store,
                                                             raw: bytes) -> None:
    with pytest.raises(ImportFileError) as exc:
        import_connections(store, raw, where="upload.csv")
    assert "upload.csv" in str(exc.value)
    assert "Nothing was imported" in str(exc.value)
    assert store.contacts.count() == 0


def test_progress_is_reported_while_writing(store: Store) -> None:
    lines = [HEADER] + [f"P{i},Q,https://x.example/in/{i},,Co,Dev,1 Jan 2020"
                        for i in range(4500)]
    seen: list[tuple[int, int]] = []
    import_connections(store, csv_bytes(lines), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (4500, 4500)
    assert len(seen) >= 3


def test_cli_import_reports_and_dry_run(tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(csv_bytes([HEADER, *ROWS], preamble=True))
    db = db_url
    runner = CliRunner()
    dry = runner.invoke(main, ["import", "linkedin", str(path), "--dry-run", "--db", db])
    assert dry.exit_code == 0, dry.output
    assert "Would import: 3 new" in dry.output
    real = runner.invoke(main, ["import", "linkedin", str(path), "--json", "--db", db])
    assert real.exit_code == 0
    assert '"created": 3' in real.output
    listed = runner.invoke(main, ["contacts", "list", "--db", db])
    assert "Zoë Łukasiewicz" in listed.output
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n")
    result = runner.invoke(main, ["import", "linkedin", str(bad), "--db", db])
    assert result.exit_code == 1
    assert "does not look like LinkedIn" in result.output


# ------------------------------------------------------------- stored values


def test_imported_contacts_are_whole_on_both_databases(store: Store, tmp_path: Path) -> None:
    """On PostgreSQL the old bulk path stored tags as '{}', breaking every later read."""
    import_connections(store, csv_bytes([HEADER, *ROWS]))
    with store._db.reading() as s:
        tags = s.execute(text("SELECT CAST(tags AS TEXT) FROM contacts")).scalars().all()
    assert [json.loads(t) for t in tags] == [[], [], []]
    people = store.contacts.list()
    assert [c.tags for c in people] == [[], [], []]
    assert all(c.tier == "acquaintance" and c.archived is False for c in people)
    assert all(c.created_at == c.updated_at for c in people)
    # Everything that reads contacts back works.
    assert b"Dana Park" in csv_for(store, "contacts")
    write_backup(store, tmp_path / "backup.json")
    assert "Dana Park" in (tmp_path / "backup.json").read_text(encoding="utf-8")
    assert store.contacts.list(tag="x") == []


# ----------------------------------------------------- rows of the wrong shape


def lines_of(report_rows: list[RowResult]) -> dict[int, RowResult]:
    return {r.line: r for r in report_rows}


@pytest.mark.parametrize(
    ("bad", "count"),
    [
        ("Lee,Sam,https://www.linkedin.com/in/sam,,Widgets, Inc.,QA Lead,1 Feb 2022", 8),
        ("Lee,Sam,https://www.linkedin.com/in/sam,,Widgets,QA Lead,1 Feb 2022,extra,more", 9),
        ("Lee,Sam,https://www.linkedin.com/in/sam", 3),
    ],
    ids=["unquoted-comma", "extra-fields", "short-row"],
)
@pytest.mark.parametrize("position", [0, 2, 4], ids=["first-row", "middle", "last-row"])
def test_a_row_with_the_wrong_number_of_values_fails_alone(
    store: Store, bad: str, count: int, position: int
) -> None:
    good = [ROWS[0], ROWS[1], ROWS[3],
            "Ali,Khan,https://www.linkedin.com/in/ali,,Initech,Dev,3 Mar 2021"]
    rows = [*good]
    rows.insert(position, bad)
    report = import_connections(store, csv_bytes([HEADER, *rows]))
    bad_line = 2 + position
    failed = [r for r in report.rows if r.outcome == "failed"]
    assert [(r.line, r.outcome) for r in failed] == [(bad_line, "failed")]
    assert f"has {count} values but the file has 7 columns" in failed[0].reason
    # Every other row is there, unshifted.
    assert report.created == 4
    people = {c.name: c for c in store.contacts.list()}
    assert set(people) == {"Dana Park", "Zoë Łukasiewicz", "Nguyễn Thị Minh", "Ali Khan"}
    assert people["Ali Khan"].company == "Initech" and people["Ali Khan"].title == "Dev"
    assert people["Ali Khan"].profile_url == "https://www.linkedin.com/in/ali"
    assert people["Dana Park"].connected_on == date(2024, 3, 15)


def test_every_row_of_the_file_is_in_the_report(store: Store) -> None:
    rows = [
        ROWS[0],
        "Lee,Sam,,,Widgets, Inc.,QA,1 Feb 2022",
        "",
        ROWS[0],
        ",,,,,,",
        "Kim,Ro,,,Acme,Dev",
        ",,,,Nameless,Ghost,1 Jan 2020",
        ROWS[1],
    ]
    report = import_connections(store, csv_bytes([HEADER, *rows]))
    got = {r.line: r.outcome for r in report.rows}
    # Lines 4 and 6 are blank; everything else has an outcome.
    assert got == {2: "created", 3: "failed", 5: "skipped", 7: "failed", 8: "failed",
                   9: "created"}


def test_an_unclosed_quote_is_reported_with_the_lines_it_swallowed(store: Store) -> None:
    rows = [ROWS[0], 'Lee,"Sam,,,Acme,QA,1 Feb 2022', ROWS[3],
            "Ali,Khan,https://www.linkedin.com/in/ali,,Initech,Dev,3 Mar 2021"]
    report = import_connections(store, csv_bytes([HEADER, *rows]))
    failed = [r for r in report.rows if r.outcome == "failed"]
    assert len(failed) == 1 and failed[0].line == 3
    assert "lines 3-5 were read as one row" in failed[0].reason
    assert failed[0].name == "Lee Sam"
    assert "quote" in failed[0].reason
    assert store.contacts.count() == 1


def test_a_quoted_line_break_inside_a_value_is_kept_as_a_space(store: Store) -> None:
    row = 'Kim,Ro,,,"Acme\nLabs",Dev,1 Jan 2020'
    report = import_connections(store, csv_bytes([HEADER, row, ROWS[0]]))
    assert [(r.line, r.outcome) for r in report.rows] == [(2, "created"), (4, "created")]
    assert store.contacts.list(search="kim")[0].company == "Acme Labs"


# ------------------------------------------------------ two imports at once

IMPORT_IN_A_PROCESS = """
import json, pathlib, sys, time
from coffeechat.importers.linkedin import import_file
from coffeechat.store import Store
url, path, go = sys.argv[1:4]
store = Store(url)
while not pathlib.Path(go).exists():
    time.sleep(0.002)
report = import_file(store, pathlib.Path(path))
print(json.dumps([report.created, report.skipped]))
"""


def test_two_imports_of_the_same_file_at_once_converge(store: Store, db_url: str,
                                                       tmp_path: Path) -> None:
    count = 3000
    path = tmp_path / "Connections.csv"
    path.write_bytes(csv_bytes([HEADER] + [
        f"P{i},Q,https://www.linkedin.com/in/p{i},,Co {i % 9},Dev,1 Jan 2020"
        for i in range(count)
    ]))
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", IMPORT_IN_A_PROCESS, db_url, str(path),
                               str(go)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
             for _ in range(2)]
    time.sleep(1.5)  # both processes are up and have opened the database
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    assert store.contacts.count() == count
    assert sorted(results) == [[0, count], [count, 0]]


def test_a_second_import_waits_for_the_first_to_commit(store: Store, db_url: str) -> None:
    """The lock, step by step: a writer holding it makes the import wait, then see its rows."""
    raw = csv_bytes([HEADER, ROWS[0]])
    holder = Store(db_url)
    result: list[ImportReport] = []
    try:
        with holder._db.exclusive() as s:
            thread = threading.Thread(target=lambda: result.append(import_connections(store,
                                                                                      raw)))
            thread.start()
            thread.join(timeout=1.0)
            assert thread.is_alive(), "the import did not wait for the lock"
            s.execute(insert(ContactRow), [{
                "name": "Dana Park", "company": "Acme", "title": "Staff Engineer",
                "profile_url": "https://www.linkedin.com/in/danapark", "created_at": now(),
                "updated_at": now()}])
        thread.join(timeout=30)
    finally:
        holder.dispose()
    assert [r.outcome for r in result[0].rows] == ["updated"]
    assert store.contacts.count() == 1


# ------------------------------------------------------------ file formats


def test_semicolon_files_are_read_and_the_report_says_so(store: Store) -> None:
    rows = ["Dana;Park;https://www.linkedin.com/in/danapark;;Acme;Staff Engineer;15 Mar 2024",
            'Zoë;Ł;;;"Widgets; Inc.";Dev;02 Jan 2023']
    report = import_connections(store, csv_bytes([HEADER.replace(",", ";"), *rows]))
    assert report.created == 2
    assert any("semicolons" in n for n in report.notes)
    assert "semicolons" in report.text_lines()[0]
    assert store.contacts.list(search="zoë")[0].company == "Widgets; Inc."


def test_a_windows_1252_file_of_even_length_is_not_read_as_utf16(store: Store) -> None:
    text_ = "\n".join([HEADER, "Zoë,Müller,,,Café Ltd,Dev,1 Jan 2020", ""])
    raw = text_.encode("cp1252")
    if len(raw) % 2:
        raw += b"\n"
    assert len(raw) % 2 == 0
    report = import_connections(store, raw)
    assert report.created == 1
    assert store.contacts.list()[0].name == "Zoë Müller"
    assert any("Windows-1252" in n for n in report.notes)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_unicode_encodings_are_read(store: Store, codec: str) -> None:
    raw = "\n".join([HEADER, *ROWS, ""]).encode(codec)
    report = import_connections(store, raw)
    assert report.created == 3 and not report.notes
    assert {c.name for c in store.contacts.list()} == {
        "Dana Park", "Zoë Łukasiewicz", "Nguyễn Thị Minh"}


def test_an_unreadable_encoding_names_the_encodings_tried(store: Store) -> None:
    # 0x81 and 0x9D are not UTF-8 and have no meaning in Windows-1252.
    raw = (HEADER + "\nA,B,,,\x81Co\x9d,Dev,1 Jan 2020\n").encode("latin-1")
    with pytest.raises(ImportFileError) as exc:
        import_connections(store, raw, where="odd.csv")
    assert "UTF-8" in str(exc.value) and "Windows-1252" in str(exc.value)
    assert store.contacts.count() == 0


@pytest.mark.parametrize("raw", [b"", b"   \r\n\r\n"])
def test_an_empty_file_says_it_is_empty(store: Store, raw: bytes) -> None:
    with pytest.raises(ImportFileError, match="up.csv is empty"):
        import_connections(store, raw, where="up.csv")


def test_a_file_with_only_the_header_says_there_is_nothing_in_it(store: Store) -> None:
    report = import_connections(store, csv_bytes([HEADER, "", ""]), dry_run=True)
    message = report.nothing_to_import()
    assert message is not None and "no connections" in message
    assert "already in your contacts" not in message


def test_nothing_to_import_says_why(store: Store) -> None:
    import_connections(store, csv_bytes([HEADER, ROWS[0]]))
    again = import_connections(store, csv_bytes([HEADER, ROWS[0]]), dry_run=True)
    assert again.nothing_to_import() == (
        "Nothing new to import: everyone in this file is already in your contacts.")
    broken = import_connections(store, csv_bytes([HEADER, ",,,,Co,Dev,1 Jan 2020"]),
                                dry_run=True)
    message = broken.nothing_to_import()
    assert message is not None and "None of the rows" in message


# -------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value",
    ["07 Feb 2022", "7 Feb 2022", "7-Feb-22", "07-Feb-2022", "Feb 7, 2022", "Feb 7 2022",
     "February 7, 2022", "2022-02-07", "2022/02/07", "2022-02-07 00:00:00",
     "2022-02-07T09:30:00", "07.02.2022", "7.2.22", "2/7/2022 0:00"],
)
def test_dates_resaved_by_spreadsheets_are_read(store: Store, value: str) -> None:
    # The second row settles that slashes in this file are month first.
    rows = [f'Kim,Ro,,,Acme,Dev,"{value}"', "Al,Bo,,,Co,Dev,12/25/2021"]
    report = import_connections(store, csv_bytes([HEADER, *rows]))
    assert report.created == 2 and not any(r.adjustments for r in report.rows)
    assert store.contacts.list(search="kim")[0].connected_on == date(2022, 2, 7)


def test_a_day_over_12_anywhere_in_the_file_settles_the_order(store: Store) -> None:
    rows = ["A,B,,,C,D,2/7/2022", "E,F,,,G,H,25/12/2022"]
    import_connections(store, csv_bytes([HEADER, *rows]))
    assert store.contacts.list(search="a b")[0].connected_on == date(2022, 7, 2)


def test_truly_ambiguous_dates_are_reported_not_guessed(store: Store) -> None:
    rows = ["A,B,,,C,D,2/7/2022", "E,F,,,G,H,5/5/2022", "I,J,,,K,L,31 Feb 2022"]
    report = import_connections(store, csv_bytes([HEADER, *rows]))
    by_line = lines_of(report.rows)
    assert "it could be 2 Jul 2022 or 7 Feb 2022" in by_line[2].reason
    assert by_line[3].adjustments == []  # 5/5 is the same either way
    assert "no such day" in by_line[4].reason
    people = {c.name: c.connected_on for c in store.contacts.list()}
    assert people == {"A B": None, "E F": date(2022, 5, 5), "I J": None}


def test_a_file_with_both_orders_only_reads_the_clear_dates(store: Store) -> None:
    rows = ["A,B,,,C,D,25/12/2022", "E,F,,,G,H,12/25/2022", "I,J,,,K,L,2/7/2022"]
    report = import_connections(store, csv_bytes([HEADER, *rows]))
    assert [bool(r.adjustments) for r in report.rows] == [False, False, True]


# ------------------------------------------------------------- text report


def test_the_text_report_shows_truncation_and_summarises_skips(store: Store, db_url: str,
                                                                tmp_path: Path) -> None:
    rows = [f"P{i},Q,https://www.linkedin.com/in/p{i},,Co,Dev,1 Jan 2020" for i in range(300)]
    rows.append("X" * 130 + ",Y,,,Co,Dev,1 Jan 2020")
    path = tmp_path / "Connections.csv"
    path.write_bytes(csv_bytes([HEADER, *rows]))
    runner = CliRunner()
    first = runner.invoke(main, ["import", "linkedin", str(path), "--db", db_url])
    assert first.exit_code == 0, first.output
    assert "shortened the name to 120 characters" in first.output
    assert "Imported with changes (1 row):" in first.output
    again = runner.invoke(main, ["import", "linkedin", str(path), "--db", db_url])
    assert again.exit_code == 0, again.output
    out = again.output.splitlines()
    assert len(out) <= 4, again.output
    assert out[0] == ("Skipped 301 rows (already in your contacts), for example line 2 (P0 Q), "
                      "line 3 (P1 Q), line 4 (P2 Q).")
    assert out[-2] == "Imported: 0 new, 0 updated, 301 skipped, 0 failed."
    assert out[-1] == "Nothing new to import: everyone in this file is already in your contacts."


def test_long_lists_in_the_text_report_are_cut(store: Store) -> None:
    rows = [f",,,,Co{i},Dev,1 Jan 2020" for i in range(45)]
    report = import_connections(store, csv_bytes([HEADER, *rows]), dry_run=True)
    lines = report.text_lines(more=" (add --json)")
    assert lines[0] == "Can't import 45 rows:"
    assert lines[1] == "  line 2: no first or last name; add one or delete the row"
    assert lines[21] == "  …and 25 more (add --json)."
    assert len(lines) == 23


# ----------------------------------------------------------------- limits


def test_a_file_over_the_size_limit_is_refused_before_reading_it_all(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.write((HEADER + "\n").encode())
        f.truncate(csvfile.MAX_BYTES + 10)
    with pytest.raises(ImportFileError, match="larger than 16 MB"):
        import_file(store, path)
    assert store.contacts.count() == 0


def test_a_file_over_the_row_limit_is_refused_and_writes_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csvfile, "MAX_ROWS", 50)
    rows = [f"P{i},Q,,,Co,Dev,1 Jan 2020" for i in range(51)]
    with pytest.raises(ImportFileError, match="more than 50 rows"):
        import_connections(store, csv_bytes([HEADER, *rows]))
    assert store.contacts.count() == 0
    report = import_connections(store, csv_bytes([HEADER, *rows[:50]]))
    assert report.created == 50


def test_the_readme_states_the_import_limits() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    limits = readme.split("## Limits", 1)[1].split("\n## ", 1)[0]
    assert f"{csvfile.MAX_BYTES // (1024 * 1024)} MB" in limits
    assert f"{csvfile.MAX_ROWS:,}" in limits
