"""Helpers for the API tests (imported by test modules; fixtures live in conftest.py)."""

from __future__ import annotations

import uuid
import warnings
from typing import Any

from estoca_api.settings import ApiSettings

with warnings.catch_warnings():
    # Starlette 1.x announces its move to httpx2 on import; the TestClient still works with httpx.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

LOOPBACK_CLIENT = ("127.0.0.1", 50000)
TEST_SECRET = "test-secret-" + "x" * 40


def api_test_settings(**overrides: Any) -> ApiSettings:
    """Settings for tests: a fixed secret, plain-HTTP cookies, limits high enough not to interfere."""
    values: dict[str, Any] = {
        "env": "test",
        "secret_key": TEST_SECRET,
        "cookie_secure": False,
        "rate_limit_per_minute": 100_000,
        "rate_limit_ip_per_minute": 100_000,
        "oidc_client_id": None,
        "redis_url": None,
        "bind_host": "127.0.0.1",
        "storage": "database",
    }
    values.update(overrides)
    return ApiSettings(**values)


def sign_in(client: TestClient) -> dict[str, str]:
    """Dev-mode sign-in: login, then refresh for an access token; returns the Authorization header."""
    login = client.post("/api/auth/login")
    assert login.status_code == 200, login.text
    refreshed = client.post("/api/auth/refresh")
    assert refreshed.status_code == 200, refreshed.text
    return {"Authorization": f"Bearer {refreshed.json()['accessToken']}"}


def make_token(client: TestClient, auth: dict[str, str], scope: str) -> str:
    """A personal API token with ``scope``."""
    created = client.post("/api/tokens", json={"name": f"t-{scope}", "scope": scope}, headers=auth)
    assert created.status_code == 201, created.text
    return str(created.json()["token"])


def unique(prefix: str = "g") -> str:
    """A group name no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def assert_problem(response: Any, status: int, *, slug: str | None = None) -> dict[str, Any]:
    """The answer is a problem+json with ``status`` (and ``type`` ending in ``slug``)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = dict(response.json())
    assert body["status"] == status
    assert body["title"]
    if slug is not None:
        assert body["type"] == f"https://estoca.io/problems/{slug}", body
    return body
