"""``/api/groups/{groupId}/endpoints``: CRUD, derived names, conflicts, validation and test runs."""

from __future__ import annotations

import json
import uuid
from typing import Any

from api_helpers import TestClient, assert_problem, make_token, unique

ORDER = {
    "method": "GET",
    "path": "/orders/{orderId}",
    "description": "Fetch one order",
    "response": {"status": 200, "body": '{"id": 1, "status": "shipped"}', "headers": {"X-Source": "mock"}},
    "request": {"query": [{"name": "page", "required": True, "schema": {"type": "integer", "minimum": 1}}]},
}


def _url(group: dict[str, Any], endpoint_id: str | None = None) -> str:
    base = f"/api/groups/{group['id']}/endpoints"
    return f"{base}/{endpoint_id}" if endpoint_id else base


def _create(client: TestClient, auth: dict[str, str], group: dict[str, Any], **body: Any) -> dict[str, Any]:
    response = client.post(_url(group), json={**ORDER, **body}, headers=auth)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_anonymous_is_401(client: TestClient, auth: dict[str, str], group: dict[str, Any]) -> None:
    assert_problem(client.get(_url(group)), 401)
    assert_problem(client.post(_url(group), json=ORDER), 401)
    assert_problem(client.post(f"{_url(group, str(uuid.uuid4()))}/test", json={}), 401)


def test_read_token_reads_and_tests_but_cannot_write(
    client: TestClient, auth: dict[str, str], group: dict[str, Any]
) -> None:
    endpoint = _create(client, auth, group)
    read = {"Authorization": f"Bearer {make_token(client, auth, 'read')}"}
    assert client.get(_url(group, endpoint["id"]), headers=read).status_code == 200
    run = client.post(
        f"{_url(group, endpoint['id'])}/test", json={"pathParams": {"orderId": "1"}}, headers=read
    )
    assert run.status_code == 200, run.text
    assert_problem(client.post(_url(group), json={**ORDER, "path": "/x"}, headers=read), 403)
    assert_problem(client.put(_url(group, endpoint["id"]), json=ORDER, headers=read), 403)
    assert_problem(client.delete(_url(group, endpoint["id"]), headers=read), 403)


def test_not_found(client: TestClient, auth: dict[str, str], group: dict[str, Any]) -> None:
    missing = str(uuid.uuid4())
    assert_problem(client.get(f"/api/groups/{missing}/endpoints", headers=auth), 404)
    assert_problem(client.post(f"/api/groups/{missing}/endpoints", json=ORDER, headers=auth), 404)
    assert_problem(client.get(_url(group, missing), headers=auth), 404)
    assert_problem(client.delete(_url(group, missing), headers=auth), 404)
    assert_problem(client.post(f"{_url(group, missing)}/test", json={}, headers=auth), 404)
    # An endpoint is only reachable under its own group.
    endpoint = _create(client, auth, group)
    other = client.post("/api/groups", json={"name": unique()}, headers=auth).json()
    assert_problem(client.get(_url(other, endpoint["id"]), headers=auth), 404)


def test_create_read_update_delete(client: TestClient, auth: dict[str, str], group: dict[str, Any]) -> None:
    endpoint = _create(client, auth, group)
    assert endpoint["name"] == f"{group['name']}-get-orders-orderid"
    assert endpoint["group"] == group["name"]
    assert endpoint["groupId"] == group["id"]
    assert endpoint["namespace"] == "default"
    assert endpoint["mockUrl"] == f"http://127.0.0.1:8000/{group['name']}/orders/{{orderId}}"
    assert endpoint["chaosUrl"] == endpoint["mockUrl"] + "/chaos"
    assert endpoint["delay"] == {"minMs": 0, "maxMs": 0}
    assert endpoint["chaos"]["enabled"] is True
    assert endpoint["request"]["query"][0]["schema"] == {"type": "integer", "minimum": 1}
    assert endpoint["response"]["headers"] == {"X-Source": "mock"}
    assert endpoint["createdBy"] == "developer@localhost"
    assert endpoint["version"] == 1
    assert client.get(_url(group, endpoint["id"]), headers=auth).json() == endpoint
    assert client.get(f"/api/groups/{group['id']}", headers=auth).json()["endpointCount"] == 1

    changed = {
        **ORDER,
        "name": "renamed-order",
        "delay": {"minMs": 5, "maxMs": 10},
        "chaos": {"enabled": False},
    }
    updated = client.put(_url(group, endpoint["id"]), json=changed, headers={**auth, "If-Match": '"1"'})
    assert updated.status_code == 200, updated.text
    assert updated.json()["name"] == "renamed-order"
    assert updated.json()["delay"] == {"minMs": 5, "maxMs": 10}
    assert updated.json()["version"] == 2
    assert updated.headers["etag"] == '"2"'
    assert_problem(
        client.put(_url(group, endpoint["id"]), json=changed, headers={**auth, "If-Match": '"1"'}), 412
    )

    assert client.delete(_url(group, endpoint["id"]), headers=auth).status_code == 204
    assert_problem(client.get(_url(group, endpoint["id"]), headers=auth), 404)
    assert client.post(_url(group), json=ORDER, headers=auth).status_code == 201


