"""Every failure at the CLI boundary is a sentence and an exit code, never a traceback.

Each case here once ended in a traceback (or worse: a replaced device node, a stray
``*.partial`` file, a file literally named ``x.sqlite3?mode=ro``).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from coffeechat.cli import CoffeeChatGroup, main
from coffeechat.exporters.bundle import export_all
from coffeechat.store import Store
from coffeechat.store.engine import create_store_engine, head_revision
from tests.disks import fill, listing, tmpfs

CLI = [sys.executable, "-m", "coffeechat.cli"]
BIG = str(2**64)
LARGEST_ID = 2**31 - 1  # PostgreSQL's INTEGER


def cli(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Run the CLI in-process; fail on any traceback or unexpected error."""
    result = CliRunner().invoke(main, list(args), env=env, input=input)
    assert "Traceback" not in result.output
    assert "did not expect" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    return result


def run(*args: str, env: dict[str, str] | None = None,
        stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``coffeechat`` in a child process."""
    done = subprocess.run([*CLI, *args], input=stdin.decode() if stdin else None,
                          capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def add(db: str, name: str = "Dana Park") -> None:
    result = cli("contacts", "add", "--name", name, "--db", db)
    assert result.exit_code == 0, result.output


# ------------------------------------------------------------------ the handler


def test_unexpected_failures_are_logged_not_shown(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COFFEECHAT_DATA_DIR", str(tmp_path))
    group = CoffeeChatGroup()

    @group.command()
    def broken() -> None:
        {}["missing"]  # noqa: B018 - a real bug, as any command might have

    @group.command()
    def interrupted() -> None:
        raise KeyboardInterrupt

    result = CliRunner().invoke(group, ["broken"])
    assert result.exit_code == 1
    log = tmp_path / "coffeechat-errors.log"
    assert result.output.strip() == (
        "Error: Sorry, something went wrong that Coffee Chat did not expect, and the "
        f"command stopped. The details are in {log}; please attach it if you report this.")
    assert "KeyError: 'missing'" in log.read_text() and "Traceback" in log.read_text()
    result = CliRunner().invoke(group, ["interrupted"])
    assert (result.exit_code, result.output) == (130, "")


def test_ctrl_c_at_a_prompt_exits_130_quietly(sqlite_url: str) -> None:
    add(sqlite_url)
    proc = subprocess.Popen([*CLI, "contacts", "delete", "1", "--db", sqlite_url],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None
    seen = b""
    while not seen.endswith(b"[y/N]: "):
        char = proc.stdout.read(1)
        assert char, "the prompt never came"
        seen += char
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err == b""
    # Nothing was deleted, and saying no is not an error either.
    result = cli("contacts", "delete", "1", "--db", sqlite_url, input="n\n")
    assert result.exit_code == 0 and "Nothing was deleted." in result.output
    assert "Dana Park" in cli("contacts", "list", "--db", sqlite_url).output


# --------------------------------------------------------------------- databases


def test_a_newer_schema_is_refused_and_left_alone(db_url: str) -> None:
    add(db_url)
    engine = create_store_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    for args in (["contacts", "list"], ["contacts", "add", "--name", "Sam"]):
        result = cli(*args, "--db", db_url)
        assert result.exit_code == 1
        assert result.output.startswith(
            "Error: This database was written by a newer Coffee Chat (schema "
            f"0099_from_the_future; this version knows up to {head_revision()}).")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == (
            "0099_from_the_future")
        if conn.dialect.name == "postgresql":  # row-level security: declare whose rows
            conn.execute(text("SELECT set_config('coffeechat.account', '1', false)"))
        assert conn.execute(text("SELECT count(*) FROM contacts")).scalar_one() == 1
    engine.dispose()


@pytest.mark.parametrize("args", [
    ["contacts", "archive", BIG],
    ["contacts", "delete", BIG, "--yes"],
    ["contacts", "archive", "0"],
    ["contacts", "archive", "9" * 5000],
    ["contacts", "archive", str(LARGEST_ID + 1)],
    ["contacts", "archive", "--", "-3"],
    ["export", "sheet", "--conversation", BIG],
    ["export", "cards", "--conversation", BIG, "-o", "x.pdf"],
    ["draft", "--channel", "email", "--purpose", "thank_you", "--contact", BIG],
    ["draft", "--channel", "email", "--purpose", "thank_you", "--conversation", BIG],
])
def test_ids_beyond_64_bits_are_a_bad_value_with_the_field_named(
        db_url: str, args: list[str]) -> None:
    result = cli(*args, "--db", db_url)
    assert result.exit_code == 2
    assert "Invalid value for" in result.output
    assert ("CONTACT_ID" in result.output or "--contact" in result.output
            or "--conversation" in result.output)
    assert "there is no" in result.output and "with id" in result.output


def test_an_id_that_fits_but_is_missing_is_not_found(db_url: str) -> None:
    result = cli("contacts", "archive", str(LARGEST_ID), "--db", db_url)
    assert result.exit_code == 1
    assert result.output == f"Error: There is no contact with id {LARGEST_ID}.\n"


def test_a_locked_sqlite_database_says_busy_and_try_again(sqlite_url: str) -> None:
    add(sqlite_url)
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE contacts SET company = 'Held' WHERE id = 1")
    quick = {"COFFEECHAT_BUSY_TIMEOUT_MS": "150"}
    try:
        # Readers are not blocked by a writer (WAL); writers wait, then say so.
        assert cli("contacts", "list", "--db", sqlite_url, env=quick).exit_code == 0
        result = cli("contacts", "add", "--name", "Sam", "--db", sqlite_url, env=quick)
        assert result.exit_code == 1
        assert "is busy: another Coffee Chat" in result.output
        assert "Try again in a moment." in result.output
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert cli("contacts", "add", "--name", "Sam", "--db", sqlite_url,
               env=quick).exit_code == 0


def test_a_busy_timeout_that_is_not_a_number_is_explained(sqlite_url: str) -> None:
    result = cli("contacts", "list", "--db", sqlite_url,
                 env={"COFFEECHAT_BUSY_TIMEOUT_MS": "soon"})
    assert result.exit_code == 1
    assert "COFFEECHAT_BUSY_TIMEOUT_MS must be a whole number" in result.output


@pytest.mark.parametrize(("url", "words"), [
    ("postgresql+psycopg2://me@localhost/coffee", "asks for the 'psycopg2' driver"),
    ("postgresql+asyncpg://me@localhost/coffee", "asks for the 'asyncpg' driver"),
    ("sqlite+aiosqlite:///x.sqlite3", "asks for the 'aiosqlite' driver"),
    ("postgresql+psycopg://me@localhost:abc/coffee", "is not valid (check the port"),
    ("postgresql+psycopg://me@localhost:99999/coffee", "has port 99999"),
    ("mysql://me@localhost/coffee", "is for 'mysql'"),
    ("sqlite://host/x.sqlite3", "use three slashes"),
    ("not a url at all", "is not valid"),
])
def test_unsupported_database_addresses_name_the_supported_form(url: str, words: str) -> None:
    result = cli("contacts", "list", "--db", url)
    assert result.exit_code == 1
    assert words in result.output
    assert "postgresql+psycopg://user:password@host:5432/dbname" in result.output


@pytest.mark.postgres
def test_a_bare_postgresql_address_uses_the_shipped_driver(postgres_url: str) -> None:
    bare = postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)
    add(bare)
    assert "Dana Park" in cli("contacts", "list", "--db", bare).output


@pytest.mark.parametrize("content", [b"hello, this is a note\n", os.urandom(8192),
                                     b"SQLite format 3\0" + b"\xff" * 200])
def test_a_file_that_is_not_a_database_is_named_as_such(tmp_path: Path, content: bytes) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(content)
    result = cli("contacts", "list", "--db", f"sqlite:///{notes}")
    assert result.exit_code == 1
    assert f"{notes} is not a Coffee Chat database (or is damaged)" in result.output
    assert "sqlalche.me" not in result.output
    assert notes.read_bytes() == content


def test_ten_first_commands_at_once_create_the_schema_once(db_url: str) -> None:
    procs = [subprocess.Popen([*CLI, "contacts", "add", "--name", f"Person {i}",
                               "--db", db_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
             for i in range(10)]
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    failed = [err for code, _out, err in outcomes if code != 0]
    assert not failed, failed
    store = Store(db_url)
    try:
        assert sorted(c.name for c in store.contacts.list()) == sorted(
            f"Person {i}" for i in range(10))
    finally:
        store.dispose()


class TestSqliteUriAddresses:
    def test_read_only_mode_reads_and_refuses_writes(self, tmp_path: Path) -> None:
        path = tmp_path / "coffee chat.sqlite3"  # a space must survive the URI form
        add(f"sqlite:///{path}")
        ro = f"sqlite:///{path}?mode=ro&uri=true"
        assert "Dana Park" in cli("contacts", "list", "--db", ro).output
        result = cli("contacts", "add", "--name", "Sam", "--db", ro)
        assert result.exit_code == 1
        assert f"The database {path} is read-only, so nothing was saved" in result.output
        assert not [p for p in tmp_path.iterdir() if "?" in p.name or "%" in p.name]

    def test_file_prefix_and_new_files(self, tmp_path: Path) -> None:
        path = tmp_path / "sub" / "new.sqlite3"
        add(f"sqlite:///file:{path}?mode=rwc&uri=true")
        assert path.is_file()
        add(f"sqlite:///{path}?uri=true", "Sam Lee")
        assert listing(path.parent) >= {"new.sqlite3"}
        assert not [p for p in path.parent.iterdir() if "?" in p.name]

    def test_read_only_mode_on_a_missing_file_creates_nothing(self, tmp_path: Path) -> None:
        result = cli("contacts", "list", "--db",
                     f"sqlite:///{tmp_path}/nowhere/x.sqlite3?mode=ro&uri=true")
        assert result.exit_code == 1 and "Cannot open the database file" in result.output
        assert listing(tmp_path) == set()

    def test_uri_options_without_uri_true_are_refused(self, tmp_path: Path) -> None:
        result = cli("contacts", "list", "--db", f"sqlite:///{tmp_path}/x.sqlite3?mode=ro")
        assert result.exit_code == 1 and "Add &uri=true" in result.output
        assert listing(tmp_path) == set()


# ------------------------------------------------------------------ full disks


def connections_csv(rows: int) -> bytes:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f"Person,Number {i},https://www.linkedin.com/in/p{i},,Acme,Engineer,15 Mar 2024"
              for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_a_full_disk_during_an_import_saves_nothing_and_says_so(tmp_path: Path) -> None:
    big = tmp_path / "Connections.csv"
    big.write_bytes(connections_csv(3000))
    with tmpfs(tmp_path / "disk", size_kb=512) as disk:
        db = f"sqlite:///{disk}/coffeechat.sqlite3"
        add(db)
        filler = fill(disk)
        for args in (["import", "linkedin", str(big)], ["contacts", "add", "--name", "Sam"]):
            result = cli(*args, "--db", db)
            assert result.exit_code == 1, result.output
            assert "is full, so nothing was saved" in result.output
        filler.unlink()
        store = Store(db)
        try:
            assert [c.name for c in store.contacts.list()] == ["Dana Park"]
        finally:
            store.dispose()


@pytest.mark.parametrize("args", [
    ["backup"], ["export", "all", "-o"], ["export", "csv", "--table", "contacts", "-o"],
    ["export", "ics", "-o"],
])
def test_a_full_disk_while_writing_leaves_no_partial(tmp_path: Path, store: Store,
                                                     args: list[str]) -> None:
    for i in range(200):
        store.contacts.add({"name": f"Person {i} with a long enough name to fill a few blocks"})
    with tmpfs(tmp_path / "disk", size_kb=64) as disk:
        target = disk / "out"
        target.write_text("what was here before")
        fill(disk)
        result = cli(*args, str(target), "--db", store.url)
        assert result.exit_code == 1
        assert f"There is no space left for {target}, so it was not written" in result.output
        assert listing(disk) == {"out", "filler.bin"}
        assert target.read_text() == "what was here before"


# ------------------------------------------------------------------ output paths


@pytest.mark.parametrize("args", [
    ["export", "ics", "-o", ""], ["export", "all", "-o", " "], ["backup", ""],
    ["export", "sheet", "--conversation", "1", "-o", ""],
])
def test_an_empty_output_name_is_a_bad_argument(db_url: str, args: list[str]) -> None:
    result = cli(*args, "--db", db_url)
    assert result.exit_code == 2 and "the file name is empty" in result.output


def test_output_into_a_missing_folder(tmp_path: Path, db_url: str) -> None:
    for args in (["export", "ics", "-o"], ["backup"]):
        result = cli(*args, str(tmp_path / "missing" / "out"), "--db", db_url)
        assert result.exit_code == 1
        assert f"The folder {tmp_path / 'missing'} does not exist" in result.output
    assert not (tmp_path / "missing").exists()


def test_output_into_a_read_only_folder(tmp_path: Path, db_url: str) -> None:
    with tmpfs(tmp_path / "ro", read_only=True) as disk:
        result = cli("export", "csv", "--table", "contacts", "-o", str(disk / "c.csv"),
                     "--db", db_url)
        assert result.exit_code == 1 and "is on a read-only disk" in result.output


def test_output_into_a_folder_name_is_refused(tmp_path: Path, db_url: str) -> None:
    result = cli("export", "ics", "-o", str(tmp_path), "--db", db_url)
    assert result.exit_code == 2 and "is a directory" in result.output


def test_output_to_devices_is_written_through_never_replaced(db_url: str) -> None:
    for device in ("/dev/null", "/dev/full"):
        if not Path(device).is_char_device():
            pytest.skip(f"no {device}")
    assert cli("export", "ics", "-o", "/dev/null", "--db", db_url).exit_code == 0
    result = cli("export", "csv", "--table", "contacts", "-o", "/dev/full", "--db", db_url)
    assert result.exit_code == 1 and "There is no space left for /dev/full" in result.output
    assert cli("backup", "/dev/full", "--db", db_url).exit_code == 1
    assert Path("/dev/null").is_char_device() and Path("/dev/full").is_char_device()


def test_output_to_a_fifo_streams_to_its_reader(tmp_path: Path, db_url: str) -> None:
    add(db_url)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        assert cli("export", "csv", "--table", "contacts", "-o", str(fifo),
                   "--db", db_url).exit_code == 0
        out, _ = reader.communicate(timeout=60)
    finally:
        reader.kill()
    assert "Dana Park" in out.decode("utf-8-sig")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path, db_url: str) -> None:
    add(db_url)
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    assert cli("backup", str(link), "--db", db_url).exit_code == 0
    assert link.is_symlink() and '"coffeechat-backup"' in real.read_text()
    assert listing(tmp_path) >= {"real.json", "latest.json"}
    assert not [n for n in listing(tmp_path) if n.endswith(".partial")]


# ------------------------------------------------------------------------ coach


@pytest.mark.parametrize("content", [b"\xff\xfeH\x00i\x00", "Hi Zoë, café?".encode("cp1252")])
def test_coach_on_a_file_that_is_not_utf8_exits_2(tmp_path: Path, content: bytes) -> None:
    message = tmp_path / "message.txt"
    message.write_bytes(content)
    result = cli("coach", str(message), "--channel", "email", "--purpose", "first_contact")
    assert result.exit_code == 2
    assert "is not UTF-8 text" in result.output and "Save it as UTF-8" in result.output
    done = run("coach", "-", "--channel", "email", "--purpose", "first_contact", stdin=b"")
    assert done.returncode == 0
    piped = subprocess.run([*CLI, "coach", "-", "--channel", "email", "--purpose",
                            "first_contact"], input=content, capture_output=True, timeout=60)
    assert piped.returncode == 2 and b"standard input is not UTF-8" in piped.stderr
    assert b"Traceback" not in piped.stderr


def test_coach_refuses_a_file_far_larger_than_a_message(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"word " * 300_000)
    result = cli("coach", str(huge), "--channel", "email", "--purpose", "first_contact")
    assert result.exit_code == 2 and "is over 1 MB" in result.output


def test_coach_accepts_utf8_with_a_byte_order_mark(tmp_path: Path) -> None:
    message = tmp_path / "message.txt"
    message.write_bytes("\ufeffHi Zoë, could I ask you about your path?".encode())
    result = cli("coach", str(message), "--channel", "email", "--purpose", "first_contact")
    assert result.exit_code == 0 and "Score" in result.output


# ------------------------------------------------------------------- export all


def test_export_all_keeps_going_when_a_plan_left_the_banks(store: Store, tmp_path: Path) -> None:
    import io
    import zipfile

    from coffeechat.banks import builtin_bank
    from coffeechat.planner import make_plan

    bank = builtin_bank()
    dana = store.contacts.add({"name": "Dana Park"})
    sam = store.contacts.add({"name": "Sam Lee"})
    kept = store.conversations.add({"contact_id": dana.id,
                                   "plan": make_plan(bank, "backend", "senior-dev").ids})
    gone = store.conversations.add({"contact_id": sam.id,
                                   "plan": ["mine.gone-one", "mine.gone-two"]})
    data = export_all(store, bank)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        stem = f"{gone.id:04d}-sam-lee"
        assert f"sheets/{stem}.md" in names
        assert f"cards/{kept.id:04d}-dana-park.pdf" in names
        assert f"cards/{stem}.pdf" not in names
        sheet = zf.read(f"sheets/{stem}.md").decode()
        assert "mine.gone-one" in sheet and "mine.gone-two" in sheet
        readme = zf.read("README.txt").decode()
        assert f"No cards for {stem}" in readme
        assert "backup/coffeechat-backup.json" in names
    url = store.url
    result = cli("export", "all", "-o", str(tmp_path / "all.zip"), "--db", url)
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(tmp_path / "all.zip")
    # The cards alone cannot be made, and the message says why, not "no plan yet".
    result = cli("export", "cards", "--conversation", str(gone.id), "-o",
                 str(tmp_path / "sam.pdf"), "--db", url)
    assert result.exit_code == 1
    assert "None of the questions planned for the chat with Sam Lee" in result.output
    assert "mine.gone-one, mine.gone-two" in result.output
