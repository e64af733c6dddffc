"""Shared fixtures: cheap stores on SQLite and a real PostgreSQL, and file-tree builders."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from textwrap import dedent

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from coffeechat.store import Store

IN_CI = os.environ.get("COFFEECHAT_CI") == "1"
POSTGRES_URL = os.environ.get("COFFEECHAT_TEST_POSTGRES_URL", "").strip()


def skip_or_fail(reason: str) -> None:
    """Skip locally with a visible reason; in CI a missing dependency is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI requires it: COFFEECHAT_CI=1)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's real data folder, banks or templates."""
    monkeypatch.setenv("COFFEECHAT_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("COFFEECHAT_DATABASE_URL", raising=False)
    monkeypatch.delenv("COFFEECHAT_BANKS_DIR", raising=False)
    monkeypatch.delenv("COFFEECHAT_TEMPLATES_DIR", raising=False)


def build_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a dict of relative paths to contents under ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'coffeechat.sqlite3'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with fresh_postgres_database() as url:
        yield url


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """Create an empty database on the test server; yield its URL; drop it afterwards."""
    if not POSTGRES_URL:
        skip_or_fail("PostgreSQL tests need COFFEECHAT_TEST_POSTGRES_URL (make test sets it)")
    name = f"cc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on a SQLite file and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    try:
        yield s
    finally:
        s.dispose()


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[Store]:
    s = Store(sqlite_url)
    try:
        yield s
    finally:
        s.dispose()
