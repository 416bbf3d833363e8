"""``GET /api/groups/{id}/export`` and ``POST /api/import``: YAML in the CR format, all or nothing."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import yaml
from api_helpers import TestClient, assert_problem, make_token, unique

from estoca_core.apply import parse_text, validate_documents

YAML = {"Content-Type": "application/yaml"}


def _resources(group: str) -> str:
    return f"""\
apiVersion: mock.estoca.io/v1alpha1
kind: MockGroup
metadata: {{name: {group}}}
spec: {{description: imported}}
---
apiVersion: mock.estoca.io/v1alpha1
kind: MockEndpoint
metadata: {{name: {group}-list-orders}}
spec:
  group: {group}
  method: GET
  path: /orders
  response: {{status: 200, body: '[]'}}
"""


def test_anonymous_and_read_only(client: TestClient, auth: dict[str, str], group: dict[str, Any]) -> None:
    assert_problem(client.post("/api/import", content=_resources(unique()), headers=YAML), 401)
    assert_problem(client.get(f"/api/groups/{group['id']}/export"), 401)
    read = {"Authorization": f"Bearer {make_token(client, auth, 'read')}"}
    assert_problem(client.post("/api/import", content=_resources(unique()), headers={**YAML, **read}), 403)
    assert client.get(f"/api/groups/{group['id']}/export", headers=read).status_code == 200


def test_export_not_found(client: TestClient, auth: dict[str, str]) -> None:
    assert_problem(client.get(f"/api/groups/{uuid.uuid4()}/export", headers=auth), 404)


def test_import_then_export_round_trip(client: TestClient, auth: dict[str, str]) -> None:
    name = unique()
    imported = client.post("/api/import", content=_resources(name), headers={**YAML, **auth})
    assert imported.status_code == 200, imported.text
    body = imported.json()
    assert body == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "resources": [
            {"kind": "MockGroup", "namespace": "default", "name": name, "action": "created"},
            {
                "kind": "MockEndpoint",
                "namespace": "default",
                "name": f"{name}-list-orders",
                "action": "created",
            },
        ],
    }
    again = client.post("/api/import", content=_resources(name), headers={**YAML, **auth}).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert {r["action"] for r in again["resources"]} == {"unchanged"}
    changed = _resources(name).replace("/orders", "/purchase-orders")
    assert (
        client.post("/api/import", content=changed, headers={**YAML, **auth}).json()["resources"][1]["action"]
        == "updated"
    )
    client.post("/api/import", content=_resources(name), headers={**YAML, **auth})

    group = client.get(f"/api/groups?q={name}", headers=auth).json()["items"][0]
    assert group["source"] == "api"
    assert group["endpointCount"] == 1
    exported = client.get(f"/api/groups/{group['id']}/export", headers=auth)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/yaml")
    assert f'filename="{name}.yaml"' in exported.headers["content-disposition"]
    docs = list(yaml.safe_load_all(exported.text))
    assert [d["kind"] for d in docs] == ["MockGroup", "MockEndpoint"]
    assert docs[1]["spec"]["path"] == "/orders"
    # What we export is exactly what `estoca-mock apply` validates and takes back.
    assert len(validate_documents(parse_text(exported.text))) == 2
    assert (
        client.post("/api/import", content=exported.text, headers={**YAML, **auth}).json()["unchanged"] == 2
    )


def test_import_is_all_or_nothing(client: TestClient, auth: dict[str, str]) -> None:
    name = unique()
    broken = (
        _resources(name)
        + f"""\
---
apiVersion: mock.estoca.io/v1alpha1
kind: MockEndpoint
metadata: {{name: {name}-bad}}
spec: {{group: {name}, method: GET, path: orders}}
"""
    )
    body = assert_problem(client.post("/api/import", content=broken, headers={**YAML, **auth}), 422)
    assert body["errors"][0] == {
        "field": "document 3: spec.path",
        "message": "must start with '/'",
        "type": "estoca_path_start",
    }
    # The same rule, in the reader's language.
    pt = {**YAML, **auth, "Accept-Language": "pt-BR"}
    body = assert_problem(client.post("/api/import", content=broken, headers=pt), 422)
    assert body["errors"][0]["message"] == "deve começar com '/'"
    assert client.get(f"/api/groups?q={name}", headers=auth).json()["total"] == 0

    unknown_group = _resources(name).replace(f"group: {name}", "group: does-not-exist")
    body = assert_problem(client.post("/api/import", content=unknown_group, headers={**YAML, **auth}), 422)
    assert body["errors"][0]["field"].startswith("document 2")
    assert client.get(f"/api/groups?q={name}", headers=auth).json()["total"] == 0


def test_import_bad_input(client: TestClient, auth: dict[str, str]) -> None:
    assert_problem(client.post("/api/import", json={"a": 1}, headers=auth), 415)
    assert_problem(client.post("/api/import", content=b"\xff\xfe", headers={**YAML, **auth}), 422)
    not_yaml = assert_problem(client.post("/api/import", content="a: [1", headers={**YAML, **auth}), 422)
    assert not_yaml["errors"]


def test_import_the_examples(client: TestClient, auth: dict[str, str]) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    files = sorted(p for p in examples.glob("*.yaml") if p.is_file())
    assert files, "examples/ has YAML files"
    for path in files:
        response = client.post("/api/import", content=path.read_text(), headers={**YAML, **auth})
        assert response.status_code == 200, (path, response.text)
        body = response.json()
        assert body["created"] + body["updated"] + body["unchanged"] == path.read_text().count("\nkind: Mock")
        assert len(body["resources"]) == body["created"] + body["updated"] + body["unchanged"]
