"""Shared fixtures: an isolated, migrated PostgreSQL database per test session and rolled-back sessions.

``TEST_DATABASE_URL`` (a server URL, e.g. ``postgresql://postgres@127.0.0.1:5432/postgres``) selects the
server; without it an embedded pgserver is started in a temporary folder. Either way the session gets
its own database ``estoca_test_<pid>_<random>``, migrated to head and dropped at the end, so parallel
runs (and pytest-xdist workers) never share data.

Fixtures:
- ``database_url`` (session): URL of the migrated test database; also exported as ``DATABASE_URL``.
- ``engine`` (session): an engine on it.
- ``db_session`` (test): a session inside a transaction that is rolled back after the test; code that
  calls ``session.commit()`` only releases a savepoint. ``Model.objects`` is bound to it.
- ``repo`` (test): ``MockRepository(db_session)``.
- ``fresh_database_url`` (test): an extra EMPTY database (migration tests), dropped after the test.
- ``committed_database_url`` (test): an extra database migrated to head, for tests whose writes must
  be committed and seen by other connections or processes (NOTIFY, mockserver reload, CLI).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session


def _unique_name(prefix: str = "estoca_test") -> str:
    return f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"


@pytest.fixture(scope="session")
def database_server_url() -> Iterator[str]:
    """URL of a PostgreSQL server to create test databases on (``TEST_DATABASE_URL`` or embedded)."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    from estoca_core.db.engine import start_embedded, stop_embedded

    with tempfile.TemporaryDirectory(prefix="estoca-pg-") as tmp:
        pgdata = Path(tmp) / "pg"
        yield start_embedded(pgdata)
        stop_embedded(pgdata)


@pytest.fixture(scope="session")
def database_url(database_server_url: str) -> Iterator[str]:
    from estoca_core.db.admin import create_database, drop_database
    from estoca_core.db.engine import dispose_engines
    from estoca_core.migrations import upgrade
    from estoca_core.settings import get_settings

    name = _unique_name()
    url = create_database(database_server_url, name)
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    try:
        upgrade(url)
        yield url
    finally:
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
        get_settings.cache_clear()
        dispose_engines()
        drop_database(database_server_url, name)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    from estoca_core.db.engine import create_db_engine

    eng = create_db_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def db_session(engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test (commits become savepoint releases)."""
    from estoca_core.db.session import use_session

    with engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            with use_session(session):
                yield session
        finally:
            session.close()
            if transaction.is_active:
                transaction.rollback()


@pytest.fixture
def repo(db_session: Session):  # type: ignore[no-untyped-def]
    from estoca_core.repository import MockRepository

    return MockRepository(db_session)


@pytest.fixture
def fresh_database_url(database_server_url: str) -> Iterator[str]:
    """An extra, empty database on the test server; dropped after the test."""
    from estoca_core.db.admin import create_database, drop_database

    name = _unique_name("estoca_fresh")
    url = create_database(database_server_url, name)
    try:
        yield url
    finally:
        from estoca_core.db.engine import dispose_engines

        dispose_engines()
        drop_database(database_server_url, name)


@pytest.fixture
def committed_database_url(fresh_database_url: str) -> str:
    """An extra database migrated to head: writes here are really committed (NOTIFY, other processes)."""
    from estoca_core.migrations import upgrade

    upgrade(fresh_database_url)
    return fresh_database_url
