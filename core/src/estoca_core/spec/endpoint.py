"""MockEndpoint: one mocked HTTP operation, its contract, its delay and its chaos settings."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from estoca_core.spec.common import HeaderName, HttpStatus, JsonSchema, SchemaHint, SpecModel, rule_error
from estoca_core.spec.group import GroupName
from estoca_core.spec.schema_check import check_json_schema

HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
BODY_METHODS: frozenset[str] = frozenset({"POST", "PUT", "PATCH"})
CHAOS_SUFFIX = "chaos"

_PARAM = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)\}$")
# RFC 3986 pchar, without '{' and '}' which only appear in parameter templates.
_LITERAL = re.compile(r"^[A-Za-z0-9\-._~!$&'()*+,;=:@%]+$")


class Fault(StrEnum):
    """The chaos fault catalogue (see the README's chaos section for what each one does)."""

    ERROR = "error"
    STATUS = "status"
    TIMEOUT = "timeout"
    SLOW = "slow"
    DELAY = "delay"
    BODY = "body"
    CONTRACT = "contract"
    HEADER = "header"
    RESET = "reset"
    EMPTY = "empty"
    TRUNCATE = "truncate"
    DRIBBLE = "dribble"


# What the caller sees for each fault: the catalogue shown by `kubectl explain`, docs/spec.md and the UI.
FAULT_DESCRIPTIONS: dict[Fault, str] = {
    Fault.ERROR: "a 5xx (500, 502, 503 with Retry-After, 504) with a problem body",
    Fault.STATUS: "an unexpected status from a realistic set (4xx, 5xx, or 204 with no body)",
    Fault.TIMEOUT: "the request is read and never answered; the connection is closed at a cap",
    Fault.SLOW: "the real response, after a long wait (seconds)",
    Fault.DELAY: "the real response after a random extra delay (hundreds of ms)",
    Fault.BODY: "a body outside the contract: not JSON, cut JSON, random bytes",
    Fault.CONTRACT: "schema-aware: a required field missing, a wrong type, null, a value outside an enum, "
    "an unknown field",
    Fault.HEADER: "wrong or missing Content-Type, garbage or duplicated headers",
    Fault.RESET: "the connection is reset (TCP RST) after the request is read",
    Fault.EMPTY: "the connection is closed with no response bytes",
    Fault.TRUNCATE: "Content-Length promises more bytes than are sent",
    Fault.DRIBBLE: "the real response in small chunks with pauses",
}


def path_parameters(path: str) -> list[str]:
    """Names of the ``{param}`` templates of a path, in order."""
    return [m.group(1) for seg in path.split("/") if (m := _PARAM.match(seg))]


def check_path(path: str) -> str:
    """Validate a mock path template; the error says which segment is wrong and why."""
    if not path.startswith("/"):
        raise rule_error("path_start", "must start with '/'")
    if len(path) > 1024:
        raise rule_error("path_length", "must be at most 1024 characters")
    if "?" in path or "#" in path:
        raise rule_error("path_query", "must not contain a query string or fragment ('?' or '#')")
    if path == "/":
        return path
    if path.endswith("/"):
        raise rule_error("path_trailing_slash", "must not end with '/'")
    seen: set[str] = set()
    segments = path[1:].split("/")
    for index, segment in enumerate(segments, start=1):
        if segment == "":
            raise rule_error("path_empty_segment", "segment {index} is empty ('//')", index=index)
        if m := _PARAM.match(segment):
            name = m.group(1)
            if name in seen:
                raise rule_error(
                    "path_parameter_twice", "parameter {parameter} appears twice", parameter=f"{{{name}}}"
                )
            seen.add(name)
        elif "{" in segment or "}" in segment:
            raise rule_error(
                "path_parameter_segment",
                "segment {segment}: a parameter must be a whole segment like {example} "
                "(letters, digits and '_', not starting with a digit)",
                segment=repr(segment),
                example="'{orderId}'",
            )
        elif segment in (".", ".."):
            raise rule_error(
                "path_dot_segment",
                "segment {index} is {segment}; dot segments are not allowed",
                index=index,
                segment=repr(segment),
            )
        elif not _LITERAL.match(segment):
            raise rule_error(
                "path_characters",
                "segment {segment} has characters that are not allowed in a URL path",
                segment=repr(segment),
            )
    if segments[-1] == CHAOS_SUFFIX:
        raise rule_error(
            "path_chaos_suffix", "must not end with '/chaos': that suffix is reserved for the chaos variant"
        )
    return path


def _check_delay(min_ms: int, max_ms: int) -> None:
    from estoca_core.settings import get_settings

    cap = get_settings().max_delay_ms
    if max_ms < min_ms:
        raise rule_error(
            "delay_order",
            "maxMs ({max_ms}) must be greater than or equal to minMs ({min_ms})",
            max_ms=max_ms,
            min_ms=min_ms,
        )
    if max_ms > cap:
        raise rule_error(
            "delay_cap",
            "maxMs ({max_ms}) is above the configured cap of {cap} ms (ESTOCA_MAX_DELAY_MS)",
            max_ms=max_ms,
            cap=cap,
        )


class Delay(SpecModel):
    """How long the mock waits before it answers: uniform in [minMs, maxMs]."""

    min_ms: int = Field(
        0, ge=0, description="Shortest wait before answering, in milliseconds.", examples=[20]
    )
    max_ms: int = Field(
        0,
        ge=0,
        description="Longest wait before answering, in milliseconds; at most the server's cap "
        "(ESTOCA_MAX_DELAY_MS, default 60000).",
        examples=[250],
    )

    @field_validator("max_ms")
    @classmethod
    def _ordered_and_capped(cls, value: int, info: ValidationInfo) -> int:
        # A field validator (not a model one) so that the error's loc names maxMs.
        if "min_ms" in info.data:
            _check_delay(info.data["min_ms"], value)
        return value

    @model_validator(mode="after")
    def _still_ordered(self) -> Delay:
        # Catches an omitted maxMs (defaults are not validated) and assignments of minMs alone.
        _check_delay(self.min_ms, self.max_ms)
        return self


class _BodyOrSchema(SpecModel):
    headers: dict[HeaderName, str] = Field(
        default_factory=dict,
        description="Response headers to send, by name.",
        examples=[{"X-Source": "mock"}],
    )
    body: str | None = Field(
        None,
        description="A static response body (any text). A body that parses as JSON is served as "
        "application/json unless headers say otherwise. Excludes `schema`.",
        examples=['{"id": 1, "status": "shipped"}'],
    )
    schema_: JsonSchema | None = Field(
        None,
        alias="schema",
        description="A JSON Schema: every request gets a new random body that is valid against it. "
        "Excludes `body`.",
        examples=[{"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}],
    )

    @field_validator("schema_")
    @classmethod
    def _valid_schema(cls, value: JsonSchema | None, info: ValidationInfo) -> JsonSchema | None:
        if value is not None:
            if info.data.get("body") is not None:
                raise rule_error("body_xor_schema", "set either `body` or `schema`, not both")
            check_json_schema(value, generate=True)
        return value

    @model_validator(mode="after")
    def _body_xor_schema(self) -> _BodyOrSchema:
        if self.body is not None and self.schema_ is not None:
            raise rule_error("body_xor_schema", "set either `body` or `schema`, not both")
        return self


class ResponseSpec(_BodyOrSchema):
    """The response the mock sends when the request meets its contract."""

    status: HttpStatus = Field(200, description="HTTP status of the response.", examples=[200])


class ErrorResponse(_BodyOrSchema):
    """The response sent when a request breaks the contract.

    Without `body` and `schema` the answer is RFC 7807 problem+json listing every violation.
    """

    status: HttpStatus | None = Field(
        None,
        description="HTTP status for a broken contract; default 400 (422 for a body that parses but "
        "violates its schema).",
        examples=[400],
    )


class ParamSpec(SpecModel):
    """An expected query parameter or header."""

    name: str = Field(
        ..., min_length=1, max_length=256, description="Parameter or header name.", examples=["page"]
    )
    required: bool = Field(False, description="Whether the request must carry it.")
    value: str | None = Field(None, description="Shorthand for an exact expected value. Excludes `schema`.")
    schema_: JsonSchema | None = Field(
        None,
        alias="schema",
        description="JSON Schema for the value (type, minimum/maximum, pattern, enum...). The text is "
        "converted to the schema's type (integer, number, boolean) before it is checked.",
        examples=[{"type": "integer", "minimum": 1, "maximum": 500}],
    )
    on_error: ErrorResponse | None = Field(
        None, description="Response when the parameter is missing or wrong; default RFC 7807 problem+json."
    )

    @field_validator("schema_")
    @classmethod
    def _valid_schema(cls, value: JsonSchema | None, info: ValidationInfo) -> JsonSchema | None:
        if value is not None:
            if info.data.get("value") is not None:
                raise rule_error("value_xor_schema", "set either `value` or `schema`, not both")
            check_json_schema(value, generate=False)
        return value

    @model_validator(mode="after")
    def _value_xor_schema(self) -> ParamSpec:
        if self.value is not None and self.schema_ is not None:
            raise rule_error("value_xor_schema", "set either `value` or `schema`, not both")
        return self


class HeaderParamSpec(ParamSpec):
    """An expected request header (names are case-insensitive)."""

    name: HeaderName = Field(..., description="Header name (case-insensitive).", examples=["Authorization"])


class BodySpec(SpecModel):
    """The expected JSON request body (POST, PUT and PATCH only)."""

    required: bool = Field(True, description="Whether the request must carry a body.")
    schema_: JsonSchema | None = Field(
        None,
        alias="schema",
        description="JSON Schema the parsed body must satisfy. Without it any valid JSON is accepted.",
        examples=[{"type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}}}],
    )
    on_error: ErrorResponse | None = Field(
        None, description="Response when the body is missing, not JSON or against the schema."
    )

    @field_validator("schema_")
    @classmethod
    def _valid_schema(cls, value: JsonSchema | None) -> JsonSchema | None:
        if value is not None:
            check_json_schema(value, generate=False)
        return value


class RequestSpec(SpecModel):
    """What the endpoint expects from a request."""

    query: list[ParamSpec] = Field(default_factory=list, description="Expected query parameters.")
    headers: list[HeaderParamSpec] = Field(default_factory=list, description="Expected request headers.")
    body: BodySpec | None = Field(None, description="Expected JSON body (POST, PUT and PATCH only).")

    @field_validator("query")
    @classmethod
    def _unique_query(cls, value: list[ParamSpec]) -> list[ParamSpec]:
        if (name := _duplicate([p.name for p in value], fold=False)) is not None:
            raise rule_error(
                "query_parameter_twice", "query parameter {name} is listed twice", name=repr(name)
            )
        return value

    @field_validator("headers")
    @classmethod
    def _unique_headers(cls, value: list[HeaderParamSpec]) -> list[HeaderParamSpec]:
        if (name := _duplicate([p.name for p in value], fold=True)) is not None:
            raise rule_error("header_twice", "header {name} is listed twice", name=repr(name))
        return value


def _duplicate(names: list[str], *, fold: bool) -> str | None:
    """The first name listed twice, if any (header names compare case-insensitively, as HTTP does)."""
    seen: set[str] = set()
    for name in names:
        key = name.lower() if fold else name
        if key in seen:
            return name
        seen.add(key)
    return None


class ChaosSpec(SpecModel):
    """How `<path>/chaos` breaks the contract on purpose."""

    enabled: bool = Field(True, description="Serve `<path>/chaos`; when false it answers 404.")
    faults: dict[Fault, Annotated[int, Field(ge=0, le=1000)]] | None = Field(
        None,
        description="Relative weight of each fault (0-1000). Omitted or empty: every fault, equal weights.",
        examples=[{"error": 3, "timeout": 1, "contract": 2}],
    )
    pass_through: float = Field(
        0.0, ge=0.0, le=1.0, description="Share (0..1) of /chaos calls answered normally."
    )
    rate: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Share (0..1) of calls to the normal path that also get a fault, for callers whose "
        "URL cannot change.",
    )

    @field_validator("faults")
    @classmethod
    def _weights(cls, value: dict[Fault, int] | None) -> dict[Fault, int] | None:
        if value is None:
            return value
        for fault, weight in value.items():
            if not 0 <= weight <= 1000:
                raise rule_error(
                    "fault_weight", "weight of {fault} must be between 0 and 1000", fault=repr(fault.value)
                )
        if value and sum(value.values()) == 0:
            raise rule_error(
                "fault_weights_zero", "at least one fault needs a weight above 0 (or omit `faults` for all)"
            )
        return value


class MockEndpointSpec(SpecModel):
    """The spec of a MockEndpoint: one mocked operation of a MockGroup."""

    group: GroupName = Field(..., description="Name of a MockGroup in the same namespace.", examples=["erp"])
    method: HttpMethod = Field(..., description="HTTP method.", examples=["GET"])
    path: Annotated[str, SchemaHint(pattern="^/", maxLength=1024)] = Field(
        ...,
        description="Path template under the group, with `{param}` segments; served at "
        "/<group><path> and /<group><path>/chaos.",
        examples=["/orders/{orderId}"],
    )
    description: str = Field("", max_length=2000, description="What the endpoint is for.")
    delay: Delay = Field(default_factory=Delay, description="Wait before answering.")
    response: ResponseSpec = Field(default_factory=ResponseSpec, description="The normal response.")
    request: RequestSpec = Field(default_factory=RequestSpec, description="The request contract.")
    chaos: ChaosSpec = Field(default_factory=ChaosSpec, description="Chaos settings for `<path>/chaos`.")

    @field_validator("method", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        return check_path(value)

    @field_validator("request")
    @classmethod
    def _body_methods_field(cls, value: RequestSpec, info: ValidationInfo) -> RequestSpec:
        # A field validator (method is declared before request) so that the error's loc names request.
        if "method" in info.data:
            _check_body_method(info.data["method"], value)
        return value

    @model_validator(mode="after")
    def _body_methods(self) -> MockEndpointSpec:
        # Catches assignments (validate_assignment) that change the method alone.
        _check_body_method(self.method, self.request)
        return self


def _check_body_method(method: str, request: RequestSpec) -> None:
    if request.body is not None and method not in BODY_METHODS:
        raise rule_error(
            "body_method",
            "a request body contract (request.body) is allowed on POST, PUT and PATCH only, not {method}",
            method=method,
        )
