"""Engines take pool and timeout settings from CoreSettings; session_scope commits or rolls back."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from estoca_core.db import Group, create_db_engine, dispose_engines, get_engine, session_scope
from estoca_core.settings import CoreSettings, get_settings


def test_pool_and_timeouts_come_from_the_settings(database_url: str) -> None:
    settings = CoreSettings(
        DATABASE_URL=database_url,
        db_pool_size=3,
        db_max_overflow=2,
        db_pool_pre_ping=False,
        db_pool_recycle_s=60,
        db_pool_timeout_s=1.5,
        db_statement_timeout_ms=1234,
        db_application_name="estoca-test",
    )
    engine = create_db_engine(database_url, settings)
    try:
        pool = engine.pool
        assert pool.size() == 3  # type: ignore[attr-defined]
        assert pool._max_overflow == 2  # type: ignore[attr-defined]
        assert pool._pre_ping is False
        assert pool._recycle == 60
        assert pool._timeout == 1.5  # type: ignore[attr-defined]
        with engine.connect() as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "1234ms"
            assert conn.execute(text("SHOW application_name")).scalar() == "estoca-test"
    finally:
        engine.dispose()


def test_get_engine_is_cached_per_url(database_url: str) -> None:
    assert get_engine() is get_engine(database_url)
    dispose_engines()
    assert get_engine() is not None


def test_session_scope_commits_and_rolls_back(committed_database_url: str) -> None:
    engine = create_db_engine(committed_database_url)
    try:
        with session_scope(engine) as session:
            session.add(Group(namespace="default", name="kept"))

        def failing_unit_of_work() -> None:
            with session_scope(engine) as session:
                session.add(Group(namespace="default", name="dropped"))
                session.flush()
                raise ValueError("boom")

        with pytest.raises(ValueError, match="boom"):
            failing_unit_of_work()
        with session_scope(engine):
            assert [g.name for g in Group.objects.all()] == ["kept"]
    finally:
        engine.dispose()


def test_session_scope_defaults_to_the_process_engine(database_url: str) -> None:
    get_settings.cache_clear()
    with session_scope() as session:
        name = make_url(database_url).database  # the URL may carry ?host=<socket dir> (embedded server)
        assert session.execute(text("SELECT current_database()")).scalar() == name
