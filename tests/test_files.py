"""The one file writer: atomic for regular files, straight through devices and pipes."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from coffeechat.errors import OutputError
from coffeechat.files import write_file
from tests.disks import fill, listing, tmpfs


def test_a_new_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "sheet.md"
    assert write_file(target, "Zoë ✓\n") == target
    assert target.read_text(encoding="utf-8") == "Zoë ✓\n"
    assert listing(tmp_path) == {"sheet.md"}


def test_replacing_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "contacts.csv"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert listing(tmp_path) == {"contacts.csv"}


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.ics"
    real.write_text("old")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    assert write_file(link, "new") == real
    assert link.is_symlink() and real.read_text() == "new"
    dangling = tmp_path / "dangling.ics"
    dangling.symlink_to(tmp_path / "made-now.ics")
    write_file(dangling, "fresh")
    assert dangling.is_symlink() and (tmp_path / "made-now.ics").read_text() == "fresh"


def test_a_device_is_written_through_never_replaced(tmp_path: Path) -> None:
    if not Path("/dev/null").is_char_device():
        pytest.skip("no /dev/null")
    write_file("/dev/null", b"x" * 10_000)
    assert Path("/dev/null").is_char_device()
    link = tmp_path / "to-null"
    link.symlink_to("/dev/null")
    write_file(link, "through the link")
    assert link.is_symlink() and Path("/dev/null").is_char_device()


def test_a_full_device_gives_a_clear_error_and_survives() -> None:
    full = Path("/dev/full")
    if not full.is_char_device():
        pytest.skip("no /dev/full")
    with pytest.raises(OutputError, match="no space left for /dev/full"):
        write_file(full, b"x")
    assert full.is_char_device()  # once, an export replaced it with a regular file


def test_a_fifo_is_streamed_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        write_file(fifo, "through the pipe\n")
        out, _ = reader.communicate(timeout=30)
    finally:
        reader.kill()
    assert out == b"through the pipe\n"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize(("name", "message"), [
    ("", "No file name was given"),
    ("  ", "No file name was given"),
    (".", "is a folder"),
    ("missing/sheet.md", "The folder .* does not exist"),
    ("x" * 300, "too long"),
])
def test_unusable_places_are_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       name: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match=message):
        write_file(name, "text")
    assert listing(tmp_path) == set()


def test_a_full_disk_leaves_the_old_file_and_no_partial(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", size_kb=64) as disk:
        target = disk / "backup.json"
        target.write_text("the previous backup")
        fill(disk)
        with pytest.raises(OutputError, match="no space left"):
            write_file(target, "x" * 200_000)
        assert target.read_text() == "the previous backup"
        assert listing(disk) == {"backup.json", "filler.bin"}


def test_a_read_only_disk_is_explained(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", read_only=True) as disk, \
            pytest.raises(OutputError, match="read-only disk"):
        write_file(disk / "cards.pdf", b"%PDF")
