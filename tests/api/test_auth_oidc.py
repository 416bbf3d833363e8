"""Sign-in with a real OIDC provider over HTTP (oidc-provider-mock), and every rejection case.

Wrong audience, expired and tampered ID tokens come from a small self-signed provider (``fake_oidc``),
since oidc-provider-mock cannot issue them.
"""

from __future__ import annotations

import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from api_helpers import TestClient, assert_problem
from fake_oidc import FakeProvider, run_fake_provider
from joserfc.jwk import RSAKey

with warnings.catch_warnings():
    # oidc-provider-mock imports authlib.jose, which announces its deprecation on import.
    import authlib.deprecate  # noqa: F401

    warnings.simplefilter("ignore")
    import oidc_provider_mock

CLIENT_ID = "estoca-test-client"


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    """oidc-provider-mock, served over HTTP on a free port."""
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def oidc_client(make_client: Callable[..., TestClient], issuer: str) -> Callable[..., TestClient]:
    def build(**overrides: Any) -> TestClient:
        settings: dict[str, Any] = {
            "oidc_issuer": issuer,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": "client-secret",
            "root_url": "http://127.0.0.1",
            "ui_url": "/",
        }
        settings.update(overrides)
        return make_client(**settings)

    return build


def _user(issuer: str, **claims: Any) -> str:
    sub = f"user-{uuid.uuid4().hex[:8]}"
    response = httpx.put(f"{issuer}/users/{sub}", json=claims)
    assert response.status_code == 204, response.text
    return sub


def _authorize(client: TestClient) -> str:
    login = client.post("/api/auth/login")
    assert login.status_code == 200, login.text
    return str(login.json()["redirectUrl"])


def _approve(authorize_url: str, sub: str, action: str | None = None) -> str:
    data = {"sub": sub} if action is None else {"action": action}
    response = httpx.post(authorize_url, data=data, follow_redirects=False)
    assert response.status_code == 302, response.text
    return str(response.headers["location"])


def _callback(client: TestClient, redirect: str) -> httpx.Response:
    parts = urlsplit(redirect)
    assert parts.path == "/api/auth/callback", redirect
    return client.get(f"/api/auth/callback?{parts.query}", follow_redirects=False)


def test_full_sign_in_round_trip(oidc_client: Callable[..., TestClient], issuer: str) -> None:
    client = oidc_client()
    email = f"ada-{uuid.uuid4().hex[:6]}@example.com"
    sub = _user(issuer, email=email, email_verified=True, name="Ada Lovelace")
    authorize_url = _authorize(client)
    query = parse_qs(urlsplit(authorize_url).query)
    assert authorize_url.startswith(f"{issuer}/oauth2/authorize")
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == ["http://127.0.0.1/api/auth/callback"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"][0]
    assert query["nonce"][0]
    assert query["state"][0]
    assert "openid" in query["scope"][0].split()

    done = _callback(client, _approve(authorize_url, sub))
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/"
    assert "estoca_refresh=" in done.headers["set-cookie"]

    token = client.post("/api/auth/refresh")
    assert token.status_code == 200, token.text
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token.json()['accessToken']}"}).json()
    assert me["email"] == email
    assert me["name"] == "Ada Lovelace"
    assert me["authMode"] == "oidc"
    assert me["devMode"] is False

    # A later sign-in updates the user (same id, new name).
    httpx.put(f"{issuer}/users/{sub}", json={"email": email, "email_verified": True, "name": "Ada King"})
    again = _callback(client, _approve(_authorize(client), sub))
    assert again.status_code == 303
    token = client.post("/api/auth/refresh").json()["accessToken"]
    me_again = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me_again["id"] == me["id"]
    assert me_again["name"] == "Ada King"


def test_bad_state_is_refused(oidc_client: Callable[..., TestClient], issuer: str) -> None:
    client = oidc_client()
    sub = _user(issuer, email="bob@example.com", email_verified=True)
    redirect = _approve(_authorize(client), sub)
    tampered = redirect.replace("state=", "state=x")
    assert_problem(_callback(client, tampered), 400, slug="bad-state")
    # A callback without the sign-in cookie (another browser) is refused too.
    stranger = oidc_client()
    assert_problem(_callback(stranger, _approve(_authorize(client), sub)), 400, slug="bad-state")


def test_replayed_callback_is_refused(oidc_client: Callable[..., TestClient], issuer: str) -> None:
    client = oidc_client()
    sub = _user(issuer, email="carol@example.com", email_verified=True)
    redirect = _approve(_authorize(client), sub)
    assert _callback(client, redirect).status_code == 303
    assert_problem(_callback(client, redirect), 400, slug="bad-state")


