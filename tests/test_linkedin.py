from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from coffeechat.cli import main
from coffeechat.errors import ImportFileError
from coffeechat.importers.linkedin import import_connections
from coffeechat.store import Store

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
def test_real_export_variants_import_the_same(sqlite_store: Store, preamble: bool, bom: bool,
                                             crlf: bool) -> None:
    raw = csv_bytes([HEADER, *ROWS], preamble=preamble, bom=bom, crlf=crlf)
    report = import_connections(sqlite_store, raw)
    assert (report.created, report.updated, report.skipped, report.failed) == (3, 0, 0, 0)
    people = {c.name: c for c in sqlite_store.list_contacts()}
    assert set(people) == {"Dana Park", "Zoë Łukasiewicz", "Nguyễn Thị Minh"}
    zoe = people["Zoë Łukasiewicz"]
    assert zoe.company == "Widgets, Inc." and zoe.title == "Developer Advocate, Europe"
    assert zoe.email == "zoe@example.com" and zoe.connected_on == date(2023, 1, 2)
    assert people["Dana Park"].email is None
    assert people["Dana Park"].profile_url == "https://www.linkedin.com/in/danapark"
    assert all(c.source == "linkedin" and c.channel == "linkedin" for c in people.values())
    # LinkedIn's First Name is what people go by, even when the family name comes first.
    assert people["Nguyễn Thị Minh"].first_name == "Nguyễn"
    assert people["Zoë Łukasiewicz"].call_them == "Zoë"


def test_old_header_without_url(sqlite_store: Store) -> None:
    raw = csv_bytes([OLD_HEADER, "Sam,Lee,,Initech,QA Lead,1 Feb 2022"])
    report = import_connections(sqlite_store, raw)
    assert report.created == 1
    sam = sqlite_store.list_contacts()[0]
    assert sam.profile_url is None and sam.company == "Initech"


def test_rerun_deduplicates_and_updates_by_url_then_by_name(sqlite_store: Store) -> None:
    import_connections(sqlite_store, csv_bytes([HEADER, *ROWS]))
    moved = ROWS[0].replace("Acme,Staff Engineer", "Globex,Principal Engineer")
    minh_email = ROWS[3].replace(",,Beta", ",minh@example.com,Beta").replace(
        "https://www.linkedin.com/in/minh", "")
    report = import_connections(sqlite_store, csv_bytes([HEADER, moved, ROWS[1], minh_email]))
    outcomes = {r.name: (r.outcome, r.reason) for r in report.rows}
    assert outcomes["Dana Park"][0] == "updated"
    assert "company" in outcomes["Dana Park"][1] and "title" in outcomes["Dana Park"][1]
    assert outcomes["Zoë Łukasiewicz"] == ("skipped", "already in your contacts")
    assert outcomes["Nguyễn Thị Minh"] == ("updated", "updated email")
    assert sqlite_store.count_contacts() == 3
    dana = sqlite_store.list_contacts(search="dana")[0]
    assert (dana.company, dana.title) == ("Globex", "Principal Engineer")


def test_duplicates_and_bad_rows_are_reported_per_row(sqlite_store: Store) -> None:
    raw = csv_bytes([
        HEADER,
        ROWS[0],
        ROWS[0],
        ",,,,Nameless Co,Ghost,1 Jan 2020",
        "Al,Bo,not-a-url,al@,Co,Dev,sometime",
        "X" * 130 + ",Y,,,Co,Dev,1 Jan 2020",
    ])
    report = import_connections(sqlite_store, raw)
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


def test_dry_run_writes_nothing(sqlite_store: Store) -> None:
    report = import_connections(sqlite_store, csv_bytes([HEADER, *ROWS]), dry_run=True)
    assert report.created == 3
    assert report.summary().startswith("Would import")
    assert sqlite_store.count_contacts() == 0


@pytest.mark.parametrize(
    "raw",
    [
        b"name,email\nDana,dana@example.com\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\xff\xd8\xff",
        b"",
    ],
)
def test_a_file_that_is_not_a_linkedin_export_writes_nothing(sqlite_store: Store,
                                                             raw: bytes) -> None:
    with pytest.raises(ImportFileError) as exc:
        import_connections(sqlite_store, raw, where="upload.csv")
    assert "upload.csv" in str(exc.value)
    assert "Nothing was imported" in str(exc.value)
    assert sqlite_store.count_contacts() == 0


def test_progress_is_reported_while_writing(sqlite_store: Store) -> None:
    lines = [HEADER] + [f"P{i},Q,https://x.example/in/{i},,Co,Dev,1 Jan 2020"
                        for i in range(4500)]
    seen: list[tuple[int, int]] = []
    import_connections(sqlite_store, csv_bytes(lines), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (4500, 4500)
    assert len(seen) >= 3


def test_cli_import_reports_and_dry_run(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(csv_bytes([HEADER, *ROWS], preamble=True))
    db = f"sqlite:///{tmp_path}/cli.sqlite3"
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
