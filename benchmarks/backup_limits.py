"""Backup reading: time and peak memory for a real backup and for hostile files at the limits.

A real backup of 30,000 contacts (LinkedIn's connection cap) is read and restored
into an empty SQLite database. Then files built to hurt a JSON reader are read:
each is refused, and its peak memory is printed beside its size. The same-run
baseline is Python's json.loads on the same text, which is what the reader wraps.

Run: .venv/bin/python benchmarks/backup_limits.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.import_linkedin import export  # noqa: E402
from coffeechat.errors import BackupError  # noqa: E402
from coffeechat.importers.linkedin import import_connections  # noqa: E402
from coffeechat.store import Store  # noqa: E402
from coffeechat.store.backup import MAX_BYTES, backup_document, parse_backup, restore  # noqa: E402

CONTACTS = 30_000


def attempt(fn: Callable[[], object]) -> str:
    try:
        fn()
        return "read"
    except BackupError as exc:
        return "refused: " + exc.message.split(" ", 1)[1][:50]
    except Exception as exc:  # noqa: BLE001 - the baseline's failures are part of the figures
        return type(exc).__name__


def row(label: str, size: int, fn: Callable[[], object]) -> None:
    """Time one call untraced, then run it again under tracemalloc for its peak."""
    start = time.perf_counter()
    outcome = attempt(fn)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    attempt(fn)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"{label:<34} {size / 2**20:7.1f} MB file {seconds:7.2f} s {peak:8.1f} MB peak  "
          f"{outcome}")


def hostile(real: str) -> dict[str, str]:
    head = '{"format": "coffeechat-backup", "version": 1, "tables": {"contacts": [{"tags": '
    tail = "}]}}"
    room = MAX_BYTES - len(head) - len(tail) - 16
    return {
        "100,000 levels deep": head + "[" * 100_000 + "]" * 100_000 + tail,
        "empty lists up to the limit": head + "[" + "[]," * (room // 3) + "[]]" + tail,
        "short strings up to the limit": head + "[" + '"ab",' * (room // 5) + '"ab"]' + tail,
        "numbers up to the limit": head + "[" + "1.5," * (room // 4) + "1]" + tail,
        "one huge string": head + '["' + "é" * (room // 2) + '"]' + tail,
        "many bad rows": real.replace('"tier": "acquaintance"', '"tier": "best"'),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Store(f"sqlite:///{tmp}/source.sqlite3")
        import_connections(source, export(CONTACTS))
        real = json.dumps(backup_document(source), ensure_ascii=False, indent=1)
        source.dispose()
        raw = real.encode("utf-8")
        print(f"Limit: {MAX_BYTES / 2**20:.0f} MB. A backup of {CONTACTS:,} contacts is "
              f"{len(raw) / 2**20:.1f} MB.\n")
        row("baseline: json.loads, real", len(raw), lambda: json.loads(real))
        row("parse_backup, real", len(raw), lambda: parse_backup(raw))
        backup = parse_backup(raw)
        targets = iter(range(2))

        def restore_fresh() -> None:
            target = Store(f"sqlite:///{tmp}/target{next(targets)}.sqlite3")
            try:
                restore(target, backup)
            finally:
                target.dispose()

        row("restore into SQLite, real", len(raw), restore_fresh)
        print()
        for label, text in hostile(real).items():
            data = text.encode("utf-8")
            row(f"baseline: json.loads, {label}"[:34], len(data), lambda t=text: json.loads(t))
            row(f"parse_backup, {label}"[:34], len(data), lambda d=data: parse_backup(d))


if __name__ == "__main__":
    main()
