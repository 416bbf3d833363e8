"""Alembic migrations: upgrade from empty, downgrade to base, and no drift from the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from estoca_core.db import url_string
from estoca_core.db.registry import load_models
from estoca_core.migrations import current, downgrade, head, upgrade

TABLES = {"users", "groups", "endpoints", "headers", "url_parameters", "request_bodies"}


def _tables(url: str) -> set[str]:
    engine = create_engine(url_string(url), poolclass=NullPool)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _scalar(url: str, sql: str) -> object:
    engine = create_engine(url_string(url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def test_upgrade_from_empty_then_downgrade_to_base(fresh_database_url: str) -> None:
    assert current(fresh_database_url) is None
    assert _tables(fresh_database_url) == set()
    upgrade(fresh_database_url)
    assert current(fresh_database_url) == head()
    assert TABLES | {"alembic_version"} <= _tables(fresh_database_url)
    assert (
        _scalar(fresh_database_url, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'estoca_notify_%'")
        == 5
    )
    upgrade(fresh_database_url)  # idempotent
    downgrade(fresh_database_url, "base")
    assert current(fresh_database_url) is None
    assert _tables(fresh_database_url) == {"alembic_version"}
    assert (
        _scalar(fresh_database_url, "SELECT count(*) FROM pg_proc WHERE proname = 'estoca_notify_change'")
        == 0
    )
    upgrade(fresh_database_url, "head")  # and back up again
    assert current(fresh_database_url) == head()


def test_models_and_migrations_do_not_drift(database_url: str) -> None:
    engine = create_engine(url_string(database_url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            assert compare_metadata(context, load_models()) == []
    finally:
        engine.dispose()


def test_partial_unique_indexes_exist(database_url: str) -> None:
    engine = create_engine(url_string(database_url), poolclass=NullPool)
    try:
        indexes = {i["name"]: i for i in inspect(engine).get_indexes("endpoints")}
    finally:
        engine.dispose()
    route = indexes["uq_endpoints_group_method_path_live"]
    assert route["unique"]
    assert route["column_names"] == ["group_id", "method", "path"]
    assert "deleted_at IS NULL" in route["dialect_options"]["postgresql_where"]
