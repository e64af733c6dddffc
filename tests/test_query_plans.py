"""The main page queries use the owner indexes on a database of many accounts.

PostgreSQL only. 300 accounts share the tables (tens of thousands of rows each), the
statistics are fresh (ANALYZE), and every SELECT the pages' store calls make for one
account is EXPLAINed, as the app runs it (account declared, row-level security on).
No plan may read a large table from end to end (a sequential scan).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, text

from benchmarks.hosted import fill_account
from coffeechat import accounts
from coffeechat.store import FollowUpList, Store

pytestmark = pytest.mark.postgres
ACCOUNTS = 300
#: A table holding at least this many rows is "large": reading all of it is a bug.
LARGE = 5_000

#: Rows per account: fewer than the benchmark's, enough to make the tables large.
PER_ACCOUNT = {"contacts": 60, "conversations": 20, "notes": 100, "followups": 25,
               "activities": 30}


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, int]]:
    """A database of ACCOUNTS full accounts; yields the store and one account in the middle."""
    url = _database(tmp_path_factory)
    store = Store(url)
    try:
        ids = [accounts.sign_in(store, "https://id.example.test", f"s{i}", None).id
               for i in range(ACCOUNTS)]
        for account_id in ids:
            with store.for_account(account_id)._db.writing() as s:
                fill_account(s, PER_ACCOUNT)
        with store.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        yield store, ids[ACCOUNTS // 2]
    finally:
        store.dispose()


def _database(factory: pytest.TempPathFactory) -> str:
    # The module-scoped twin of the postgres_url fixture: one database for all tests here.
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from tests.conftest import POSTGRES_URL, skip_or_fail

    if not POSTGRES_URL:
        skip_or_fail("PostgreSQL tests need COFFEECHAT_TEST_POSTGRES_URL (make test sets it)")
    name = f"cc_plans_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def page_calls(store: Store) -> None:
    """What the home, contacts, follow-ups, notes and outreach pages ask the store."""
    today = date.today()
    contact = store.contacts.list(limit=1)[0]
    conversation = store.conversations.list(limit=1)[0]
    store.journey_counts()
    store.profile.get()
    store.contacts.list(limit=20)
    store.contacts.list(search="person 1", limit=20)
    store.contacts.count()
    store.contacts.names()
    store.contacts.get(contact.id)
    store.contacts.gone_quiet(today)
    store.contacts.last_interactions([contact.id])
    store.conversations.list(limit=20)
    store.conversations.list(contact_id=contact.id)
    store.conversations.get(conversation.id)
    store.conversations.status_counts()
    store.conversations.upcoming(datetime.now(), datetime.now() + timedelta(days=14))
    store.notes.list(conversation_id=conversation.id)
    store.notes.list(contact_id=contact.id)
    store.notes.noted_question_ids(conversation.id)
    store.followups.agenda(today)
    store.followups.count_due(today)
    store.followups.counts(today)
    for which in FollowUpList:
        store.followups.page(which, today)
    store.followups.list(contact_id=contact.id)
    store.activities.minutes_by_day(today - timedelta(days=27), today)
    store.activities.list(contact_id=contact.id)
    store.messages.list_sent(limit=20)
    store.messages.list_sent(contact_id=contact.id)
    store.messages.draft_details(contact.id, conversation.id)
    store.messages.get_draft(contact.id, conversation.id, "email", "interview_request")


def _scans(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield plan["Node Type"], plan.get("Relation Name", "")
    for child in plan.get("Plans", []):
        yield from _scans(child)


def test_page_queries_use_the_owner_indexes(many: tuple[Store, int]) -> None:
    base, account_id = many
    store = base.for_account(account_id)
    with store.engine.connect() as conn:
        sizes = dict(conn.execute(text(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")).all())
    large = {name for name, rows in sizes.items() if rows >= LARGE}
    assert {"contacts", "notes", "followups", "activities"} <= large

    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "set_config" not in statement:
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        page_calls(store)
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)
    assert len(statements) > 30

    seq_scans = []
    with store._db.reading() as s:
        conn = s.connection()
        for statement, parameters in statements:
            (plan,) = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}",
                                           parameters).scalar_one()
            if isinstance(plan, str):
                plan = json.loads(plan)[0]
            for node, table in _scans(plan["Plan"]):
                if node == "Seq Scan" and table in large:
                    seq_scans.append((table, " ".join(statement.split())[:300]))
    assert not seq_scans, seq_scans
