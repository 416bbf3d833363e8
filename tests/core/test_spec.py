"""Validation rules of the mock language (issue 2, section 2): each rule, its message and its loc.

The models are the one contract behind the CRDs, the API bodies and ``estoca-mock apply``, so a
rule that is not tested here is a rule a user can break without a clear message.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from estoca_core.datagen import SchemaNotGeneratable
from estoca_core.settings import get_settings
from estoca_core.spec import (
    RESERVED_GROUP_NAMES,
    MockEndpoint,
    MockEndpointSpec,
    MockGroup,
    parse_resource,
    path_parameters,
)

Doc = dict[str, Any]


def endpoint(**spec: Any) -> Doc:
    """A valid MockEndpoint document, with ``spec`` keys replaced."""
    base: Doc = {"group": "erp", "method": "GET", "path": "/orders/{orderId}"}
    base.update(spec)
    return {
        "apiVersion": "mock.estoca.io/v1alpha1",
        "kind": "MockEndpoint",
        "metadata": {"name": "get-order"},
        "spec": base,
    }


def group(name: str) -> Doc:
    return {"apiVersion": "mock.estoca.io/v1alpha1", "kind": "MockGroup", "metadata": {"name": name}}


def errors(document: Doc) -> list[tuple[tuple[str | int, ...], str]]:
    """The (loc, message) pairs of a document that must be refused."""
    with pytest.raises(ValidationError) as info:
        parse_resource(document)
    return [(tuple(e["loc"]), e["msg"]) for e in info.value.errors()]


def single_error(document: Doc) -> tuple[tuple[str | int, ...], str]:
    found = errors(document)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def delay_cap() -> Iterator[Callable[[int], None]]:
    """Set ESTOCA_MAX_DELAY_MS for one test; the settings cache is cleared before and after."""
    mp = pytest.MonkeyPatch()

    def set_cap(ms: int) -> None:
        mp.setenv("ESTOCA_MAX_DELAY_MS", str(ms))
        get_settings.cache_clear()

    yield set_cap
    mp.undo()
    get_settings.cache_clear()


# --- group names -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["erp", "shop-2", "a", "x" * 63])
def test_group_names_that_are_dns_labels_are_accepted(name: str) -> None:
    assert MockGroup.model_validate(group(name)).metadata.name == name


@pytest.mark.parametrize("name", ["ERP", "my_group", "-erp", "erp-", "e.rp", "x" * 64, "", "ação"])
def test_group_names_must_be_dns_labels(name: str) -> None:
    loc, msg = single_error(group(name))
    assert loc == ("metadata", "name")
    assert "DNS-1123 label" in msg


@pytest.mark.parametrize(
    "name", ["api", "docs", "redoc", "openapi.json", "healthz", "readyz", "metrics", "_internal", "_"]
)
def test_reserved_group_names_are_refused(name: str) -> None:
    loc, msg = single_error(group(name))
    assert loc == ("metadata", "name")
    assert f"{name!r} is reserved for the product's own routes" in msg


@pytest.mark.parametrize("name", sorted(RESERVED_GROUP_NAMES))
def test_an_endpoint_cannot_reference_a_reserved_group(name: str) -> None:
    loc, msg = single_error(endpoint(group=name))
    assert loc == ("spec", "group")
    assert "reserved" in msg


def test_an_endpoint_group_must_be_a_dns_label() -> None:
    loc, msg = single_error(endpoint(group="Sales_Team"))
    assert loc == ("spec", "group")
    assert "DNS-1123 label" in msg


# --- paths ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/", []),
        ("/orders", []),
        ("/orders/{orderId}", ["orderId"]),
        ("/orders/{orderId}/lines/{line_no}", ["orderId", "line_no"]),
        ("/exports/stock.csv", []),
        ("/a/chaos/b", []),
        ("/v1/users/me@home;x=1", []),
    ],
)
def test_valid_paths_and_their_parameters(path: str, params: list[str]) -> None:
    spec = MockEndpoint.model_validate(endpoint(path=path)).spec
    assert spec.path == path
    assert path_parameters(spec.path) == params


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("orders", "must start with '/'"),
        ("/orders/", "must not end with '/'"),
        ("/orders//lines", "segment 2 is empty ('//')"),
        ("/orders?page=1", "must not contain a query string or fragment"),
        ("/orders#top", "must not contain a query string or fragment"),
        ("/orders/{orderId}/lines/{orderId}", "parameter {orderId} appears twice"),
        ("/orders/{order-id}", "a parameter must be a whole segment"),
        ("/orders/id-{orderId}", "a parameter must be a whole segment"),
        ("/orders/{1st}", "a parameter must be a whole segment"),
        ("/orders/{orderId", "a parameter must be a whole segment"),
        ("/orders/../admin", "dot segments are not allowed"),
        ("/orders/my order", "characters that are not allowed in a URL path"),
        ("/orders/{orderId}/chaos", "suffix is reserved for the chaos variant"),
        ("/" + "a" * 1024, "must be at most 1024 characters"),
    ],
)
def test_bad_paths_are_refused_with_the_reason(path: str, message: str) -> None:
    loc, msg = single_error(endpoint(path=path))
    assert loc == ("spec", "path")
    assert message in msg


# --- methods and status codes -----------------------------------------------------------------


def test_methods_are_upper_cased_and_checked() -> None:
    assert MockEndpoint.model_validate(endpoint(method="post")).spec.method == "POST"
    loc, msg = single_error(endpoint(method="FETCH"))
    assert loc == ("spec", "method")
    assert "'GET'" in msg


@pytest.mark.parametrize("status", [100, 200, 204, 599])
def test_status_codes_in_range_are_accepted(status: int) -> None:
    spec = MockEndpoint.model_validate(endpoint(response={"status": status})).spec
    assert spec.response.status == status


@pytest.mark.parametrize("status", [0, 99, 600, 1000])
def test_response_status_out_of_range_is_refused(status: int) -> None:
    loc, msg = single_error(endpoint(response={"status": status}))
    assert loc == ("spec", "response", "status")
    assert "100" in msg or "599" in msg


@pytest.mark.parametrize("status", [99, 600])
def test_on_error_status_out_of_range_is_refused(status: int) -> None:
    doc = endpoint(request={"query": [{"name": "page", "required": True, "onError": {"status": status}}]})
    loc, _ = single_error(doc)
    assert loc == ("spec", "request", "query", 0, "onError", "status")


# --- body and schema, value and schema -----------------------------------------------------------


def test_response_body_and_schema_exclude_each_other() -> None:
    loc, msg = single_error(endpoint(response={"body": "{}", "schema": {"type": "object"}}))
    assert loc == ("spec", "response", "schema")
    assert msg == "set either `body` or `schema`, not both"


def test_on_error_body_and_schema_exclude_each_other() -> None:
    on_error = {"status": 401, "body": "no", "schema": {"type": "string"}}
    doc = endpoint(request={"headers": [{"name": "Authorization", "required": True, "onError": on_error}]})
    loc, msg = single_error(doc)
    assert loc == ("spec", "request", "headers", 0, "onError", "schema")
    assert "set either `body` or `schema`, not both" in msg


def test_parameter_value_and_schema_exclude_each_other() -> None:
    doc = endpoint(request={"query": [{"name": "token", "value": "abc", "schema": {"type": "string"}}]})
    loc, msg = single_error(doc)
    assert loc == ("spec", "request", "query", 0, "schema")
    assert "set either `value` or `schema`, not both" in msg


def test_exclusion_also_holds_on_assignment() -> None:
    spec = MockEndpoint.model_validate(endpoint(response={"schema": {"type": "string"}})).spec
    with pytest.raises(ValidationError, match="set either `body` or `schema`"):
        spec.response.body = "hello"


# --- embedded JSON Schemas ---------------------------------------------------------------------

BAD_SCHEMA = {"type": "nope"}


@pytest.mark.parametrize(
    ("spec", "loc"),
    [
        ({"response": {"schema": BAD_SCHEMA}}, ("spec", "response", "schema")),
        (
            {"request": {"query": [{"name": "page", "schema": BAD_SCHEMA}]}},
            ("spec", "request", "query", 0, "schema"),
        ),
        (
            {"request": {"headers": [{"name": "X-Id", "schema": BAD_SCHEMA}]}},
            ("spec", "request", "headers", 0, "schema"),
        ),
        (
            {"method": "POST", "request": {"body": {"schema": BAD_SCHEMA}}},
            ("spec", "request", "body", "schema"),
        ),
        (
            {"method": "POST", "request": {"body": {"onError": {"schema": BAD_SCHEMA}}}},
            ("spec", "request", "body", "onError", "schema"),
        ),
    ],
)
def test_every_embedded_json_schema_is_checked(spec: Doc, loc: tuple[str | int, ...]) -> None:
    found_loc, msg = single_error(endpoint(**spec))
    assert found_loc == loc
    assert "not a valid JSON Schema at type" in msg


def test_schema_error_names_the_place_inside_the_schema() -> None:
    schema = {"type": "object", "properties": {"total": {"type": "number", "minimum": "zero"}}}
    _, msg = single_error(endpoint(response={"schema": schema}))
    assert "not a valid JSON Schema at properties/total/minimum" in msg


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "integer", "minimum": 10, "maximum": 1},
        {"type": "string", "minLength": 5, "maxLength": 2},
        {"enum": []},
    ],
)
def test_response_schemas_that_cannot_be_generated_are_refused(schema: Doc) -> None:
    loc, msg = single_error(endpoint(response={"schema": schema}))
    assert loc == ("spec", "response", "schema")
    assert "cannot generate data from this schema" in msg


def test_on_error_schemas_must_be_generatable_too() -> None:
    on_error = {"status": 400, "schema": {"type": "integer", "minimum": 10, "maximum": 1}}
    doc = endpoint(request={"query": [{"name": "page", "onError": on_error}]})
    loc, msg = single_error(doc)
    assert loc == ("spec", "request", "query", 0, "onError", "schema")
    assert "cannot generate data from this schema" in msg


def test_generator_refusal_is_reported_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    """The spec relies on datagen.compile_generator raising SchemaNotGeneratable; its text is kept."""
    import estoca_core.datagen as datagen

    def refuse(schema: Doc) -> None:
        raise SchemaNotGeneratable("unsupported keyword 'dependentSchemas'")

    monkeypatch.setattr(datagen, "compile_generator", refuse)
    _, msg = single_error(endpoint(response={"schema": {"type": "object"}}))
    assert msg == "cannot generate data from this schema: unsupported keyword 'dependentSchemas'"


def test_request_schemas_are_not_generated_from() -> None:
    """A request schema only validates; it may be one no generator supports."""
    schema = {"type": "string", "pattern": "^(?:a|b)+$", "not": {"const": "ab"}}
    spec = MockEndpoint.model_validate(endpoint(request={"query": [{"name": "q", "schema": schema}]})).spec
    assert spec.request.query[0].schema_ == schema


# --- request body contract ----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_body_contract_is_allowed_on_post_put_patch(method: str) -> None:
    spec = MockEndpoint.model_validate(
        endpoint(method=method, request={"body": {"schema": {"type": "object"}}})
    ).spec
    assert spec.request.body is not None
    assert spec.request.body.required is True


@pytest.mark.parametrize("method", ["GET", "DELETE", "HEAD", "OPTIONS"])
def test_body_contract_is_refused_on_other_methods(method: str) -> None:
    loc, msg = single_error(endpoint(method=method, request={"body": {"required": True}}))
    assert loc == ("spec", "request")
    assert f"allowed on POST, PUT and PATCH only, not {method}" in msg


def test_body_contract_rule_holds_when_the_method_is_changed() -> None:
    spec = MockEndpoint.model_validate(endpoint(method="POST", request={"body": {}})).spec
    with pytest.raises(ValidationError, match="POST, PUT and PATCH only, not GET"):
        spec.method = "GET"


# --- delays ------------------------------------------------------------------------------------


def test_delay_within_bounds_is_accepted() -> None:
    spec = MockEndpoint.model_validate(endpoint(delay={"minMs": 20, "maxMs": 250})).spec
    assert (spec.delay.min_ms, spec.delay.max_ms) == (20, 250)


def test_delay_max_below_min_is_refused_on_max() -> None:
    loc, msg = single_error(endpoint(delay={"minMs": 300, "maxMs": 100}))
    assert loc == ("spec", "delay", "maxMs")
    assert "maxMs (100) must be greater than or equal to minMs (300)" in msg


def test_delay_min_without_max_is_refused() -> None:
    loc, msg = single_error(endpoint(delay={"minMs": 300}))
    assert loc == ("spec", "delay")
    assert "maxMs (0) must be greater than or equal to minMs (300)" in msg


def test_negative_delays_are_refused() -> None:
    loc, _ = single_error(endpoint(delay={"minMs": -1, "maxMs": 10}))
    assert loc == ("spec", "delay", "minMs")


def test_delay_above_the_default_cap_is_refused(delay_cap: Callable[[int], None]) -> None:
    get_settings.cache_clear()
    assert MockEndpoint.model_validate(endpoint(delay={"maxMs": 60000})).spec.delay.max_ms == 60000
    loc, msg = single_error(endpoint(delay={"maxMs": 60001}))
    assert loc == ("spec", "delay", "maxMs")
    assert "maxMs (60001) is above the configured cap of 60000 ms (ESTOCA_MAX_DELAY_MS)" in msg


def test_delay_cap_is_configurable(delay_cap: Callable[[int], None]) -> None:
    delay_cap(500)
    _, msg = single_error(endpoint(delay={"minMs": 0, "maxMs": 501}))
    assert "above the configured cap of 500 ms" in msg
    delay_cap(120000)
    assert MockEndpoint.model_validate(endpoint(delay={"maxMs": 90000})).spec.delay.max_ms == 90000


# --- header names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Authorization", "X-Request-Id", "x_custom", "If-None-Match", "A!#$%&'*+.^`|~"]
)
def test_token_header_names_are_accepted(name: str) -> None:
    doc = endpoint(request={"headers": [{"name": name}]}, response={"headers": {name: "v"}})
    spec = MockEndpoint.model_validate(doc).spec
    assert spec.request.headers[0].name == name


@pytest.mark.parametrize("name", ["X Bad", "X:Colon", "", "Ünicode", "X-(paren)", 'X-"q"'])
def test_request_header_names_must_be_tokens(name: str) -> None:
    loc, msg = single_error(endpoint(request={"headers": [{"name": name}]}))
    assert loc == ("spec", "request", "headers", 0, "name")
    assert "not a valid HTTP header name (RFC 9110 token characters only)" in msg


@pytest.mark.parametrize("name", ["X Bad", "X:Colon", "Content Type"])
def test_response_header_names_must_be_tokens(name: str) -> None:
    loc, msg = single_error(endpoint(response={"headers": {name: "v"}}))
    assert loc == ("spec", "response", "headers", name, "[key]")
    assert "RFC 9110" in msg


def test_duplicate_header_names_are_refused_case_insensitively() -> None:
    loc, msg = single_error(endpoint(request={"headers": [{"name": "X-Id"}, {"name": "x-id"}]}))
    assert loc == ("spec", "request", "headers")
    assert "header 'x-id' is listed twice" in msg


def test_duplicate_query_parameters_are_refused() -> None:
    loc, msg = single_error(endpoint(request={"query": [{"name": "page"}, {"name": "page"}]}))
    assert loc == ("spec", "request", "query")
    assert "query parameter 'page' is listed twice" in msg


def test_query_names_are_case_sensitive() -> None:
    spec = MockEndpoint.model_validate(endpoint(request={"query": [{"name": "id"}, {"name": "ID"}]})).spec
    assert [q.name for q in spec.request.query] == ["id", "ID"]


# --- chaos ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chaos", "loc", "message"),
    [
        ({"faults": {"error": 1001}}, ("spec", "chaos", "faults", "error"), "less than or equal to 1000"),
        ({"faults": {"error": -1}}, ("spec", "chaos", "faults", "error"), "greater than or equal to 0"),
        ({"faults": {"meteor": 1}}, ("spec", "chaos", "faults", "meteor", "[key]"), "'error'"),
        ({"faults": {"error": 0, "timeout": 0}}, ("spec", "chaos", "faults"), "at least one fault"),
        ({"passThrough": 1.5}, ("spec", "chaos", "passThrough"), "less than or equal to 1"),
        ({"rate": -0.1}, ("spec", "chaos", "rate"), "greater than or equal to 0"),
    ],
)
def test_chaos_settings_are_bounded(chaos: Doc, loc: tuple[str, ...], message: str) -> None:
    found_loc, msg = single_error(endpoint(chaos=chaos))
    assert found_loc == loc
    assert message in msg


def test_chaos_defaults() -> None:
    chaos = MockEndpoint.model_validate(endpoint()).spec.chaos
    assert (chaos.enabled, chaos.faults, chaos.pass_through, chaos.rate) == (True, None, 0.0, 0.0)


# --- whole resources --------------------------------------------------------------------------


def test_unknown_fields_are_refused_and_named() -> None:
    doc = endpoint(respones={"status": 200})
    loc, msg = single_error(doc)
    assert loc == ("spec", "respones")
    assert msg == "Extra inputs are not permitted"


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind must be one of MockGroup, MockEndpoint, got 'Mock'"):
        parse_resource({"kind": "Mock", "metadata": {"name": "x"}})


def test_wrong_api_version_is_refused() -> None:
    doc = endpoint()
    doc["apiVersion"] = "mock.estoca.io/v2"
    loc, _ = single_error(doc)
    assert loc == ("apiVersion",)


def test_namespace_defaults_to_default_and_is_checked() -> None:
    assert MockEndpoint.model_validate(endpoint()).metadata.namespace == "default"
    doc = endpoint()
    doc["metadata"]["namespace"] = "Team_A"
    loc, _ = single_error(doc)
    assert loc == ("metadata", "namespace")


def test_a_full_endpoint_round_trips_through_the_wire_shape() -> None:
    doc = endpoint(
        method="post",
        description="Create an order",
        delay={"minMs": 5, "maxMs": 10},
        response={"status": 201, "headers": {"Location": "/erp/orders/1"}, "schema": {"type": "object"}},
        request={
            "query": [{"name": "dryRun", "schema": {"type": "boolean"}}],
            "headers": [{"name": "Authorization", "required": True, "value": "Bearer t"}],
            "body": {"required": False, "schema": {"type": "object"}, "onError": {"status": 422}},
        },
        chaos={"enabled": False, "faults": {"error": 2}, "passThrough": 0.5, "rate": 0.1},
    )
    resource = MockEndpoint.model_validate(doc)
    wire = resource.to_wire()
    assert wire["spec"]["method"] == "POST"
    assert wire["spec"]["chaos"]["passThrough"] == 0.5
    assert wire["spec"]["request"]["body"]["onError"] == {"status": 422, "headers": {}}
    assert MockEndpoint.model_validate(copy.deepcopy(wire)) == resource


def test_every_model_field_has_a_description() -> None:
    """`kubectl explain`, the API docs and docs/spec.md all show these descriptions."""
    from pydantic import BaseModel

    seen: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"
            for arg in _model_types(field.annotation):
                walk(arg)

    for root in (MockGroup, MockEndpoint, MockEndpointSpec):
        walk(root)
    assert len(seen) >= 15


def _model_types(annotation: Any) -> Iterator[Any]:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _model_types(arg)
