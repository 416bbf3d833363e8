"""``/api/auth`` in dev mode: login, refresh rotation, reuse detection, logout, me, config, dev-mode rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from api_helpers import TEST_SECRET, TestClient, api_test_settings, assert_problem, sign_in
from fastapi import FastAPI

from estoca_api.auth.security import AUDIENCE, ISSUER, create_access_token, decode_access_token
from estoca_api.settings import ApiSettings


def test_config_is_public(client: TestClient) -> None:
    response = client.get("/api/auth/config")
    assert response.status_code == 200
    assert response.json() == {"authMode": "dev", "devMode": True, "providerName": "Google"}


def test_config_with_oidc(make_client: Callable[..., TestClient]) -> None:
    client = make_client(oidc_client_id="cid", oidc_client_secret="secret", oidc_provider_name="Acme")
    assert client.get("/api/auth/config").json() == {
        "authMode": "oidc",
        "devMode": False,
        "providerName": "Acme",
    }


def test_me_anonymous_and_unauthorized(client: TestClient) -> None:
    assert_problem(client.get("/api/auth/me"), 401, slug="unauthorized")
    assert_problem(client.get("/api/auth/me", headers={"Authorization": "Basic abc"}), 401)
    forged = jwt.encode(
        {"sub": "x", "iss": ISSUER, "aud": AUDIENCE}, "wrong-key-" + "w" * 40, algorithm="HS256"
    )
    assert_problem(client.get("/api/auth/me", headers={"Authorization": f"Bearer {forged}"}), 401)


def test_dev_login_refresh_me_logout(client: TestClient) -> None:
    login = client.post("/api/auth/login")
    assert login.status_code == 200
    assert login.json() == {"redirectUrl": "/"}
    cookie = login.headers["set-cookie"]
    assert cookie.startswith("estoca_refresh=")
    assert "HttpOnly" in cookie
    assert "Path=/api/auth" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # cookie_secure is off in tests

    refreshed = client.post("/api/auth/refresh")
    assert refreshed.status_code == 200, refreshed.text
    body = refreshed.json()
    assert body["tokenType"] == "bearer"
    assert body["expiresIn"] == 900
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {body['accessToken']}"})
    assert me.status_code == 200
    assert me.json()["email"] == "developer@localhost"
    assert me.json()["name"] == "Local developer"
    assert me.json()["devMode"] is True
    assert me.json()["authMode"] == "dev"
    assert refreshed.headers["cache-control"] == "no-store"

    assert client.post("/api/auth/logout").status_code == 204
    assert_problem(client.post("/api/auth/refresh"), 401)


def test_refresh_without_cookie_is_401(client: TestClient) -> None:
    assert_problem(client.post("/api/auth/refresh"), 401, slug="unauthorized")
    client.cookies.set("estoca_refresh", "made-up", domain="127.0.0.1", path="/api/auth")
    assert_problem(client.post("/api/auth/refresh"), 401)


def test_refresh_token_reuse_revokes_the_family(make_client: Callable[..., TestClient]) -> None:
    client = make_client(refresh_reuse_grace_s=0)
    client.post("/api/auth/login")
    stolen = client.cookies.get("estoca_refresh")
    assert client.post("/api/auth/refresh").status_code == 200  # the owner rotates
    fresh = client.cookies.get("estoca_refresh")
    assert fresh != stolen
    # The thief replays the old token: refused, and the whole family is revoked...
    client.cookies.clear()
    client.cookies.set("estoca_refresh", stolen, domain="127.0.0.1", path="/api/auth")
    reuse = assert_problem(client.post("/api/auth/refresh"), 401)
    assert "ended" in reuse["detail"]
    assert 'estoca_refresh=""' in client.post("/api/auth/refresh").headers.get("set-cookie", "")
    # ...so the owner's current token stops working too.
    client.cookies.clear()
    client.cookies.set("estoca_refresh", fresh, domain="127.0.0.1", path="/api/auth")
    assert_problem(client.post("/api/auth/refresh"), 401)


def test_expired_access_token_is_401(client: TestClient) -> None:
    sign_in(client)
    me = client.get("/api/auth/me", headers=sign_in(client)).json()
    expired = jwt.encode(
        {
            "sub": me["id"],
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": datetime.now(UTC) - timedelta(hours=2),
            "exp": datetime.now(UTC) - timedelta(hours=1),
        },
        TEST_SECRET,
        algorithm="HS256",
    )
    body = assert_problem(client.get("/api/auth/me", headers={"Authorization": f"Bearer {expired}"}), 401)
    assert "expired" in body["detail"]


def test_access_token_round_trip() -> None:
    settings = api_test_settings()
    import uuid

    user_id = uuid.uuid4()
    token = create_access_token(settings, user_id=user_id, email="a@b.c", name="A", auth_mode="oidc")
    principal = decode_access_token(settings, token)
    assert principal is not None
    assert principal.user_id == user_id
    assert principal.can_write
    assert decode_access_token(api_test_settings(secret_key="another-" + "y" * 40), token) is None


def test_dev_login_refused_from_another_machine(make_app: Callable[..., FastAPI]) -> None:
    remote = TestClient(make_app(), base_url="http://127.0.0.1", client=("203.0.113.9", 4000))
    with remote:
        assert_problem(remote.post("/api/auth/login"), 403, slug="dev-mode-remote")


def test_no_dev_mode_on_a_public_bind(make_client: Callable[..., TestClient]) -> None:
    client = make_client(bind_host="0.0.0.0")
    assert client.get("/api/auth/config").json()["devMode"] is False
    assert_problem(client.post("/api/auth/login"), 503, slug="sign-in-not-configured")
    assert_problem(client.get("/api/auth/callback?code=x&state=y"), 404, slug="sign-in-not-configured")


def test_production_refuses_incomplete_settings() -> None:
    with pytest.raises(ValueError, match="API_OIDC_CLIENT_ID"):
        ApiSettings(env="production", secret_key="k" * 64, oidc_client_id=None)
    with pytest.raises(ValueError, match="SECRET_KEY"):
        ApiSettings(env="production", secret_key="short", oidc_client_id="c", oidc_client_secret="s")
    ok = ApiSettings(env="production", secret_key="k" * 64, oidc_client_id="c", oidc_client_secret="s")
    assert not ok.dev_mode
    assert ok.redirect_url == "http://127.0.0.1:8000/api/auth/callback"


def test_settings_lists_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_ALLOWED_DOMAINS", "Example.com, @corp.io")
    monkeypatch.setenv("API_CORS_ORIGINS", '["http://localhost:3000"]')
    monkeypatch.setenv("SECRET_KEY", "from-env-" + "z" * 40)
    monkeypatch.setenv("STORAGE", "database")
    settings = ApiSettings()
    assert settings.allowed_domains == ["example.com", "corp.io"]
    assert settings.cors_origins == ["http://localhost:3000"]
    assert settings.secret_key.startswith("from-env-")
    assert ApiSettings(bind_host="::1").dev_mode
    assert ApiSettings(bind_host="localhost").dev_mode
    assert not ApiSettings(bind_host="example.org").dev_mode


def test_concurrent_refresh_within_the_grace_period(client: TestClient) -> None:
    """Two tabs refreshing with the same cookie at once both get through; the session stays alive."""
    client.post("/api/auth/login")
    shared = client.cookies.get("estoca_refresh")
    assert client.post("/api/auth/refresh").status_code == 200  # tab 1 wins and rotates
    winner = client.cookies.get("estoca_refresh")
    client.cookies.clear()
    client.cookies.set("estoca_refresh", shared, domain="127.0.0.1", path="/api/auth")
    assert client.post("/api/auth/refresh").status_code == 200  # tab 2 presents the rotated token in time
    client.cookies.clear()
    client.cookies.set("estoca_refresh", winner, domain="127.0.0.1", path="/api/auth")
    assert client.post("/api/auth/refresh").status_code == 200  # and tab 1 carries on
    # After logout, not even the grace period brings the session back.
    assert client.post("/api/auth/logout").status_code == 204
    client.cookies.set("estoca_refresh", shared, domain="127.0.0.1", path="/api/auth")
    assert_problem(client.post("/api/auth/refresh"), 401)
