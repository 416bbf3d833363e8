"""Rate limits (memory and real Redis), request size limits, security headers and CORS."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable

import pytest
import redis
from api_helpers import TestClient, assert_problem, sign_in

REDIS_URL = os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/15")


def _fresh_window(margin_s: float = 8.0) -> None:
    """Wait for a new one-minute window when this one is about to end, so counts do not reset mid-test."""
    left = 60 - time.time() % 60
    if left < margin_s:
        time.sleep(left + 0.1)


def test_rate_limit_per_token_in_memory(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit_per_minute=3)
    _fresh_window()
    bearer = {"Authorization": f"Bearer {uuid.uuid4().hex}"}
    statuses = [client.get("/api/groups", headers=bearer).status_code for _ in range(3)]
    assert statuses == [401, 401, 401]
    limited = assert_problem(client.get("/api/groups", headers=bearer), 429, slug="rate-limited")
    retry_after = int(client.get("/api/groups", headers=bearer).headers["retry-after"])
    assert 1 <= retry_after <= 60
    assert str(retry_after) in limited["detail"] or limited["detail"]
    # Another credential has its own budget; health checks are never limited.
    assert client.get("/api/groups", headers={"Authorization": "Bearer other"}).status_code == 401
    assert all(client.get("/api/healthz", headers=bearer).status_code == 200 for _ in range(5))


def test_rate_limit_follows_the_user_across_access_tokens(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit_per_minute=4)
    _fresh_window()
    first = sign_in(client)  # login + refresh are not signed-in calls: only the IP budget counts them
    assert client.get("/api/groups", headers=first).status_code == 200
    assert client.get("/api/groups", headers=first).status_code == 200
    second = {"Authorization": f"Bearer {client.post('/api/auth/refresh').json()['accessToken']}"}
    assert second != first
    assert client.get("/api/groups", headers=second).status_code == 200
    assert client.get("/api/groups", headers=second).status_code == 200
    assert_problem(client.get("/api/groups", headers=second), 429)  # a new token is not a new budget


def test_rate_limit_per_ip_in_memory(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit_ip_per_minute=2)
    _fresh_window()
    assert client.get("/api/auth/config").status_code == 200
    assert client.get("/api/auth/config").status_code == 200
    response = assert_problem(client.get("/api/auth/config"), 429)
    assert response["status"] == 429
    assert client.get("/docs").status_code == 200  # outside /api


def test_rate_limit_in_redis_is_shared_between_processes(make_client: Callable[..., TestClient]) -> None:
    store = redis.Redis.from_url(REDIS_URL)
    try:
        store.ping()
    except redis.RedisError as exc:  # pragma: no cover - the suite starts Redis; say so clearly if not
        pytest.fail(f"Redis is required at {REDIS_URL}: {exc}")
    first = make_client(redis_url=REDIS_URL, rate_limit_per_minute=4)
    second = make_client(redis_url=REDIS_URL, rate_limit_per_minute=4)
    _fresh_window()
    token = uuid.uuid4().hex
    bearer = {"Authorization": f"Bearer {token}"}
    assert first.get("/api/groups", headers=bearer).status_code == 401
    assert second.get("/api/groups", headers=bearer).status_code == 401
    assert first.get("/api/groups", headers=bearer).status_code == 401
    assert second.get("/api/groups", headers=bearer).status_code == 401
    limited = second.get("/api/groups", headers=bearer)
    assert_problem(limited, 429)
    assert int(limited.headers["retry-after"]) >= 1
    keys = store.keys("estoca:ratelimit:id:*")
    assert keys, "the counters live in Redis"
    store.close()


def test_redis_outage_lets_requests_through(make_client: Callable[..., TestClient]) -> None:
    client = make_client(
        redis_url="redis://127.0.0.1:9/0", rate_limit_per_minute=1, rate_limit_ip_per_minute=1
    )
    assert [client.get("/api/auth/config").status_code for _ in range(3)] == [200, 200, 200]


def test_request_size_limit(make_client: Callable[..., TestClient], auth: dict[str, str]) -> None:
    client = make_client(max_body_bytes=1024)
    big = {"name": "x" * 2000}
    body = assert_problem(client.post("/api/groups", json=big, headers=auth), 413, slug="too-large")
    assert body["detail"]

    def chunks():  # no Content-Length: the limit applies while the body streams in
        yield b'{"name": "'
        yield b"y" * 2000
        yield b'"}'

    streamed = client.post(
        "/api/groups", content=chunks(), headers={**auth, "Content-Type": "application/json"}
    )
    assert_problem(streamed, 413)
    bad_length = client.post("/api/groups", content=b"{}", headers={**auth, "Content-Length": "abc"})
    assert bad_length.status_code == 400


def test_security_headers(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    response = client.get("/api/healthz")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert "strict-transport-security" not in response.headers
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn.jsdelivr.net" in docs.headers["content-security-policy"]
    assert client.get("/redoc").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "Estoca Mock API"
    secure = make_client(cookie_secure=True)
    assert secure.get("/api/healthz").headers["strict-transport-security"].startswith("max-age=")
    hidden = make_client(docs_enabled=False)
    assert_problem(hidden.get("/docs"), 404)
    assert_problem(hidden.get("/openapi.json"), 404)


def test_cors_allow_list(make_client: Callable[..., TestClient]) -> None:
    client = make_client(cors_origins=["http://localhost:3000"])
    preflight = client.options(
        "/api/groups",
        headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert preflight.headers["access-control-allow-credentials"] == "true"
    other = client.options(
        "/api/groups", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in other.headers
    no_cors = make_client()
    plain = no_cors.get("/api/healthz", headers={"Origin": "http://localhost:3000"})
    assert "access-control-allow-origin" not in plain.headers


def test_unknown_routes_and_methods_are_problems(client: TestClient) -> None:
    body = assert_problem(client.get("/api/nothing-here"), 404)
    assert body["detail"] == "There is nothing at this address."
    method = assert_problem(client.delete("/api/auth/config"), 405)
    assert "DELETE" in method["detail"]
