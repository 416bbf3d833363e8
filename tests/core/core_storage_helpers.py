"""Storage test helpers (imported by name): a rich endpoint spec using every field of the mock language."""

from __future__ import annotations

from typing import Any

from estoca_core.spec import MockEndpoint, MockEndpointSpec, MockGroup, MockGroupSpec


def rich_endpoint_wire(group: str = "erp", path: str = "/orders/{orderId}") -> dict[str, Any]:
    """Every feature at once: delay, static headers, schema response, query/header/body contracts,
    each flavour of onError, chaos weights. Schema keys are deliberately not in sorted order."""
    return {
        "group": group,
        "method": "POST",
        "path": path,
        "description": "Create an order line",
        "delay": {"minMs": 20, "maxMs": 250},
        "response": {
            "status": 201,
            "headers": {"X-Source": "mock", "Cache-Control": "no-store"},
            "schema": {
                "type": "object",
                "required": ["id", "status", "email"],
                "properties": {
                    "status": {"enum": ["created", "paid", "shipped"]},
                    "id": {"type": "integer", "minimum": 1},
                    "email": {"type": "string", "format": "email"},
                },
            },
        },
        "request": {
            "query": [
                {
                    "name": "page",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 500},
                    "onError": {"status": 400, "body": '{"error": "page must be 1..500"}'},
                },
                {"name": "token", "value": "abc123"},
                {"name": "debug", "onError": {}},
            ],
            "headers": [
                {
                    "name": "Authorization",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^Bearer .+"},
                    "onError": {
                        "status": 401,
                        "headers": {"WWW-Authenticate": "Bearer"},
                        "schema": {
                            "type": "object",
                            "required": ["error"],
                            "properties": {"error": {"const": "unauthorized"}},
                        },
                    },
                },
                {"name": "X-Tenant", "value": "acme"},
            ],
            "body": {
                "required": True,
                "schema": {"type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}}},
                "onError": {"status": 422},
            },
        },
        "chaos": {
            "enabled": True,
            "faults": {"error": 3, "timeout": 1, "contract": 2, "reset": 0},
            "passThrough": 0.25,
            "rate": 0.1,
        },
    }


def rich_endpoint_spec(group: str = "erp", path: str = "/orders/{orderId}") -> MockEndpointSpec:
    return MockEndpointSpec.model_validate(rich_endpoint_wire(group, path))


def simple_spec(
    group: str = "erp", path: str = "/items", method: str = "GET", **extra: Any
) -> MockEndpointSpec:
    return MockEndpointSpec.model_validate({"group": group, "method": method, "path": path, **extra})


def group_resource(name: str = "erp", namespace: str = "default", **meta: Any) -> MockGroup:
    return MockGroup.model_validate(
        {
            "metadata": {"name": name, "namespace": namespace, **meta},
            "spec": {"description": f"{name} mocks", "server": {"replicas": 2}},
        }
    )


def endpoint_resource(
    name: str, spec: MockEndpointSpec, namespace: str = "default", **meta: Any
) -> MockEndpoint:
    return MockEndpoint.model_validate(
        {"metadata": {"name": name, "namespace": namespace, **meta}, "spec": spec.to_wire()}
    )


def group_spec(description: str = "ERP mocks", replicas: int = 2) -> MockGroupSpec:
    return MockGroupSpec.model_validate({"description": description, "server": {"replicas": replicas}})
