"""LinkedIn import speed: 30,000 rows (LinkedIn's connection cap).

Target: <= 1 s for a first import into an empty SQLite database. Printed beside it:
a re-import of the same file (every row de-duplicated), and two same-run baselines,
pandas reading the file alone and a bare SQLAlchemy insert of the same rows.

Run: .venv/bin/python benchmarks/import_linkedin.py
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from benchmarks._util import ms, timed  # noqa: E402
from coffeechat.importers.linkedin import import_connections  # noqa: E402
from coffeechat.store import Store  # noqa: E402
from coffeechat.store.tables import ContactRow  # noqa: E402

ROWS = 30_000
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
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.sqlite3")
        first = timed(lambda: import_connections(store, raw))[0]
        report = import_connections(store, raw, dry_run=True)
        again = timed(lambda: import_connections(store, raw))[0]

        plain = Store(f"sqlite:///{tmp}/plain.sqlite3")
        frame = pd.read_csv(io.BytesIO(raw), skiprows=3, dtype=str, keep_default_na=False)
        now = datetime.now()
        rows = [{"name": f"{r['First Name']} {r['Last Name']}", "company": r["Company"],
                 "title": r["Position"], "profile_url": r["URL"], "tags": [], "tier": "regular",
                 "archived": False, "source": "linkedin", "created_at": now, "updated_at": now}
                for r in frame.to_dict("records")]

        def bare_insert() -> None:
            with plain.transaction() as s:
                s.execute(insert(ContactRow), rows)

        insert_only = timed(bare_insert)[0]
        read_only = timed(lambda: pd.read_csv(io.BytesIO(raw), skiprows=3, dtype=str,
                                              keep_default_na=False))[0]
        store.dispose()
        plain.dispose()

    print(f"rows in file                          {ROWS}")
    print(f"first import (empty database)         {ms(first)}   target <= {TARGET_S * 1000:.0f} ms")
    print(f"re-import (all {report.skipped} de-duplicated)  {ms(again)}")
    print(f"baseline: pandas read_csv alone       {ms(read_only)}")
    print(f"baseline: bare insert of the rows     {ms(insert_only)}")
    print(f"ratio import / (read + insert)        {first / (read_only + insert_only):8.2f}x")
    if first > TARGET_S:
        print("TARGET MISSED")


if __name__ == "__main__":
    main()
