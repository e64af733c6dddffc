"""Migrating an empty database to head gives exactly the schema the models declare.

Alembic's autogenerate comparison (the tool that would write the next migration) must
find nothing to do: same tables, columns, types, nullability, indexes, unique
constraints and foreign keys. It does not look at primary keys or at what a foreign
key does on delete, so those are compared here from the reflected schema too.
"""

from __future__ import annotations

from pprint import pformat
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, ForeignKeyConstraint, Table, inspect

from coffeechat.store import Store
from coffeechat.store.tables import REGISTRY, AccountRow, Base

#: Every table: the learner's (the registry) and the accounts that own their rows.
ALL_TABLES = {t.name for t in REGISTRY} | {AccountRow.__tablename__}


def _migrated(db_url: str) -> Engine:
    store = Store(db_url)  # migrates the empty database to head
    return store.engine


def test_migrating_an_empty_database_gives_the_models_schema(db_url: str) -> None:
    engine = _migrated(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
        if engine.dialect.name == "sqlite":
            diff = _without_sqlite_ondelete_noise(engine, diff)
        assert diff == [], (
            "The migrations and the models disagree; write a migration (or fix the model):\n"
            + pformat(diff)
        )
    finally:
        engine.dispose()


def _declared(table: Table) -> dict[str, Any]:
    return {
        "primary key": sorted(c.name for c in table.primary_key.columns),
        "foreign keys": sorted(
            (tuple(fk.column_keys), fk.referred_table.name,
             tuple(e.column.name for e in fk.elements), fk.ondelete)
            for fk in table.constraints if isinstance(fk, ForeignKeyConstraint)
        ),
    }


def _sqlite_on_delete(engine: Engine, name: str) -> dict[tuple[str, str], str | None]:
    """What each foreign key does on delete, as SQLite itself reports it.

    SQLAlchemy reads ON DELETE from the table's CREATE statement, so it misses a
    REFERENCES clause that a migration added with ALTER TABLE ... ADD COLUMN; SQLite's
    own pragma knows it.
    """
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(f"PRAGMA foreign_key_list({name})").all()
    return {(row[3], row[2]): (None if row[6] == "NO ACTION" else row[6]) for row in rows}


def _without_sqlite_ondelete_noise(engine: Engine, diff: list[Any]) -> list[Any]:
    """Drop a remove-and-add of the same foreign key whose ON DELETE SQLite confirms."""
    noise: list[Any] = []
    for item in diff:
        if not (isinstance(item, tuple) and item[0] == "add_fk"):
            continue
        fk = item[1]
        table = fk.parent.name
        on_delete = _sqlite_on_delete(engine, table)
        column = fk.column_keys[0]
        if on_delete.get((column, fk.referred_table.name)) == fk.ondelete:
            noise.append(item)
            noise.extend(other for other in diff if isinstance(other, tuple)
                         and other[0] == "remove_fk" and other[1].parent.name == table
                         and list(other[1].column_keys) == [column])
    return [item for item in diff if not any(item is n for n in noise)]


def _reflected(engine: Engine, name: str) -> dict[str, Any]:
    found = inspect(engine)
    on_delete = _sqlite_on_delete(engine, name) if engine.dialect.name == "sqlite" else {}
    return {
        "primary key": sorted(found.get_pk_constraint(name)["constrained_columns"]),
        "foreign keys": sorted(
            (tuple(fk["constrained_columns"]), fk["referred_table"],
             tuple(fk["referred_columns"]),
             on_delete.get((fk["constrained_columns"][0], fk["referred_table"]),
                           (fk.get("options") or {}).get("ondelete"))
             if on_delete else (fk.get("options") or {}).get("ondelete"))
            for fk in found.get_foreign_keys(name)
        ),
    }


def test_primary_keys_and_cascades_match_the_models(db_url: str) -> None:
    engine = _migrated(db_url)
    try:
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == ALL_TABLES
        for name in ALL_TABLES:
            declared = _declared(Base.metadata.tables[name])
            assert _reflected(engine, name) == declared, name
    finally:
        engine.dispose()


def test_the_registry_lists_every_table_parents_first() -> None:
    assert set(Base.metadata.tables) == ALL_TABLES
    seen: set[str] = {AccountRow.__tablename__}
    for table in REGISTRY:
        parents = {fk.column.table.name for fk in table.table.foreign_keys}
        assert parents - {table.name} <= seen, f"{table.name} comes before its parents"
        seen.add(table.name)


def test_every_table_stores_exactly_its_model_fields() -> None:
    # A column added to the table but not the model (or the other way round) would be
    # lost by backups and by every read.
    for entry in REGISTRY:
        stored = {c.key for c in entry.table.columns
                  if not (c.info.get("derived") or c.info.get("owner"))}
        assert stored == set(entry.model.model_fields), entry.name
