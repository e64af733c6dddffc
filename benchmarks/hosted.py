"""Hosted mode on PostgreSQL: one account's pages among 1,000 accounts, and a soak.

Dataset: 1,000 accounts, each with 200 contacts, 40 conversations, 400 notes,
100 follow-ups and 100 activities (made in the database, one transaction per account,
through row-level security as the app's role).

1. Page reruns: the median AppTest rerun of the main pages for one account (the local
   account, id 1, which the app serves without sign-in) on the 1,000-account database,
   beside the same account on a database that holds only it, in the same run.
   Target: at most 1.5x the single-account figure, and at most 60 ms.
2. Soak: 50 simulated learners (threads sharing one engine, as the sessions of one
   replica do), each signed in as its own account, reading and writing for
   ``--seconds`` (default 60). Every contact and conversation id a learner is shown
   must be one of its own (known from the id ranges the fill gave each account, plus
   what it added itself). Prints p50 and p95 per operation; any error or crossing is
   counted and printed.

Needs a PostgreSQL URL for an ordinary role that may create databases:
``COFFEECHAT_TEST_POSTGRES_URL`` (``scripts/postgres.sh start DIR`` prints one) or --url.

Run: .venv/bin/python benchmarks/hosted.py [--accounts N] [--seconds S] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

TARGET_RATIO = 1.5
TARGET_MS = 60.0
PAGES = ["pages/home.py", "pages/contacts.py", "pages/followups.py", "pages/notes.py",
         "pages/outreach.py", "pages/plan.py", "pages/networking.py"]
#: Rows per account: the issue's figures.
PER_ACCOUNT = {"contacts": 200, "conversations": 40, "notes": 400, "followups": 100,
               "activities": 100}

# Each statement fills one table for the account the transaction declared; the owner
# column defaults to that account. Children pick their parents from the account's own
# ids (an array, in id order), so each statement is one pass.
_CONTACT_IDS = "(SELECT array_agg(id ORDER BY id) FROM contacts)"
_CONVERSATIONS = "(SELECT array_agg(id ORDER BY id) FROM conversations)"
FILL_SQL = {
    "contacts": "INSERT INTO contacts (name, company, tags, tier, archived, source, "
                "created_at, updated_at, search_key, last_interaction_on) "
                "SELECT 'Person ' || g, 'Company ' || (g % 37), '[]', "
                "(ARRAY['close','regular','acquaintance'])[1 + g % 3], g % 25 = 0, 'manual', "
                "now(), now(), 'person ' || g || E'\\ncompany ' || (g % 37), "
                "current_date - (g % 120) FROM generate_series(1, :n) g",
    "conversations": "INSERT INTO conversations (contact_id, format, budget_minutes, status, "
                     "plan, goal, created_at, updated_at, scheduled_at) "
                     f"SELECT ids[1 + (g * 5) % cardinality(ids)], 'coffee', 20, "
                     "(ARRAY['idea','requested','scheduled','held','thanked','closed'])"
                     "[1 + g % 6], '[\"core.path\", \"core.day\"]', 'Learn about testing', "
                     "now() - g * interval '1 hour', now() - g * interval '1 hour', "
                     "now() + (g % 20) * interval '1 day' "
                     f"FROM generate_series(1, :n) g, {_CONTACT_IDS} AS c(ids)",
    "notes": "INSERT INTO notes (contact_id, conversation_id, question_id, kind, text, "
             "created_at) SELECT v.contact_id, v.id, 'core.path', 'note', 'Note ' || g, now() "
             f"FROM generate_series(1, :n) g, {_CONVERSATIONS} AS c(ids), "
             "LATERAL (SELECT id, contact_id FROM conversations "
             "WHERE id = c.ids[1 + g % cardinality(c.ids)]) v",
    "followups": "INSERT INTO followups (contact_id, kind, due_on, text, created_at, "
                 "updated_at) SELECT ids[1 + g % cardinality(ids)], 'custom', "
                 "current_date + (g % 40) - 15, 'Check in', now(), now() "
                 f"FROM generate_series(1, :n) g, {_CONTACT_IDS} AS c(ids)",
    "activities": "INSERT INTO activities (day, kind, minutes, contact_id) SELECT "
                  "current_date - (g % 120), 'message', 10, ids[1 + g % cardinality(ids)] "
                  f"FROM generate_series(1, :n) g, {_CONTACT_IDS} AS c(ids)",
}


def fill_account(s: Session, per_account: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Fill the account the session declared; return (first id, last id) per table."""
    ranges = {}
    for table, n in per_account.items():
        s.execute(text(FILL_SQL[table]), {"n": n})
        low, high = s.execute(text(f"SELECT min(id), max(id) FROM {table}")).one()
        ranges[table] = (int(low), int(high))
    return ranges


