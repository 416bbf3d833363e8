"""``/api/groups``: anonymous, unauthorized, not found, valid, conflicts, versions, pagination, ETags."""

from __future__ import annotations

import uuid
from typing import Any

from api_helpers import TestClient, assert_problem, make_token, unique


def test_anonymous_is_401(client: TestClient) -> None:
    body = assert_problem(client.get("/api/groups"), 401, slug="unauthorized")
    assert body["instance"] == "/api/groups"
    assert client.get("/api/groups").headers["www-authenticate"] == "Bearer"
    assert_problem(client.post("/api/groups", json={"name": unique()}), 401)


def test_garbage_bearer_is_401(client: TestClient) -> None:
    assert_problem(client.get("/api/groups", headers={"Authorization": "Bearer not-a-token"}), 401)
    assert_problem(client.get("/api/groups", headers={"Authorization": "Bearer estoca_pat_nope"}), 401)


def test_read_token_cannot_write(client: TestClient, auth: dict[str, str], group: dict[str, Any]) -> None:
    read = {"Authorization": f"Bearer {make_token(client, auth, 'read')}"}
    assert client.get(f"/api/groups/{group['id']}", headers=read).status_code == 200
    assert_problem(client.post("/api/groups", json={"name": unique()}, headers=read), 403, slug="forbidden")
    assert_problem(client.delete(f"/api/groups/{group['id']}", headers=read), 403)


def test_not_found(client: TestClient, auth: dict[str, str]) -> None:
    missing = uuid.uuid4()
    assert_problem(client.get(f"/api/groups/{missing}", headers=auth), 404, slug="not-found")
    assert_problem(client.put(f"/api/groups/{missing}", json={"name": unique()}, headers=auth), 404)
    assert_problem(client.delete(f"/api/groups/{missing}", headers=auth), 404)
    body = assert_problem(client.get("/api/groups/not-a-uuid", headers=auth), 422)
    assert body["errors"][0]["field"] == "path.group_id"


