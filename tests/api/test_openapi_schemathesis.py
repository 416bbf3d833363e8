"""Property-based checks of the whole API from its own /openapi.json (schemathesis), signed in.

Every operation gets a bounded number of generated requests; no answer may be a 5xx, and every answer
must match the documented status codes, media types and schemas (errors included, as problem+json).
The schema is read from an app built at import (no database needed for that); the requests go to an app
on the test database.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest
from api_helpers import TestClient, api_test_settings, sign_in
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

from estoca_api.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
_schema_only = create_app(api_test_settings())  # building the document touches no database
schema = schemathesis.openapi.from_dict(_schema_only.openapi())


@pytest.fixture
def api_app(make_app: Callable[..., FastAPI]) -> FastAPI:
    return make_app()


@pytest.fixture
def bearer(api_app: FastAPI, make_client: Callable[..., TestClient]) -> dict[str, str]:
    return sign_in(make_client(api_app))


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case: Any, api_app: FastAPI, bearer: dict[str, str]) -> None:
    case.call_and_validate(headers=bearer, checks=CHECKS, app=api_app)