def new_database(base_url: str, label: str) -> str:
    """A fresh database owned by the URL's role."""
    name = f"cc_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_database(base_url: str, url: str) -> None:
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def build(url: str, accounts: int) -> dict[int, dict[str, tuple[int, int]]]:
    """Accounts 1 (local) .. ``accounts``, each filled; returns each one's id ranges."""
    from coffeechat import accounts as accounts_mod
    from coffeechat.store import Store

    store = Store(url)
    ranges = {}
    try:
        ids = [1] + [accounts_mod.sign_in(store, "https://id.example.test", f"learner-{i}",
                                          f"learner{i}@example.test").id
                     for i in range(1, accounts)]
        for account_id in ids:
            mine = store.for_account(account_id)
            mine.profile.save({"name": f"Learner {account_id}", "target_role": "backend",
                               "pitch_who": "I taught chemistry",
                               "pitch_what": "I'm learning Python",
                               "pitch_where": "Backend in a year", "places": ["meetups"]})
            with mine._db.writing() as s:
                ranges[account_id] = fill_account(s, PER_ACCOUNT)
        with store.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    finally:
        store.dispose()
    return ranges


# ------------------------------------------------------------------------ pages


def page_medians(urls: dict[str, str], runs: int) -> dict[str, dict[str, float]]:
    """Median rerun of each page on each database, the reruns interleaved.

    Interleaving keeps a busy machine's drift out of the ratio: each pair of reruns
    runs under the same load. The app reads its database URL on every rerun.
    """
    from streamlit.testing.v1 import AppTest

    apps = {}
    for name, url in urls.items():
        os.environ["COFFEECHAT_DATABASE_URL"] = url
        apps[name] = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        apps[name].run()
    out: dict[str, dict[str, float]] = {name: {} for name in urls}
    for page in PAGES:
        times: dict[str, list[float]] = {name: [] for name in urls}
        for name, at in apps.items():
            os.environ["COFFEECHAT_DATABASE_URL"] = urls[name]
            at.switch_page(page)
            at.query_params["contact"] = "1"
            at.query_params["conversation"] = "1"
            at.run()
        for _ in range(runs):
            for name, at in apps.items():
                os.environ["COFFEECHAT_DATABASE_URL"] = urls[name]
                start = time.perf_counter()
                at.run()
                times[name].append(time.perf_counter() - start)
                assert not at.exception, at.exception
        for name in urls:
            out[name][page] = statistics.median(times[name])
    return out


# ------------------------------------------------------------------------- soak


@dataclass
class Learner:
    """One simulated learner: their account, their ids, what they saw."""

    account_id: int
    contacts: set[int]
    conversations: set[int]
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    crossings: list[str] = field(default_factory=list)


def _own(learner: Learner, kind: str, ids: set[int]) -> None:
    known = learner.contacts if kind == "contact" else learner.conversations
    strangers = ids - known
    if strangers:
        learner.crossings.append(f"account {learner.account_id} saw {kind}s "
                                 f"{sorted(strangers)[:5]}")


def soak_one(base: Any, learner: Learner, until: float, seed: int) -> None:
    from coffeechat.errors import CoffeeChatError
    from coffeechat.store import FollowUpList

    store = base.for_account(learner.account_id)
    rng = random.Random(seed)
    today = date.today()

    def list_contacts() -> None:
        _own(learner, "contact", {c.id for c in store.contacts.list(limit=20,
                                                                    offset=rng.randint(0, 150))})

    def agenda() -> None:
        views = store.followups.agenda(today)
        _own(learner, "contact", {v.followup.contact_id for v in views.overdue + views.week})

    def followups_page() -> None:
        views = store.followups.page(rng.choice(list(FollowUpList)), today)
        _own(learner, "contact", {v.followup.contact_id for v in views})

    def home() -> None:
        store.journey_counts()
        store.followups.count_due(today)
        _own(learner, "contact", {q.contact.id for q in store.contacts.gone_quiet(today)})

    def conversations() -> None:
        _own(learner, "conversation", {c.id for c in store.conversations.list(limit=20)})

    def notes() -> None:
        conv = rng.choice(sorted(learner.conversations))
        found = store.notes.list(conversation_id=conv)
        _own(learner, "conversation", {n.conversation_id for n in found if n.conversation_id})

    def add_contact() -> None:
        learner.contacts.add(store.contacts.add({"name": f"New {rng.random():.6f}"}).id)

    def add_note() -> None:
        conv = rng.choice(sorted(learner.conversations))
        store.notes.set_for_question(conv, "core.day", f"Typed {rng.random():.6f}")

    def log_time() -> None:
        store.activities.log({"day": today, "minutes": 15,
                              "contact_id": rng.choice(sorted(learner.contacts))})

    def someone_elses() -> None:
        # A deep link to another learner's contact must look like a missing one.
        other = max(learner.contacts) + rng.randint(1, 5000)
        if other in learner.contacts:
            return
        try:
            store.contacts.get(other)
        except CoffeeChatError:
            return
        learner.crossings.append(f"account {learner.account_id} opened contact {other}")

    operations = [(list_contacts, 4), (agenda, 3), (followups_page, 2), (home, 4),
                  (conversations, 2), (notes, 2), (add_contact, 1), (add_note, 2),
                  (log_time, 1), (someone_elses, 1)]
    names, weights = zip(*operations, strict=True)
    while time.perf_counter() < until:
        (operation,) = rng.choices(names, weights)
        start = time.perf_counter()
        try:
            operation()
        except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
            learner.errors.append(f"{operation.__name__}: {type(exc).__name__}: {exc}")
        learner.times[operation.__name__].append(time.perf_counter() - start)


