"""PostgreSQL keeps accounts apart by itself: row-level security, as the app's own role.

The tests connect with COFFEECHAT_TEST_POSTGRES_URL, an ordinary role that owns its
database (scripts/postgres.sh creates it), as the app does in production. Without a
declared account a connection sees no learner row and can write none; with one, it
sees and writes that account's rows only, and the declaration ends with the
transaction.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import DBAPIError

from coffeechat import accounts
from coffeechat.store import Store
from coffeechat.store.tables import TABLES
from tests.test_accounts import ISSUER, fill

pytestmark = pytest.mark.postgres
USER_TABLES = [t.__tablename__ for t in TABLES]


@pytest.fixture
def filled(postgres_url: str) -> Iterator[tuple[str, int, int]]:
    """A database with two full accounts; yields its URL and the two account ids."""
    store = Store(postgres_url)
    try:
        fill(store, "Alpha")
        bravo = accounts.sign_in(store, ISSUER, "bravo", "bravo@example.test")
        fill(store.for_account(bravo.id), "Bravo")
        yield postgres_url, 1, bravo.id
    finally:
        store.dispose()


def _count(conn: Connection, table: str) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _declare(conn: Connection, account_id: int) -> None:
    conn.execute(text("SELECT set_config('coffeechat.account', :a, true)"),
                 {"a": str(account_id)})


def test_the_app_role_is_ordinary_and_owns_the_tables(filled: tuple[str, int, int]) -> None:
    url, _alpha, _bravo = filled
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            superuser, bypass = conn.execute(text(
                "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
            )).one()
            assert (superuser, bypass) == (False, False)
            owners = conn.execute(text(
                "SELECT relname, pg_get_userbyid(relowner) = current_user, relrowsecurity, "
                "relforcerowsecurity FROM pg_class WHERE relname = ANY(:t) AND relkind = 'r'"
            ), {"t": USER_TABLES}).all()
            assert sorted(r[0] for r in owners) == sorted(USER_TABLES)
            assert all(r[1] and r[2] and r[3] for r in owners), owners
    finally:
        engine.dispose()


def test_without_a_declared_account_nothing_is_seen_or_written(
        filled: tuple[str, int, int]) -> None:
    url, alpha, bravo = filled
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            with conn.begin():
                _declare(conn, alpha)
                # The same queries do see rows once an account is declared.
                assert all(_count(conn, t) > 0 for t in USER_TABLES)
            # The declaration ended with its transaction, on the same connection.
            with conn.begin():
                assert {t: _count(conn, t) for t in USER_TABLES} == dict.fromkeys(USER_TABLES, 0)
                for table in USER_TABLES:
                    assert conn.execute(text(f"UPDATE {table} SET owner_id = owner_id")
                                        ).rowcount == 0
                    assert conn.execute(text(f"DELETE FROM {table}")).rowcount == 0
            for owner in ("DEFAULT", str(alpha)):
                with pytest.raises(DBAPIError), conn.begin():
                    conn.execute(text(
                        "INSERT INTO contacts (owner_id, name, tags, tier, archived, source, "
                        f"created_at, updated_at) VALUES ({owner}, 'Intruder', '[]', "
                        "'regular', false, 'manual', now(), now())"))
        with engine.connect() as conn, conn.begin():
            _declare(conn, alpha)
            assert _count(conn, "contacts") == 2  # nothing was deleted or added above
    finally:
        engine.dispose()


def test_a_declared_account_sees_and_writes_its_own_rows_only(
        filled: tuple[str, int, int]) -> None:
    url, alpha, bravo = filled
    engine = create_engine(url)
    try:
        with engine.connect() as conn, conn.begin():
            _declare(conn, bravo)
            names = conn.execute(text("SELECT name FROM contacts ORDER BY name")).scalars().all()
            assert names == ["Bravo Archived", "Bravo Dana"]
            owners = {conn.execute(text(f"SELECT DISTINCT owner_id FROM {t}")).scalar_one()
                      for t in USER_TABLES}
            assert owners == {bravo}
            assert conn.execute(text("UPDATE contacts SET name = 'x' WHERE owner_id = :a"),
                                {"a": alpha}).rowcount == 0
        with engine.connect() as conn:
            with pytest.raises(DBAPIError, match="row-level security"), conn.begin():
                _declare(conn, bravo)
                conn.execute(text(
                    "INSERT INTO notes (owner_id, contact_id, kind, text, created_at) "
                    "SELECT :a, id, 'note', 'planted', now() FROM contacts LIMIT 1"),
                    {"a": alpha})
            with pytest.raises(DBAPIError, match="row-level security"), conn.begin():
                _declare(conn, bravo)
                conn.execute(text("UPDATE contacts SET owner_id = :a"), {"a": alpha})
    finally:
        engine.dispose()
