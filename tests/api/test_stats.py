"""``/api/stats`` and the health routes."""

from __future__ import annotations

from collections.abc import Callable

from api_helpers import TestClient, api_test_settings, assert_problem, unique
from sqlalchemy import create_engine

from estoca_api.app import create_app


def test_anonymous_is_401(client: TestClient) -> None:
    assert_problem(client.get("/api/stats"), 401)


def test_unauthorized_token_is_401(client: TestClient) -> None:
    assert_problem(client.get("/api/stats", headers={"Authorization": "Bearer x.y.z"}), 401)


def test_counts_follow_writes(client: TestClient, auth: dict[str, str]) -> None:
    before = client.get("/api/stats", headers=auth)
    assert before.status_code == 200, before.text
    start = before.json()
    group = client.post("/api/groups", json={"name": unique()}, headers=auth).json()
    base = f"/api/groups/{group['id']}/endpoints"
    client.post(base, json={"method": "GET", "path": "/a"}, headers=auth)
    client.post(base, json={"method": "POST", "path": "/a", "chaos": {"enabled": False}}, headers=auth)
    after = client.get("/api/stats", headers=auth).json()
    assert after["groups"] == start["groups"] + 1
    assert after["endpoints"] == start["endpoints"] + 2
    assert after["byMethod"].get("GET", 0) == start["byMethod"].get("GET", 0) + 1
    assert after["byMethod"].get("POST", 0) == start["byMethod"].get("POST", 0) + 1
    assert after["chaosEnabled"] == start["chaosEnabled"] + 1
    assert client.delete(f"/api/groups/{group['id']}", headers=auth).status_code == 204
    assert client.get("/api/stats", headers=auth).json() == start


def test_health_is_public(client: TestClient) -> None:
    assert client.get("/api/healthz").json() == {"status": "ok"}
    assert client.get("/api/readyz").json() == {"status": "ready"}


def test_not_ready_without_database(make_client: Callable[..., TestClient]) -> None:
    engine = create_engine(
        "postgresql+psycopg2://nobody@127.0.0.1:9/none", connect_args={"connect_timeout": 1}
    )
    app = create_app(api_test_settings(), engine=engine)
    client = make_client(app)
    assert_problem(client.get("/api/readyz"), 503, slug="not-ready")
    assert client.get("/api/healthz").status_code == 200
    # Anything else that needs the database answers a 500 problem without internals.
    body = assert_problem(client.post("/api/auth/login"), 500, slug="internal")
    assert "psycopg" not in body["detail"]
    assert "reference" in body["detail"]
    engine.dispose()
