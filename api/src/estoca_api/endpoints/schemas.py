"""Endpoint bodies: the ``MockEndpointSpec`` fields (the group comes from the URL) plus identity."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from estoca_api.groups.schemas import Source
from estoca_api.schemas import ApiModel
from estoca_core.spec import ChaosSpec, Delay, HttpMethod, MockEndpointSpec, RequestSpec, ResponseSpec
from estoca_core.spec.common import HEADER_NAME, DNSSubdomain

EndpointSort = Literal[
    "name",
    "-name",
    "path",
    "-path",
    "method",
    "-method",
    "createdAt",
    "-createdAt",
    "updatedAt",
    "-updatedAt",
]


class EndpointIn(MockEndpointSpec):
    """An endpoint to create or replace: the MockEndpoint spec without ``group`` (it comes from the URL).

    Subclassing the spec model keeps every rule (path syntax, body methods, schemas) in one place, and
    FastAPI reports violations with their field paths.
    """

    group: SkipJsonSchema[str | None] = Field(None, exclude=True)  # type: ignore[assignment]
    name: DNSSubdomain | None = Field(
        None,
        max_length=63,
        description="Resource name (DNS-1123); derived from the group, method and path when omitted.",
        examples=["get-order"],
    )

    @field_validator("group")
    @classmethod
    def _no_group(cls, value: str | None) -> str | None:
        if value is not None:
            raise ValueError("the group comes from the URL; leave `group` out of the body")
        return value

    def to_spec(self, group: str) -> MockEndpointSpec:
        """The spec model stored for this endpoint in ``group``."""
        data = self.model_dump(by_alias=True, exclude={"group", "name"}, exclude_none=True)
        data["group"] = group
        return MockEndpointSpec.model_validate(data)


class Endpoint(ApiModel):
    """An endpoint as the API returns it: every spec field (defaults filled in) plus identity and URLs."""

    id: uuid.UUID = Field(..., description="Endpoint id.")
    group_id: uuid.UUID = Field(..., description="Id of the endpoint's group.")
    group: str = Field(..., description="Name of the endpoint's group.", examples=["erp"])
    namespace: str = Field(..., description="Namespace.", examples=["default"])
    name: str = Field(..., description="Resource name.", examples=["get-order"])
    method: HttpMethod = Field(..., description="HTTP method.", examples=["GET"])
    path: str = Field(..., description="Path template under the group.", examples=["/orders/{orderId}"])
    description: str = Field(..., description="What the endpoint is for.")
    delay: Delay = Field(..., description="Wait before answering.")
    response: ResponseSpec = Field(..., description="The normal response.")
    request: RequestSpec = Field(..., description="The request contract.")
    chaos: ChaosSpec = Field(..., description="Chaos settings.")
    mock_url: str = Field(
        ..., description="Where the mock is served.", examples=["http://127.0.0.1:8000/erp/orders/{orderId}"]
    )
    chaos_url: str = Field(
        ...,
        description="Where its chaos variant is served.",
        examples=["http://127.0.0.1:8000/erp/orders/{orderId}/chaos"],
    )
    created_by: str | None = Field(None, description="Who created the endpoint (email), if known.")
    created_at: datetime = Field(..., description="When the endpoint was created.")
    updated_at: datetime = Field(..., description="When the endpoint last changed.")
    version: int = Field(
        ..., ge=1, description="Version, bumped at every change; use it in If-Match.", examples=[1]
    )
    source: Source = Field(..., description="Who wrote the endpoint last: api, apply or kubernetes.")


class TestRunIn(ApiModel):
    """A request to send to the endpoint through the mockserver's own code path."""

    __test__ = False  # not a pytest class

    mode: Literal["normal", "chaos"] = Field("normal", description="Call the normal path or `<path>/chaos`.")
    path_params: dict[str, str] = Field(
        default_factory=dict,
        description="Values of the path's `{param}` segments.",
        examples=[{"orderId": "42"}],
    )
    query: dict[str, str] = Field(
        default_factory=dict, description="Query parameters.", examples=[{"page": "1"}]
    )
    headers: dict[str, str] = Field(
        default_factory=dict, description="Request headers.", examples=[{"Authorization": "Bearer x"}]
    )
    body: str | None = Field(
        None, max_length=1_000_000, description="Request body text.", examples=['{"sku": "A-1"}']
    )
    seed: int | None = Field(
        None,
        ge=0,
        le=2**63 - 1,
        description="Chaos seed (X-Chaos-Seed): same seed, same fault and data.",
        examples=[123],
    )

    @field_validator("headers")
    @classmethod
    def _valid_headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, header_value in value.items():
            if not HEADER_NAME.match(name):
                raise ValueError(f"{name!r} is not a valid HTTP header name")
            if any(ord(ch) > 255 or ch in "\r\n\x00" for ch in header_value):
                raise ValueError(f"the value of {name!r} has characters that cannot be sent in a header")
        return value


class TestRunOut(ApiModel):
    """What the mock answered."""

    __test__ = False

    url: str = Field(
        ..., description="The URL that was called.", examples=["http://127.0.0.1:8000/erp/orders/42"]
    )
    status: int | None = Field(
        None,
        description="HTTP status, or null when no response was sent (reset, empty, timeout).",
        examples=[200],
    )
    headers: list[tuple[str, str]] = Field(
        ...,
        description="Response headers in order, as [name, value] pairs.",
        examples=[[["content-type", "application/json"]]],
    )
    body: str = Field(
        ..., description="Response body: text, or base64 when `bodyIsBinary`.", examples=['{"id": 42}']
    )
    body_is_binary: bool = Field(
        ..., description="Whether `body` is base64 of bytes that are not UTF-8 text."
    )
    elapsed_ms: float = Field(
        ..., ge=0, description="Time to the full answer (milliseconds).", examples=[12.3]
    )
    fault: str | None = Field(None, description="The chaos fault applied, if any.", examples=["timeout"])
    outcome: Literal["response", "reset", "empty", "timeout", "truncated"] = Field(
        ..., description="How the exchange ended.", examples=["response"]
    )
