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
from coffeechat.store.tables import REGISTRY, Base


def _migrated(db_url: str) -> Engine:
    store = Store(db_url)  # migrates the empty database to head
    return store.engine


def test_migrating_an_empty_database_gives_the_models_schema(db_url: str) -> None:
    engine = _migrated(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
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


def _reflected(engine: Engine, name: str) -> dict[str, Any]:
    found = inspect(engine)
    return {
        "primary key": sorted(found.get_pk_constraint(name)["constrained_columns"]),
        "foreign keys": sorted(
            (tuple(fk["constrained_columns"]), fk["referred_table"],
             tuple(fk["referred_columns"]), (fk.get("options") or {}).get("ondelete"))
            for fk in found.get_foreign_keys(name)
        ),
    }


def test_primary_keys_and_cascades_match_the_models(db_url: str) -> None:
    engine = _migrated(db_url)
    try:
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == {t.name for t in REGISTRY}
        for table in REGISTRY:
            declared = _declared(table.table)
            assert _reflected(engine, table.name) == declared, table.name
    finally:
        engine.dispose()


def test_the_registry_lists_every_table_parents_first() -> None:
    assert {t.name for t in REGISTRY} == set(Base.metadata.tables)
    seen: set[str] = set()
    for table in REGISTRY:
        parents = {fk.column.table.name for fk in table.table.foreign_keys}
        assert parents - {table.name} <= seen, f"{table.name} comes before its parents"
        seen.add(table.name)


def test_every_table_stores_exactly_its_model_fields() -> None:
    # A column added to the table but not the model (or the other way round) would be
    # lost by backups and by every read.
    for entry in REGISTRY:
        stored = {c.key for c in entry.table.columns if not c.info.get("derived")}
        assert stored == set(entry.model.model_fields), entry.name
