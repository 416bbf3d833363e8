"""Fixtures for the API tests: a committed database of their own, apps with test settings, signed-in clients.

The API commits (each write is its own transaction, so the mockserver is notified), so these tests use
their own migrated database instead of the rolled-back ``db_session``; names are unique per test, so
tests never see each other's groups.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine

from estoca_api.app import create_app

# The test modules import their helpers as `api_helpers` / `fake_oidc`, whatever pytest's import mode.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from api_helpers import LOOPBACK_CLIENT, TestClient, api_test_settings, sign_in, unique


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Authlib warns about its own deprecations inside the OIDC mock's thread; that is not ours to fix."""
    for item in items:
        if "tests/api/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.filterwarnings("ignore::authlib.deprecate.AuthlibDeprecationWarning"))
            # oidc-provider-mock 0.3 still implements Authlib's old get_jwt_config hook.
            item.add_marker(pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"))


@pytest.fixture(scope="session")
def api_database_url(database_server_url: str) -> Iterator[str]:
    """A migrated database for the API tests (writes are committed)."""
    from estoca_core.db.admin import create_database, drop_database
    from estoca_core.migrations import upgrade

    name = f"estoca_apitest_{os.getpid()}_{secrets.token_hex(4)}"
    url = create_database(database_server_url, name)
    try:
        upgrade(url)
        yield url
    finally:
        from estoca_core.db.engine import dispose_engines

        dispose_engines()
        drop_database(database_server_url, name)


@pytest.fixture(scope="session")
def api_engine(api_database_url: str) -> Iterator[Engine]:
    from estoca_core.db.engine import create_db_engine

    engine = create_db_engine(api_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_app(api_engine: Engine) -> Callable[..., FastAPI]:
    """Build an app with test settings (keyword arguments override them)."""

    def build(**overrides: Any) -> FastAPI:
        return create_app(api_test_settings(**overrides), engine=api_engine)

    return build


@pytest.fixture
def make_client(make_app: Callable[..., FastAPI]) -> Iterator[Callable[..., TestClient]]:
    """Clients on fresh apps, closed after the test; requests come from a loopback address."""
    clients: list[TestClient] = []

    def build(app: FastAPI | None = None, **overrides: Any) -> TestClient:
        client = TestClient(
            app or make_app(**overrides),
            base_url="http://127.0.0.1",
            raise_server_exceptions=False,
            client=LOOPBACK_CLIENT,
        )
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    """An anonymous client of a dev-mode app."""
    return make_client()


@pytest.fixture
def auth(client: TestClient) -> dict[str, str]:
    """Authorization header of the dev-mode developer on ``client``."""
    return sign_in(client)


@pytest.fixture
def group(client: TestClient, auth: dict[str, str]) -> dict[str, Any]:
    """A new group."""
    response = client.post("/api/groups", json={"name": unique(), "description": "test group"}, headers=auth)
    assert response.status_code == 201, response.text
    return dict(response.json())
