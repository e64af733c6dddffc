"""The data version moves on every committed write, and only then (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Connection, create_engine, insert, select, text

from coffeechat.data_version import DataVersion
from coffeechat.store import Store
from coffeechat.store.tables import ActivityRow

ROW = {"day": date(2026, 11, 20), "kind": "message", "minutes": 10, "contact_id": None,
       "note": None}


def _as_local_account(conn: Connection) -> None:
    # Row-level security on PostgreSQL: a write must say whose row it is.
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT set_config('coffeechat.account', '1', true)"))


def test_reads_keep_the_version_and_writes_move_it(store: Store) -> None:
    version = DataVersion(store.engine)
    start = version.key()
    with store.engine.connect() as conn:
        conn.execute(select(ActivityRow.id)).all()
        conn.commit()  # a commit that only read
    with store.engine.begin() as conn:
        conn.execute(select(ActivityRow.id)).all()
    assert version.key() == start

    with store.engine.begin() as conn:
        _as_local_account(conn)
        conn.execute(insert(ActivityRow.__table__), [ROW])
    after_write = version.key()
    assert after_write != start

    with pytest.raises(RuntimeError), store.engine.begin() as conn:
        _as_local_account(conn)
        conn.execute(insert(ActivityRow.__table__), [ROW])
        raise RuntimeError("rolled back")
    with store.engine.begin() as conn:  # the rolled-back write must not linger
        conn.execute(select(ActivityRow.id)).all()
    assert version.key()[:2] == after_write[:2]


def test_two_databases_never_share_a_version(tmp_path: object, db_url: str) -> None:
    one = Store(db_url)
    other = Store(f"sqlite:///{tmp_path}/other.sqlite3")
    try:
        assert DataVersion(one.engine).key() != DataVersion(other.engine).key()
    finally:
        one.dispose()
        other.dispose()


def test_sqlite_sees_a_write_from_another_process(sqlite_store: Store) -> None:
    version = DataVersion(sqlite_store.engine)
    start = version.key()
    # Another engine stands for another process (the CLI): no event reaches ours.
    elsewhere = create_engine(str(sqlite_store.engine.url))
    try:
        with elsewhere.begin() as conn:
            conn.execute(text("PRAGMA journal_mode")).all()
            conn.execute(insert(ActivityRow.__table__), [ROW])
    finally:
        elsewhere.dispose()
    assert version.key() != start


# A page's script that keeps one figure with state.remembered and counts its computations.
REMEMBERING_PAGE = """
import streamlit as st
from wizard import state
calls = st.session_state.setdefault("calls", [])
along = st.session_state.get("along", "first file")
if st.session_state.pop("write", False):
    state.store().activities.log({"day": "2026-11-20", "kind": "message", "minutes": 5})
value = state.remembered("preview", lambda: calls.append(along) or len(calls), along=along)
st.write(f"value {value}")
"""


def test_remembered_keeps_one_value_per_name_until_the_data_or_along_changes(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", db_url)
    at = AppTest.from_string(REMEMBERING_PAGE, default_timeout=60)
    at.run()
    at.run()  # a rerun with nothing new: the kept value
    assert at.session_state["calls"] == ["first file"]

    at.session_state["along"] = "second file"
    at.run()
    at.run()
    assert at.session_state["calls"] == ["first file", "second file"]
    at.session_state["along"] = "first file"  # one value per name: the first was replaced
    at.run()
    assert at.session_state["calls"] == ["first file", "second file", "first file"]

    at.session_state["write"] = True  # saved before the figure is asked for
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.session_state["calls"]) == 4
    assert at.markdown[0].value == "value 4"
