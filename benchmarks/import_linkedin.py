"""LinkedIn import speed and memory: 30,000 rows (LinkedIn's connection cap).

Target: the import, run as ``coffeechat import linkedin`` on a database whose schema
already exists, at most 8x the floor, less a no-op CLI command (``--version``). The
floor is what the same rows cost with nothing but Python's csv module and sqlite3's
``executemany``, measured in the same run. Printed beside it:

- the in-process figures this script printed before (first import into an empty
  database, a re-import of the same file where every row is de-duplicated, and two
  baselines: reading the file, and a bare SQLAlchemy Core insert of the same rows);
- the peak memory of an import at 30,000 and at 200,000 rows, both as the CLI
  process's peak RSS above the no-op's and as tracemalloc's peak in-process. The
  import refuses more than 50,000 rows (``csvfile.MAX_ROWS``) and 16 MB, so the 200,000
  row figures lift those two limits for the measurement only: they show how memory
  grows with the file, which the limits then cap.

Each timing is the median of three runs, because this machine is shared; the CLI
figures give CPU time beside wall-clock time for the same reason.

Run: .venv/bin/python benchmarks/import_linkedin.py [--quick]
"""

from __future__ import annotations

import csv
import io
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from benchmarks._util import median, ms, timed  # noqa: E402
from coffeechat.importers import csvfile  # noqa: E402
from coffeechat.importers.linkedin import import_connections, read_connections  # noqa: E402
from coffeechat.store import Store  # noqa: E402
from coffeechat.store.tables import ContactRow  # noqa: E402

ROWS = 30_000
BIG = 200_000
REPEAT = 3
TARGET_RATIO = 8.0
FIRST = ["Dana", "Zoë", "Sam", "Nguyễn", "Ali", "Priya", "Łukasz", "Maria", "Kwame", "Yuki"]
LAST = ["Park", "Łukasiewicz", "Lee", "Thị Minh", "Khan", "Patel", "Nowak", "García", "Mensah"]
#: Runs the CLI and writes the process's peak RSS (VmHWM, which exec resets, unlike
#: ru_maxrss, which keeps the forking parent's) to the file named by the environment.
#: With "unlimited" it lifts the file limits, for the 200,000-row memory figure only.
CLI = """
import atexit, os, sys
def peak():
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    with open(os.environ["BENCH_PEAK_FILE"], "w") as out:
        out.write(kb)
atexit.register(peak)
if sys.argv[1] == "unlimited":
    from coffeechat.importers import csvfile
    csvfile.MAX_ROWS, csvfile.MAX_BYTES = 10**7, 2**31
from coffeechat.cli import main
sys.argv[0:2] = ["coffeechat"]
main()
"""


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


def cli(args: list[str], *, unlimited: bool = False) -> tuple[float, float, int]:
    """Seconds, CPU seconds and peak RSS (KB) of one ``coffeechat`` run as a child process.

    CPU seconds are printed beside wall-clock ones because this machine is shared: a
    busy neighbour stretches the wall clock much more than the CPU time.
    """
    with tempfile.NamedTemporaryFile("r") as peak:
        cpu = _children_cpu()
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", CLI, "unlimited" if unlimited else "limited", *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, check=False,
            env={**os.environ, "BENCH_PEAK_FILE": peak.name})
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"coffeechat {' '.join(args)} failed: {proc.stderr.decode()}")
        return seconds, _children_cpu() - cpu, int(peak.read() or 0)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fresh_database(path: Path) -> str:
    """A database with its schema made, as a learner's is before they import."""
    if path.exists():
        path.unlink()
    url = f"sqlite:///{path}"
    Store(url).dispose()
    return url