def test_create_read_update_delete(client: TestClient, auth: dict[str, str]) -> None:
    name = unique()
    created = client.post(
        "/api/groups",
        json={"name": name, "description": "ERP mocks", "server": {"replicas": 2}},
        headers=auth,
    )
    assert created.status_code == 201, created.text
    group = created.json()
    assert group["name"] == name
    assert group["namespace"] == "default"
    assert group["description"] == "ERP mocks"
    assert group["server"]["replicas"] == 2
    assert group["endpointCount"] == 0
    assert group["mockUrl"] == f"http://127.0.0.1:8000/{name}"
    assert group["createdBy"] == "developer@localhost"
    assert group["source"] == "api"
    assert group["version"] == 1
    assert created.headers["etag"] == '"1"'
    assert created.headers["location"] == f"/api/groups/{group['id']}"

    got = client.get(f"/api/groups/{group['id']}", headers=auth)
    assert got.json() == group
    assert got.headers["etag"] == '"1"'

    renamed = unique()
    updated = client.put(
        f"/api/groups/{group['id']}", json={"name": renamed, "description": "changed"}, headers=auth
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["name"] == renamed
    assert updated.json()["version"] == 2
    assert updated.json()["mockUrl"].endswith(f"/{renamed}")

    assert client.delete(f"/api/groups/{group['id']}", headers=auth).status_code == 204
    assert_problem(client.get(f"/api/groups/{group['id']}", headers=auth), 404)
    # Soft delete: the name is free again.
    again = client.post("/api/groups", json={"name": renamed}, headers=auth)
    assert again.status_code == 201, again.text


def test_duplicate_name_is_409(client: TestClient, auth: dict[str, str], group: dict[str, Any]) -> None:
    body = assert_problem(client.post("/api/groups", json={"name": group["name"]}, headers=auth), 409)
    assert "errors" not in body
    other = client.post("/api/groups", json={"name": unique()}, headers=auth).json()
    assert_problem(client.put(f"/api/groups/{other['id']}", json={"name": group["name"]}, headers=auth), 409)


def test_if_match(client: TestClient, auth: dict[str, str], group: dict[str, Any]) -> None:
    url = f"/api/groups/{group['id']}"
    body = {"name": group["name"], "description": "v2"}
    assert_problem(client.put(url, json=body, headers={**auth, "If-Match": '"7"'}), 412)
    assert_problem(client.put(url, json=body, headers={**auth, "If-Match": "garbage"}), 412)
    ok = client.put(url, json=body, headers={**auth, "If-Match": '"1"'})
    assert ok.status_code == 200, ok.text
    assert ok.headers["etag"] == '"2"'
    assert_problem(client.delete(url, headers={**auth, "If-Match": '"1"'}), 412)
    assert client.delete(url, headers={**auth, "If-Match": 'W/"2"'}).status_code == 204


def test_validation_errors_name_the_field(client: TestClient, auth: dict[str, str]) -> None:
    body = assert_problem(
        client.post(
            "/api/groups", json={"name": "Bad_Name", "server": {"replicas": -1}, "x": 1}, headers=auth
        ),
        422,
        slug="validation",
    )
    fields = {e["field"]: e for e in body["errors"]}
    assert set(fields) == {"name", "server.replicas", "x"}
    assert fields["server.replicas"]["message"] == "Must be greater than or equal to 0"
    assert fields["x"]["type"] == "extra_forbidden"
    reserved = assert_problem(client.post("/api/groups", json={"name": "api"}, headers=auth), 422)
    assert reserved["errors"][0]["field"] == "name"
    assert "reserved" in reserved["errors"][0]["message"]
    moved = client.post("/api/groups", json={"name": unique()}, headers=auth).json()
    cross = assert_problem(
        client.put(
            f"/api/groups/{moved['id']}", json={"name": moved["name"], "namespace": "other"}, headers=auth
        ),
        422,
    )
    assert cross["errors"][0]["field"] == "namespace"


def test_list_pagination_search_sort_and_etag(client: TestClient, auth: dict[str, str]) -> None:
    tag = uuid.uuid4().hex[:8]
    names = [f"p{tag}-{letter}" for letter in "cab"]
    for name in names:
        assert client.post("/api/groups", json={"name": name}, headers=auth).status_code == 201
    first = client.get(f"/api/groups?q=p{tag}&pageSize=2&page=1&sort=name", headers=auth)
    assert first.status_code == 200, first.text
    page = first.json()
    assert page["total"] == 3
    assert page["page"] == 1
    assert page["pageSize"] == 2
    assert [g["name"] for g in page["items"]] == sorted(names)[:2]
    second = client.get(f"/api/groups?q=p{tag}&pageSize=2&page=2&sort=name", headers=auth).json()
    assert [g["name"] for g in second["items"]] == sorted(names)[2:]
    desc = client.get(f"/api/groups?q=p{tag}&sort=-name", headers=auth).json()
    assert [g["name"] for g in desc["items"]] == sorted(names, reverse=True)
    newest = client.get(f"/api/groups?q=p{tag}&sort=-createdAt", headers=auth).json()
    assert [g["name"] for g in newest["items"]] == list(reversed(names))

    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    cached = client.get(
        f"/api/groups?q=p{tag}&pageSize=2&page=1&sort=name", headers={**auth, "If-None-Match": etag}
    )
    assert cached.status_code == 304
    assert cached.headers["etag"] == etag
    client.post("/api/groups", json={"name": f"p{tag}-a0"}, headers=auth)
    changed = client.get(
        f"/api/groups?q=p{tag}&pageSize=2&page=1&sort=name", headers={**auth, "If-None-Match": etag}
    )
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag

    bad = assert_problem(client.get("/api/groups?sort=size&pageSize=500", headers=auth), 422)
    assert {e["field"] for e in bad["errors"]} == {"query.sort", "query.pageSize"}
