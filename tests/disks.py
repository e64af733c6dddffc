"""Real small and read-only disks for tests: tmpfs mounts (root only; skipped elsewhere)."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def tmpfs(where: Path, *, size_kb: int = 256, read_only: bool = False) -> Iterator[Path]:
    """Mount a real tmpfs of ``size_kb`` at ``where``; skip the test if we cannot mount."""
    where.mkdir(parents=True, exist_ok=True)
    options = f"size={size_kb}k" + (",ro" if read_only else "")
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> Path:
    """Fill the disk holding ``folder`` until it reports ENOSPC; return the filler file."""
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as stream:
        chunk = b"\0" * 4096
        try:
            while True:
                stream.write(chunk)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    # A few bytes may still fit in a partly used block; take those too.
    with filler.open("ab", buffering=0) as stream:
        try:
            while True:
                stream.write(b"\0")
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    return filler


def listing(folder: Path) -> set[str]:
    """Every name in ``folder``, hidden ones included."""
    return {p.name for p in folder.iterdir()}