def floor(raw: bytes, db: Path) -> tuple[float, float]:
    """Seconds and CPU seconds of a csv parse plus one sqlite3 executemany of the same
    values, in one transaction."""
    fresh_database(db)
    columns = ("name", "call_them", "profile_url", "email", "company", "title",
               "connected_on", "tags", "tier", "archived", "source", "search_key",
               "created_at", "updated_at")
    sql = (f"INSERT INTO contacts ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    start, cpu = time.perf_counter(), time.process_time()
    text = raw.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    for row in reader:
        if row and row[0] == "First Name":
            break
    stamp = datetime.now().isoformat(sep=" ")
    values = [(f"{r[0]} {r[1]}", r[0], r[2], r[3] or None, r[4], r[5], r[6], "[]",
               "acquaintance", 0, "linkedin", "", stamp, stamp) for r in reader if r]
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(sql, values)
    conn.close()
    return time.perf_counter() - start, time.process_time() - cpu


def traced_peak(fn: Callable[[], object]) -> int:
    """tracemalloc's peak while ``fn`` runs, in bytes."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def mb(kb: float) -> str:
    return f"{kb / 1024:8.1f} MB"


def cli_figures(tmp: Path, raw: bytes) -> None:
    file = tmp / "Connections.csv"
    file.write_bytes(raw)
    empty = tmp / "Empty.csv"
    empty.write_bytes(raw[:raw.index(b"\r\n", raw.index(b"First Name")) + 2])
    runs: dict[str, list[tuple[float, float]]] = {
        name: [] for name in ("noop", "floor", "empty", "first", "again")}
    rss_noop = rss_first = rss_empty = 0
    for run in range(REPEAT):
        # Interleaved, so a busy moment on the machine touches every figure alike.
        seconds, cpu, rss_noop = cli(["--version"])
        runs["noop"].append((seconds, cpu))
        runs["floor"].append(floor(raw, tmp / f"floor{run}.sqlite3"))
        url = fresh_database(tmp / f"cli{run}.sqlite3")
        seconds, cpu, rss_empty = cli(["import", "linkedin", str(empty), "--db", url])
        runs["empty"].append((seconds, cpu))
        seconds, cpu, rss_first = cli(["import", "linkedin", str(file), "--db", url])
        runs["first"].append((seconds, cpu))
        runs["again"].append(cli(["import", "linkedin", str(file), "--db", url])[:2])
    wall = {name: median([w for w, _c in values]) for name, values in runs.items()}
    cpu = {name: median([c for _w, c in values]) for name, values in runs.items()}
    print(f"CLI, {ROWS:,} rows, less a no-op command (--version: {ms(wall['noop']).strip()}, "
          f"CPU {ms(cpu['noop']).strip()}); wall clock, then CPU time")
    print(f"  floor: csv parse + sqlite3 executemany  {ms(wall['floor'])} {ms(cpu['floor'])}")
    for name, label in (("first", "coffeechat import linkedin (first)"),
                        ("again", "coffeechat import linkedin (re-import)"),
                        ("empty", "coffeechat import linkedin (no rows)")):
        w, c = wall[name] - wall["noop"], cpu[name] - cpu["noop"]
        print(f"  {label:<39} {ms(w)} {ms(c)}   {w / wall['floor']:5.1f}x floor, "
              f"CPU {c / cpu['floor']:5.1f}x")
    print(f"  target: first import <= {TARGET_RATIO:.0f}x floor")
    print(f"  peak RSS above the no-op: first import {mb(rss_first - rss_noop).strip()}, "
          f"no rows {mb(rss_empty - rss_noop).strip()}")


def memory_figures(tmp: Path, raw: bytes, rows: int, *, unlimited: bool) -> None:
    file = tmp / f"Connections{rows}.csv"
    file.write_bytes(raw)
    rss_noop = cli(["--version"])[2]
    url = fresh_database(tmp / f"rss{rows}.sqlite3")
    rss = cli(["import", "linkedin", str(file), "--db", url], unlimited=unlimited)[2]
    store = Store(fresh_database(tmp / f"traced{rows}.sqlite3"))
    peak = traced_peak(lambda: import_connections(store, raw))
    store.dispose()
    print(f"memory, {rows:,} rows ({len(raw) / 2**20:.1f} MB file): CLI peak RSS above the "
          f"no-op {mb(rss - rss_noop).strip()}, tracemalloc peak {mb(peak / 1024).strip()}")


def in_process_figures(tmp: Path, raw: bytes) -> None:
    """The figures this benchmark printed before the CLI ones, kept comparable."""
    firsts: list[float] = []
    agains: list[float] = []
    inserts: list[float] = []
    for run in range(REPEAT):
        store = Store(f"sqlite:///{tmp}/bench{run}.sqlite3")
        firsts += timed(lambda: import_connections(store, raw))  # noqa: B023
        agains += timed(lambda: import_connections(store, raw))  # noqa: B023
        store.dispose()

        plain = Store(f"sqlite:///{tmp}/plain{run}.sqlite3")
        now = datetime.now()
        reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
        records = [cells for cells in reader if len(cells) == 7][1:]
        rows = [{"name": f"{r[0]} {r[1]}", "company": r[4], "title": r[5],
                 "profile_url": r[2], "tags": [], "tier": "acquaintance",
                 "archived": False, "source": "linkedin", "created_at": now,
                 "updated_at": now} for r in records]

        def bare_insert(plain: Store = plain, rows: list[dict[str, object]] = rows) -> None:
            with plain._db.writing() as s:
                s.execute(insert(ContactRow.__table__), rows)

        inserts += timed(bare_insert)
        plain.dispose()
    reads = timed(lambda: read_connections(raw), repeat=REPEAT)
    first, again = median(firsts), median(agains)
    read_only, insert_only = median(reads), median(inserts)
    print(f"in process, {ROWS:,} rows (the figures printed before)")
    print(f"  first import (empty database)         {ms(first)}")
    print(f"  re-import (all de-duplicated)         {ms(again)}")
    print(f"  baseline: read and split the file     {ms(read_only)}")
    print(f"  baseline: bare Core insert of rows    {ms(insert_only)}")
    print(f"  ratio import / (read + insert)        {first / (read_only + insert_only):8.2f}x")


def main() -> None:
    quick = "--quick" in sys.argv
    raw = export(ROWS)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        cli_figures(tmp, raw)
        in_process_figures(tmp, raw)
        memory_figures(tmp, raw, ROWS, unlimited=False)
        if not quick:
            limits = csvfile.MAX_ROWS, csvfile.MAX_BYTES
            csvfile.MAX_ROWS, csvfile.MAX_BYTES = 10**7, 2**31
            try:
                memory_figures(tmp, export(BIG), BIG, unlimited=True)
            finally:
                csvfile.MAX_ROWS, csvfile.MAX_BYTES = limits


if __name__ == "__main__":
    main()
