"""Page speed: the median AppTest rerun of every page on a large dataset.

Dataset: 10,000 contacts, 2,000 conversations, 20,000 notes, 5,000 follow-ups and a
5,000-question user bank in five files (the most coffeechat/banks.py accepts; a larger
bank is refused, and the pages would run on the built-in questions alone). Beside each
page: the rerun time of an empty page (one line of text, through the same router) in
the same run, which is AppTest's own floor.

Target: <= 50 ms median for every page.

Run: .venv/bin/python benchmarks/pages.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

TARGET_MS = 50.0
PAGES = ["pages/home.py", "pages/profile.py", "pages/role.py", "pages/networking.py",
         "pages/contacts.py", "pages/import_linkedin.py", "pages/plan.py", "pages/outreach.py",
         "pages/notes.py", "pages/followups.py", "pages/export.py"]


def build_dataset(folder: Path) -> tuple[str, Path]:
    """Fill a SQLite database and write a 5,000-question user bank (five files)."""
    from coffeechat.banks import builtin_bank
    from coffeechat.planner import make_plan
    from coffeechat.store import Store
    from coffeechat.store.tables import (
        ActivityRow,
        ContactRow,
        ConversationRow,
        FollowUpRow,
        NoteRow,
    )

    rng = random.Random(11)
    bank = builtin_bank()
    url = f"sqlite:///{folder}/pages.sqlite3"
    store = Store(url)
    store.profile.save({"name": "Zoë Łukasiewicz", "pitch_who": "I taught chemistry",
                        "pitch_what": "I'm learning Python", "pitch_where": "Backend in a year",
                        "target_role": "backend", "places": ["meetups", "discord"]})
    now = datetime(2026, 11, 20, 10, 0)
    today = date.today()
    first = ["Dana", "Zoë", "Sam", "Nguyễn", "Ali", "Priya", "Łukasz", "Maria", "Kwame"]
    last = ["Park", "Łukasiewicz", "Lee", "Thị Minh", "Khan", "Patel", "Nowak", "García"]
    contacts = [{
        "name": f"{rng.choice(first)} {rng.choice(last)} {i}", "title": "Engineer",
        "company": f"Company {i % 700}", "common_ground": "We both like testing",
        "tags": ["python"] if i % 3 else [], "tier": rng.choice(["close", "regular",
                                                                 "acquaintance"]),
        "archived": i % 50 == 0, "source": "manual", "created_at": now, "updated_at": now,
        "location": None, "met_at": None, "met_how": None, "reach_by": "linkedin",
        "profile_url": None, "email": None, "cadence_days": None, "connected_on": None,
    } for i in range(10_000)]
    roles, audiences = list(bank.roles), list(bank.audiences)
    statuses = ["idea", "requested", "scheduled", "held", "thanked", "closed"]
    conversations = []
    plans = []
    for i in range(2_000):
        plan = make_plan(bank, rng.choice(roles), rng.choice(audiences), seed=i).ids
        plans.append(plan)
        conversations.append({
            "contact_id": i * 5 + 1, "format": "coffee", "scheduled_at": None,
            "budget_minutes": 20, "status": rng.choice(statuses), "role": None,
            "audience": None, "plan": plan, "held_at": None, "goal": "Learn",
            "why_them": None, "created_at": now, "updated_at": now,
        })
    notes = [{
        "contact_id": (i % 2_000) * 5 + 1, "conversation_id": i % 2_000 + 1,
        "question_id": plans[i % 2_000][i % len(plans[i % 2_000])],
        "kind": "note", "text": f"Note {i}", "created_at": now,
    } for i in range(20_000)]
    followups = [{
        "contact_id": rng.randint(1, 10_000), "conversation_id": None,
        "kind": rng.choice(["thank_you", "keep_in_touch", "follow_up", "custom"]),
        "due_on": today + timedelta(days=rng.randint(-30, 60)), "done_at": None,
        "cancelled_at": None, "text": "Check in", "created_at": now, "updated_at": now,
    } for _ in range(5_000)]
    activities = [{
        "day": today - timedelta(days=rng.randint(0, 400)), "kind": "message", "minutes": 10,
        "contact_id": rng.randint(1, 10_000), "note": None,
    } for _ in range(5_000)]
    with store._db.writing() as s:
        for table, rows in ((ContactRow, contacts), (ConversationRow, conversations),
                            (NoteRow, notes), (FollowUpRow, followups),
                            (ActivityRow, activities)):
            s.execute(insert(table.__table__), rows)
        s.execute(text(
            "UPDATE contacts SET last_interaction_on = (SELECT MAX(activities.day) FROM "
            "activities WHERE activities.contact_id = contacts.id)"))
    store.optimize()
    store.dispose()

    banks = folder / "banks"
    banks.mkdir()
    categories = ["opening", "trends", "insights", "advice", "resources", "assignments",
                  "closing"]
    questions = [{
        "id": f"mine.q{i}", "text": f"My own question number {i}?",
        "category": rng.choice(categories),
        "roles": "all" if i % 4 == 0 else rng.sample(roles, 2),
        "audiences": "all" if i % 3 == 0 else rng.sample(audiences, 2),
        "minutes": rng.randint(1, 6), "priority": rng.randint(1, 5), "why": "Because.",
    } for i in range(5_000)]
    for part in range(5):
        (banks / f"mine{part}.yaml").write_text(
            yaml.safe_dump({"title": f"Mine {part}",
                            "questions": questions[part * 1_000:(part + 1) * 1_000]},
                           allow_unicode=True),
            encoding="utf-8")
    return url, banks


def median_rerun(at: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()  # type: ignore[attr-defined]
        times.append(time.perf_counter() - start)
    assert not at.exception, at.exception  # type: ignore[attr-defined]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        url, banks = build_dataset(folder)
        print(f"dataset built in {time.perf_counter() - start:.1f} s")
        os.environ["COFFEECHAT_DATABASE_URL"] = url
        os.environ["COFFEECHAT_BANKS_DIR"] = str(banks)
        os.environ["COFFEECHAT_DATA_DIR"] = str(folder / "data")
        os.chdir(ROOT)

        from streamlit.testing.v1 import AppTest

        empty = folder / "empty_page.py"
        empty.write_text("import streamlit as st\nst.write('An empty page.')\n")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()  # warms the caches: database engine and the user's question bank
        baseline_app = AppTest.from_file(str(empty), default_timeout=60)
        baseline_app.run()
        baseline = median_rerun(baseline_app, args.runs)
        print(f"{'page':<28}{'median':>10}{'vs empty':>10}")
        print(f"{'(empty page, no router)':<28}{baseline * 1000:>8.1f}ms{'1.0x':>10}")
        missed = []
        for page in PAGES:
            at.switch_page(page)
            at.query_params["contact"] = "1"
            at.query_params["conversation"] = "1"
            at.run()
            value = median_rerun(at, args.runs)
            flag = "" if value * 1000 <= TARGET_MS else "  <- over target"
            if flag:
                missed.append(page)
            print(f"{page:<28}{value * 1000:>8.1f}ms{value / baseline:>9.1f}x{flag}")
        print(f"target <= {TARGET_MS:.0f} ms median per page")
        if missed:
            print("TARGET MISSED: " + ", ".join(missed))


if __name__ == "__main__":
    main()
