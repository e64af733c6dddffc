"""LinkedIn import speed: 30,000 rows (LinkedIn's connection cap).

Target: <= 1 s for a first import into an empty SQLite database. Printed beside it:
a re-import of the same file (every row de-duplicated), and two same-run baselines,
reading the file alone (decode and CSV split) and a bare SQLAlchemy Core insert of the
same rows, which is what the import itself uses to write. Each figure is the median
of three runs, because this machine is shared.

Run: .venv/bin/python benchmarks/import_linkedin.py
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from benchmarks._util import median, ms, timed  # noqa: E402
from coffeechat.importers.linkedin import import_connections, read_connections  # noqa: E402
from coffeechat.store import Store  # noqa: E402
from coffeechat.store.tables import ContactRow  # noqa: E402

ROWS = 30_000
REPEAT = 3
TARGET_S = 1.0
FIRST = ["Dana", "Zoë", "Sam", "Nguyễn", "Ali", "Priya", "Łukasz", "Maria", "Kwame", "Yuki"]
LAST = ["Park", "Łukasiewicz", "Lee", "Thị Minh", "Khan", "Patel", "Nowak", "García", "Mensah"]


def export(rows: int) -> bytes:
    rng = random.Random(1)
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"p{i}@example.com" if rng.random() < 0.1 else ""
        lines.append(
            f'{first},{last},https://www.linkedin.com/in/person-{i},{email},'
            f'"Company {i % 900}, Inc.",Engineer {i % 7},{rng.randint(1, 28):02d} Mar 2024'
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def main() -> None:
    raw = export(ROWS)
    firsts: list[float] = []
    agains: list[float] = []
    inserts: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(REPEAT):
            store = Store(f"sqlite:///{tmp}/bench{run}.sqlite3")
            firsts += timed(lambda: import_connections(store, raw))  # noqa: B023
            agains += timed(lambda: import_connections(store, raw))  # noqa: B023
            store.dispose()

            plain = Store(f"sqlite:///{tmp}/plain{run}.sqlite3")
            now = datetime.now()
            rows = [{"name": f"{r.cells[0]} {r.cells[1]}", "company": r.cells[4],
                     "title": r.cells[5], "profile_url": r.cells[2], "tags": [],
                     "tier": "acquaintance", "archived": False, "source": "linkedin",
                     "created_at": now, "updated_at": now}
                    for r in read_connections(raw).rows]

            def bare_insert(plain: Store = plain, rows: list[dict[str, object]] = rows) -> None:
                with plain._db.writing() as s:
                    s.execute(insert(ContactRow.__table__), rows)

            inserts += timed(bare_insert)
            plain.dispose()
    reads = timed(lambda: read_connections(raw), repeat=REPEAT)
    first, again = median(firsts), median(agains)
    read_only, insert_only = median(reads), median(inserts)

    print(f"rows in file                          {ROWS}")
    print(f"first import (empty database)         {ms(first)}   target <= {TARGET_S * 1000:.0f} ms")
    print(f"re-import (all de-duplicated)         {ms(again)}")
    print(f"baseline: read and split the file     {ms(read_only)}")
    print(f"baseline: bare Core insert of rows    {ms(insert_only)}")
    print(f"ratio import / (read + insert)        {first / (read_only + insert_only):8.2f}x")
    if first > TARGET_S:
        print("TARGET MISSED")


if __name__ == "__main__":
    main()