def test_duplicate_method_and_path_is_409(
    client: TestClient, auth: dict[str, str], group: dict[str, Any]
) -> None:
    _create(client, auth, group)
    body = assert_problem(client.post(_url(group), json={**ORDER, "name": "another"}, headers=auth), 409)
    assert "method and path" in body["detail"]
    assert client.post(_url(group), json={**ORDER, "method": "DELETE"}, headers=auth).status_code == 201


def test_validation_errors_are_relative_to_the_body(
    client: TestClient, auth: dict[str, str], group: dict[str, Any]
) -> None:
    bad = {
        "method": "GET",
        "path": "orders",
        "response": {"status": 700, "body": "x", "schema": {"type": "object"}},
        "request": {"body": {"schema": {"type": "object"}}},
        "group": "elsewhere",
    }
    body = assert_problem(client.post(_url(group), json=bad, headers=auth), 422, slug="validation")
    fields = {e["field"] for e in body["errors"]}
    assert {"path", "response.status", "group"} <= fields, body
    path_error = next(e for e in body["errors"] if e["field"] == "path")
    assert path_error["message"] == "must start with '/'"
    assert path_error["type"] == "estoca_path_start"
    missing = assert_problem(client.post(_url(group), json={"path": "/x"}, headers=auth), 422)
    assert missing["errors"] == [{"field": "method", "message": "Field required", "type": "missing"}]


def test_list_search_and_sort(client: TestClient, auth: dict[str, str], group: dict[str, Any]) -> None:
    for path in ("/b", "/a", "/c/items"):
        _create(client, auth, group, path=path, request={})
    listed = client.get(_url(group) + "?sort=path", headers=auth)
    assert listed.status_code == 200, listed.text
    assert [e["path"] for e in listed.json()["items"]] == ["/a", "/b", "/c/items"]
    assert listed.headers["etag"]
    assert client.get(_url(group), headers={**auth, "If-None-Match": listed.headers["etag"]}).status_code in (
        200,
        304,
    )
    found = client.get(_url(group) + "?q=items&pageSize=1", headers=auth).json()
    assert found["total"] == 1
    assert found["items"][0]["path"] == "/c/items"
    descending = client.get(_url(group) + "?sort=-path", headers=auth).json()["items"]
    assert descending[0]["path"] == "/c/items"


def test_run_normal_and_chaos(client: TestClient, auth: dict[str, str], group: dict[str, Any]) -> None:
    endpoint = _create(client, auth, group)
    url = f"{_url(group, endpoint['id'])}/test"
    ok = client.post(url, json={"pathParams": {"orderId": "42"}, "query": {"page": "1"}}, headers=auth)
    assert ok.status_code == 200, ok.text
    result = ok.json()
    assert result["status"] == 200
    assert json.loads(result["body"]) == {"id": 1, "status": "shipped"}
    assert result["bodyIsBinary"] is False
    assert result["outcome"] == "response"
    assert result["fault"] is None
    assert result["url"].endswith(f"/{group['name']}/orders/42?page=1")
    assert ["x-source", "mock"] in result["headers"]
    assert result["elapsedMs"] >= 0

    broken = client.post(
        url, json={"pathParams": {"orderId": "42"}, "query": {"page": "0"}}, headers=auth
    ).json()
    assert broken["status"] == 400
    assert "page" in broken["body"]

    runs = [
        client.post(
            url,
            json={"mode": "chaos", "pathParams": {"orderId": "1"}, "query": {"page": "1"}, "seed": 7},
            headers=auth,
        ).json()
        for _ in range(2)
    ]
    assert runs[0]["fault"] is not None
    assert runs[0]["fault"] == runs[1]["fault"]
    assert runs[0]["url"].endswith("/orders/1/chaos?page=1")


def test_run_rejects_bad_parameters(client: TestClient, auth: dict[str, str], group: dict[str, Any]) -> None:
    endpoint = _create(client, auth, group)
    url = f"{_url(group, endpoint['id'])}/test"
    missing = assert_problem(client.post(url, json={}, headers=auth), 422)
    assert missing["errors"][0]["field"] == "pathParams"
    bad = assert_problem(
        client.post(url, json={"mode": "weird", "headers": {"bad header": "x"}, "seed": -1}, headers=auth),
        422,
    )
    assert {e["field"] for e in bad["errors"]} == {"mode", "headers", "seed"}
