"""The OpenAPI document, adjusted so that error answers are described as they are sent.

FastAPI files response models under ``application/json`` and adds its own ``HTTPValidationError`` for
422; our errors are ``application/problem+json`` documents (:class:`estoca_api.problems.Problem`). This
rewrites every 4xx/5xx response to that media type and schema, so generated clients and schemathesis see
the real contract.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from estoca_api.problems import PROBLEM_CONTENT_TYPE

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def _fix_responses(schema: dict[str, Any]) -> None:
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                if str(status)[0] not in "45":
                    continue
                response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": PROBLEM_REF}}
    schemas = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)


def install_openapi(app: FastAPI) -> None:
    """Replace ``app.openapi`` with the adjusted, cached document."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                tags=app.openapi_tags,
            )
            schema.setdefault("components", {}).setdefault("schemas", {})
            _fix_responses(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