def test_disallowed_domain_and_unverified_email(oidc_client: Callable[..., TestClient], issuer: str) -> None:
    client = oidc_client(allowed_domains=["example.com"], allowed_emails=["guest@partner.org"])
    outsider = _user(issuer, email="eve@evil.org", email_verified=True)
    body = assert_problem(_callback(client, _approve(_authorize(client), outsider)), 403, slug="not-allowed")
    assert "eve@evil.org" in body["detail"]
    assert "set-cookie" not in {k.lower() for k in _callback(client, "/api/auth/callback?x=1").headers}

    unverified = _user(issuer, email="dan@example.com", email_verified=False)
    assert_problem(
        _callback(client, _approve(_authorize(client), unverified)), 403, slug="email-not-verified"
    )
    no_claim = (
        f"nobody-{uuid.uuid4().hex[:6]}@example.com"  # unknown sub: only {"email": sub}, no email_verified
    )
    assert_problem(_callback(client, _approve(_authorize(client), no_claim)), 403, slug="email-not-verified")

    guest = _user(issuer, email="guest@partner.org", email_verified=True)
    assert _callback(client, _approve(_authorize(client), guest)).status_code == 303
    member = _user(issuer, email="member@example.com", email_verified=True)
    assert _callback(client, _approve(_authorize(client), member)).status_code == 303


def test_denied_consent(oidc_client: Callable[..., TestClient], issuer: str) -> None:
    client = oidc_client()
    assert_problem(
        _callback(client, _approve(_authorize(client), "", action="deny")), 401, slug="sign-in-failed"
    )


def test_a_browser_is_sent_back_to_the_sign_in_page_with_the_reason(
    oidc_client: Callable[..., TestClient], issuer: str
) -> None:
    client = oidc_client(allowed_domains=["example.com"], ui_url="http://127.0.0.1:3000/")
    outsider = _user(issuer, email="mallory@evil.org", email_verified=True)
    parts = urlsplit(_approve(_authorize(client), outsider))
    response = client.get(
        f"/api/auth/callback?{parts.query}",
        headers={"Accept": "text/html,application/xhtml+xml", "Accept-Language": "pt-BR"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert (target.netloc, target.path) == ("127.0.0.1:3000", "/login")
    query = parse_qs(target.query)
    assert query["error"] == ["not-allowed"]
    assert "mallory@evil.org" in query["message"][0]
    assert "estoca_refresh" not in response.headers.get("set-cookie", "")  # not signed in


def test_unreachable_provider_is_502(make_client: Callable[..., TestClient]) -> None:
    client = make_client(
        oidc_issuer="http://127.0.0.1:9", oidc_client_id=CLIENT_ID, oidc_client_secret="s", oidc_timeout_s=2
    )
    assert_problem(client.post("/api/auth/login"), 502, slug="bad-gateway")


# ---------------------------------------------------------------- the self-signed provider


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeProvider]:
    with run_fake_provider() as provider:
        yield provider


def _fake_sign_in(
    make_client: Callable[..., TestClient], fake: FakeProvider, **claims: Any
) -> httpx.Response:
    client = make_client(
        oidc_issuer=fake.base, oidc_client_id=CLIENT_ID, oidc_client_secret="s", root_url="http://127.0.0.1"
    )
    query = parse_qs(urlsplit(_authorize(client)).query)
    now = int(time.time())
    fake.next_claims = {
        "iss": fake.base,
        "aud": CLIENT_ID,
        "sub": "fake-user",
        "email": "frank@example.com",
        "email_verified": True,
        "nonce": query["nonce"][0],
        "iat": now,
        "exp": now + 300,
        **claims,
    }
    return client.get(f"/api/auth/callback?code=abc&state={query['state'][0]}", follow_redirects=False)


def test_fake_provider_valid_token_signs_in(
    make_client: Callable[..., TestClient], fake: FakeProvider
) -> None:
    fake.sign_with = fake.key
    assert _fake_sign_in(make_client, fake).status_code == 303


def test_wrong_audience_is_refused(make_client: Callable[..., TestClient], fake: FakeProvider) -> None:
    fake.sign_with = fake.key
    response = _fake_sign_in(make_client, fake, aud="someone-else", azp=CLIENT_ID)
    assert_problem(response, 401, slug="invalid-id-token")


def test_expired_token_is_refused(make_client: Callable[..., TestClient], fake: FakeProvider) -> None:
    fake.sign_with = fake.key
    past = int(time.time()) - 3600
    assert_problem(_fake_sign_in(make_client, fake, iat=past - 60, exp=past), 401, slug="invalid-id-token")


def test_tampered_token_is_refused(make_client: Callable[..., TestClient], fake: FakeProvider) -> None:
    fake.sign_with = RSAKey.generate_key(2048, parameters={"kid": "fake-1"})
    try:
        assert_problem(_fake_sign_in(make_client, fake), 401, slug="invalid-id-token")
    finally:
        fake.sign_with = fake.key


def test_wrong_issuer_and_nonce_are_refused(
    make_client: Callable[..., TestClient], fake: FakeProvider
) -> None:
    fake.sign_with = fake.key
    assert_problem(_fake_sign_in(make_client, fake, iss="https://evil.example"), 401, slug="invalid-id-token")
    assert_problem(_fake_sign_in(make_client, fake, nonce="replayed"), 401, slug="invalid-id-token")
