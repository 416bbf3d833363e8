"""``/api/tokens``: personal API tokens are shown once, stored hashed, scoped, listed and revoked."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from api_helpers import TestClient, assert_problem, make_token, sign_in
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from estoca_api.auth.security import hash_secret
from estoca_api.db_models import ApiToken


def test_anonymous_is_401(client: TestClient) -> None:
    assert_problem(client.get("/api/tokens"), 401)
    assert_problem(client.post("/api/tokens", json={"name": "x"}), 401)
    assert_problem(client.delete(f"/api/tokens/{uuid.uuid4()}"), 401)


def test_create_use_list_and_revoke(client: TestClient, auth: dict[str, str], api_engine: Engine) -> None:
    created = client.post(
        "/api/tokens", json={"name": "ci", "scope": "write", "expiresInDays": 30}, headers=auth
    )
    assert created.status_code == 201, created.text
    body = created.json()
    secret = body["token"]
    assert secret.startswith("estoca_pat_")
    assert body["scope"] == "write"
    assert body["lastUsedAt"] is None
    assert body["expiresAt"] > body["createdAt"]
    with Session(api_engine) as session:
        row = session.scalars(select(ApiToken).where(ApiToken.id == uuid.UUID(body["id"]))).one()
        assert row.token_hash == hash_secret(secret)
        assert secret not in (row.token_hash, row.name)

    bearer = {"Authorization": f"Bearer {secret}"}
    me = client.get("/api/auth/me", headers=bearer)
    assert me.status_code == 200
    assert me.json()["email"] == "developer@localhost"
    assert me.json()["scope"] == "write"
    listed = client.get("/api/tokens", headers=auth).json()
    mine = next(t for t in listed if t["id"] == body["id"])
    assert "token" not in mine
    assert mine["lastUsedAt"] is not None

    assert client.delete(f"/api/tokens/{body['id']}", headers=auth).status_code == 204
    revoked = assert_problem(client.get("/api/groups", headers=bearer), 401)
    assert "revoked" in revoked["detail"]
    assert all(t["id"] != body["id"] for t in client.get("/api/tokens", headers=auth).json())
    assert_problem(client.delete(f"/api/tokens/{body['id']}", headers=auth), 404)


def test_read_scope_cannot_manage_tokens(client: TestClient, auth: dict[str, str]) -> None:
    read = {"Authorization": f"Bearer {make_token(client, auth, 'read')}"}
    assert client.get("/api/tokens", headers=read).status_code == 200
    assert_problem(client.post("/api/tokens", json={"name": "x"}, headers=read), 403)


def test_not_found_and_other_users_tokens(
    client: TestClient, auth: dict[str, str], make_client: Callable[..., TestClient]
) -> None:
    assert_problem(client.delete(f"/api/tokens/{uuid.uuid4()}", headers=auth), 404)
    other = make_client(dev_user_email="someone-else@localhost", dev_user_name="Other")
    other_auth = sign_in(other)
    theirs = other.post("/api/tokens", json={"name": "theirs"}, headers=other_auth).json()
    assert_problem(client.delete(f"/api/tokens/{theirs['id']}", headers=auth), 404)
    assert all(t["id"] != theirs["id"] for t in client.get("/api/tokens", headers=auth).json())


def test_expired_token_is_401(client: TestClient, auth: dict[str, str], api_engine: Engine) -> None:
    created = client.post("/api/tokens", json={"name": "short", "expiresInDays": 1}, headers=auth).json()
    with Session(api_engine) as session, session.begin():
        row = session.get_one(ApiToken, uuid.UUID(created["id"]))
        row.expires_at = row.created_at
    body = assert_problem(
        client.get("/api/groups", headers={"Authorization": f"Bearer {created['token']}"}), 401
    )
    assert "expired" in body["detail"]


def test_validation(client: TestClient, make_client: Callable[..., TestClient]) -> None:
    auth = sign_in(client)
    bad = assert_problem(client.post("/api/tokens", json={"name": "", "scope": "admin"}, headers=auth), 422)
    assert {e["field"] for e in bad["errors"]} == {"name", "scope"}
    limited = make_client(api_token_max_days=10)
    limited_auth = sign_in(limited)
    too_long = assert_problem(
        limited.post("/api/tokens", json={"name": "x", "expiresInDays": 11}, headers=limited_auth), 422
    )
    assert too_long["errors"][0]["field"] == "expiresInDays"
    default = limited.post("/api/tokens", json={"name": "x"}, headers=limited_auth).json()
    assert default["scope"] == "read"