def soak(url: str, ranges: dict[int, dict[str, tuple[int, int]]], learners: int,
         seconds: float) -> list[Learner]:
    from coffeechat.store import Store

    # One replica's pool, sized for its sessions (the default 5 + 10 would queue them).
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"),
                           pool_size=learners, max_overflow=0, pool_pre_ping=True)
    base = Store(url, engine=engine)
    crowd = []
    for account_id in list(ranges)[1:learners + 1]:
        (c_low, c_high), (v_low, v_high) = (ranges[account_id]["contacts"],
                                            ranges[account_id]["conversations"])
        crowd.append(Learner(account_id, set(range(c_low, c_high + 1)),
                             set(range(v_low, v_high + 1))))
    until = time.perf_counter() + seconds
    threads = [threading.Thread(target=soak_one, args=(base, learner, until, i))
               for i, learner in enumerate(crowd)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    base.dispose()
    return crowd


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=os.environ.get("COFFEECHAT_TEST_POSTGRES_URL"))
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not args.url:
        sys.exit("Give --url or set COFFEECHAT_TEST_POSTGRES_URL (scripts/postgres.sh start).")
    many = new_database(args.url, "many")
    single = new_database(args.url, "single")
    data = Path(os.environ.setdefault("COFFEECHAT_DATA_DIR",
                                      str(Path("/tmp") / f"cc-bench-{uuid.uuid4().hex[:6]}")))
    data.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)
    try:
        start = time.perf_counter()
        ranges = build(many, args.accounts)
        build(single, 1)
        print(f"datasets built in {time.perf_counter() - start:.0f} s: {args.accounts} "
              f"accounts x {PER_ACCOUNT}, and account 1 alone")

        medians = page_medians({"alone": single, "shared": many}, args.runs)
        alone, shared = medians["alone"], medians["shared"]
        print(f"\n{'page (account 1)':<24}{'alone':>10}{'1,000 acc.':>12}{'ratio':>8}")
        missed = []
        for page in PAGES:
            ratio = shared[page] / alone[page]
            flag = ""
            if ratio > TARGET_RATIO or shared[page] * 1000 > TARGET_MS:
                flag = "  <- over target"
                missed.append(page)
            print(f"{page:<24}{alone[page] * 1000:>8.1f}ms{shared[page] * 1000:>10.1f}ms"
                  f"{ratio:>7.2f}x{flag}")
        med_alone = statistics.median(alone.values())
        med_shared = statistics.median(shared.values())
        print(f"{'median of pages':<24}{med_alone * 1000:>8.1f}ms{med_shared * 1000:>10.1f}ms"
              f"{med_shared / med_alone:>7.2f}x")
        print(f"target: <= {TARGET_RATIO}x the single-account figure and <= {TARGET_MS:.0f} ms")
        if missed:
            print("TARGET MISSED: " + ", ".join(missed))

        print(f"\nsoak: {args.learners} learners for {args.seconds:.0f} s ...")
        crowd = soak(many, ranges, args.learners, args.seconds)
        by_op: dict[str, list[float]] = defaultdict(list)
        for learner in crowd:
            for name, values in learner.times.items():
                by_op[name].extend(values)
        every = [v for values in by_op.values() for v in values]
        errors = [e for learner in crowd for e in learner.errors]
        crossings = [c for learner in crowd for c in learner.crossings]
        print(f"{'operation':<18}{'count':>8}{'p50':>10}{'p95':>10}")
        for name, values in sorted(by_op.items()):
            print(f"{name:<18}{len(values):>8}{percentile(values, .5) * 1000:>8.1f}ms"
                  f"{percentile(values, .95) * 1000:>8.1f}ms")
        print(f"{'all':<18}{len(every):>8}{percentile(every, .5) * 1000:>8.1f}ms"
              f"{percentile(every, .95) * 1000:>8.1f}ms")
        print(f"throughput: {len(every) / args.seconds:.0f} operations/s; errors: "
              f"{len(errors)}; rows crossing accounts: {len(crossings)}")
        for line in (errors + crossings)[:10]:
            print("  " + line)
    finally:
        drop_database(args.url, many)
        drop_database(args.url, single)


if __name__ == "__main__":
    main()
