"""The request contract: every rule, every violation shape and every error answer."""

from __future__ import annotations

import random
from typing import Any

import jsonschema_rs
import orjson
import pytest

from estoca_core.spec import ParamSpec, RequestSpec
from estoca_mockserver.contract import PROBLEM_TITLE, PROBLEM_TYPE, Contract, Violation, compile_contract


def contract(method: str = "GET", **request: Any) -> Contract:
    return compile_contract(method, RequestSpec.model_validate(request))


def check(
    c: Contract,
    query: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    content_type: str | None = None,
) -> list[Violation]:
    return c.check(query or {}, headers or {}, body, content_type)


def one(violations: list[Violation]) -> Violation:
    assert len(violations) == 1, violations
    return violations[0]


def param(name: str, **spec: Any) -> dict[str, Any]:
    return {"name": name, **spec}


# --- empty contract -------------------------------------------------------------------------------


def test_empty_contract_returns_immediately() -> None:
    c = contract()
    assert c.empty
    assert check(c, {"anything": ["x"]}, {"x": "y"}, b"not json") == []


def test_a_body_contract_is_not_checked_on_get() -> None:
    c = compile_contract("GET", RequestSpec.model_validate({"body": {"required": True}}))
    assert c.empty
    assert check(c) == []


# --- query parameters -----------------------------------------------------------------------------


def test_required_query_parameter_missing() -> None:
    c = contract(query=[param("page", required=True, schema={"type": "integer", "minimum": 1})])
    v = one(check(c))
    assert (v.location, v.name, v.got, v.rule) == ("query", "page", None, "missing")
    assert v.expected == "integer, minimum 1"
    assert v.message == "query parameter 'page' is required but missing"
    assert check(c, {"page": []}) == [v]


def test_optional_query_parameter_may_be_absent_but_is_checked_when_present() -> None:
    c = contract(query=[param("page", schema={"type": "integer"})])
    assert check(c) == []
    assert one(check(c, {"page": ["x"]})).rule == "type"


def test_exact_value() -> None:
    c = contract(query=[param("token", value="abc123", required=True)])
    assert check(c, {"token": ["abc123"]}) == []
    v = one(check(c, {"token": ["nope"]}))
    assert (v.expected, v.got, v.rule) == ("'abc123'", "nope", "value")
    assert v.message == "query parameter 'token': expected 'abc123', got 'nope'"
    assert one(check(c)).expected == "'abc123'"


def test_required_without_schema_or_value() -> None:
    c = contract(query=[param("q", required=True)])
    assert check(c, {"q": ["anything"]}) == []
    assert one(check(c)).expected == "present"


@pytest.mark.parametrize(
    ("schema", "text", "ok"),
    [
        ({"type": "integer", "minimum": 1, "maximum": 500}, "7", True),
        ({"type": "integer", "minimum": 1, "maximum": 500}, "+7", True),
        ({"type": "integer", "minimum": 1, "maximum": 500}, "0", False),
        ({"type": "integer", "minimum": 1, "maximum": 500}, "501", False),
        ({"type": "number", "exclusiveMaximum": 10}, "9.5", True),
        ({"type": "number", "exclusiveMaximum": 10}, "1e3", False),
        ({"type": "number"}, ".5", True),
        ({"type": "boolean"}, "true", True),
        ({"type": "boolean"}, "false", True),
        ({"type": "null"}, "null", True),
        ({"type": ["integer", "string"]}, "abc", True),
        ({"enum": [1, 2, 3]}, "2", True),
        ({"enum": [1, 2, 3]}, "4", False),
        ({"const": True}, "true", True),
        ({"minimum": 3}, "2.5", False),
        ({"minimum": 3}, "4", True),
        ({"type": "string", "pattern": "^[a-z]+$"}, "abc", True),
        ({"type": "string", "pattern": "^[a-z]+$"}, "ABC", False),
        ({"type": "string", "maxLength": 2}, "abc", False),
        ({"type": "string", "format": "uuid"}, "not-a-uuid", False),
        ({"type": "string", "format": "uuid"}, "9b2c1f4e-8e0f-4a5b-9c3d-2f1e0d9c8b7a", True),
        ({"type": "string", "enum": ["asc", "desc"]}, "up", False),
    ],
)
def test_query_schema_with_coercion(schema: dict[str, Any], text: str, ok: bool) -> None:
    c = contract(query=[param("p", schema=schema)])
    violations = check(c, {"p": [text]})
    assert (violations == []) is ok, violations
    for v in violations:
        assert v.rule == "value"
        assert v.got == text
        assert v.message.startswith("query parameter 'p': ")


@pytest.mark.parametrize(
    ("schema", "text", "expected"),
    [
        ({"type": "integer"}, "abc", "integer"),
        ({"type": "integer"}, "1.5", "integer"),
        ({"type": "number"}, "12abc", "number"),
        ({"type": "boolean"}, "yes", "boolean"),
        ({"type": ["integer", "boolean"]}, "maybe", "boolean or integer"),
    ],
)
def test_text_that_cannot_be_converted(schema: dict[str, Any], text: str, expected: str) -> None:
    v = one(check(contract(query=[param("p", schema=schema)]), {"p": [text]}))
    assert (v.expected, v.got, v.rule) == (expected, text, "type")
    assert v.message == f"query parameter 'p': expected {expected}, got {text!r}"


def test_range_violation_names_the_keyword() -> None:
    v = one(check(contract(query=[param("page", schema={"type": "integer", "minimum": 1})]), {"page": ["0"]}))
    assert v.expected == "minimum: 1"
    assert "less than the minimum of 1" in v.message


def test_repeated_query_parameters_make_an_array() -> None:
    schema = {"type": "array", "items": {"type": "integer", "minimum": 0}, "maxItems": 2, "uniqueItems": True}
    c = contract(query=[param("id", schema=schema)])
    assert check(c, {"id": ["1", "2"]}) == []
    assert one(check(c, {"id": ["1", "x"]})).message == "query parameter 'id': expected integer, got 'x'"
    v = one(check(c, {"id": ["1", "2", "3"]}))
    assert (v.expected, v.got) == ("maxItems: 2", "1,2,3")
    expected = sorted(v.expected for v in check(c, {"id": ["-1", "-1"]}))
    assert expected == ["minimum: 0", "minimum: 0", "uniqueItems: true"]  # every error is reported


def test_a_non_array_parameter_uses_the_first_value() -> None:
    c = contract(query=[param("page", schema={"type": "integer"})])
    assert check(c, {"page": ["1", "x"]}) == []


# --- headers --------------------------------------------------------------------------------------


def test_headers_are_matched_case_insensitively_and_named_as_configured() -> None:
    c = contract(
        headers=[param("Authorization", required=True, schema={"type": "string", "pattern": "^Bearer .+"})]
    )
    assert check(c, headers={"authorization": "Bearer t0k3n"}) == []
    v = one(check(c, headers={"authorization": "Basic xyz"}))
    assert (v.location, v.name, v.got, v.expected) == (
        "header",
        "Authorization",
        "Basic xyz",
        'pattern: "^Bearer .+"',
    )
    assert v.message.startswith("header 'Authorization': ")
    missing = one(check(c))
    assert missing.message == "header 'Authorization' is required but missing"


def test_header_exact_value_and_integer_and_array() -> None:
    c = contract(
        headers=[
            param("X-Api-Version", value="2"),
            param("X-Retry", schema={"type": "integer", "maximum": 3}),
            param("X-Tags", schema={"type": "array", "items": {"enum": ["a", "b"]}}),
        ]
    )
    assert check(c, headers={"x-api-version": "2", "x-retry": "3", "x-tags": "a, b"}) == []
    violations = check(c, headers={"x-api-version": "1", "x-retry": "4", "x-tags": "a,c"})
    assert [(v.name, v.rule) for v in violations] == [
        ("X-Api-Version", "value"),
        ("X-Retry", "value"),
        ("X-Tags", "value"),
    ]


# --- body -----------------------------------------------------------------------------------------

ORDER = {
    "type": "object",
    "required": ["sku", "lines"],
    "additionalProperties": False,
    "properties": {
        "sku": {"type": "string"},
        "a/b": {"type": "integer"},
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["qty"],
                "properties": {"qty": {"type": "integer", "minimum": 1}},
            },
        },
    },
}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_required_body_missing_or_blank(method: str) -> None:
    c = contract(method, body={"required": True, "schema": ORDER})
    for body in (None, b"", b"  \n"):
        v = one(check(c, body=body))
        assert (v.location, v.name, v.expected, v.got, v.rule) == ("body", "", "a JSON body", None, "missing")


def test_optional_body_may_be_absent() -> None:
    assert check(contract("POST", body={"required": False, "schema": ORDER})) == []


def test_body_that_does_not_parse() -> None:
    c = contract("POST", body={"schema": ORDER})
    v = one(check(c, body=b'{"sku": ', content_type="application/json"))
    assert (v.expected, v.got, v.rule) == ("valid JSON", '{"sku": ', "parse")
    assert v.message.startswith("the body is not valid JSON: ")
    form = one(check(c, body=b"sku=1", content_type="application/x-www-form-urlencoded"))
    assert form.message.endswith("(Content-Type: application/x-www-form-urlencoded)")
    assert one(check(c, body=b"\xff\xfe")).rule == "parse"


def test_body_without_schema_accepts_any_json() -> None:
    c = contract("POST", body={})
    assert check(c, body=b"[1, 2]") == []
    assert one(check(c, body=b"nope")).rule == "parse"


def test_body_schema_violations_carry_json_pointers() -> None:
    c = contract("POST", body={"schema": ORDER})
    assert check(c, body=orjson.dumps({"sku": "A", "lines": [{"qty": 1}]})) == []
    body = orjson.dumps({"a/b": "x", "lines": [{"qty": 1}, {"qty": 0}, {}], "extra": True})
    violations = check(c, body=body)
    by_name = {v.name: v for v in violations}
    assert set(by_name) == {"/sku", "/a~1b", "/lines/1/qty", "/lines/2/qty", ""}
    assert all(v.rule == "schema" and v.location == "body" for v in violations)
    assert by_name["/sku"].expected == "required property 'sku'"
    assert by_name["/sku"].got is None
    assert by_name["/lines/1/qty"].expected == "minimum: 1"
    assert by_name["/lines/1/qty"].got == "0"
    assert by_name["/a~1b"].got == '"x"'
    assert by_name[""].expected.startswith("additionalProperties: false")
    assert by_name["/lines/1/qty"].message.startswith("body at /lines/1/qty: ")


def test_long_values_are_cut_short() -> None:
    c = contract("POST", body={"schema": {"type": "object", "properties": {"a": {"type": "integer"}}}})
    v = one(check(c, body=orjson.dumps({"a": "x" * 500})))
    assert v.got is not None
    assert len(v.got) == 120
    assert v.got.endswith("…")


# --- error answers --------------------------------------------------------------------------------

RNG = random.Random(1)


def problem(answer: tuple[int, list[tuple[bytes, bytes]], bytes]) -> dict[str, Any]:
    status, headers, body = answer
    assert (b"content-type", b"application/problem+json") in headers
    data = orjson.loads(body)
    assert data["status"] == status
    assert data["type"] == PROBLEM_TYPE
    assert data["title"] == PROBLEM_TITLE
    return data


def test_problem_json_lists_every_violation_with_status_400() -> None:
    c = contract(
        "POST",
        query=[param("page", required=True, schema={"type": "integer"})],
        headers=[param("X-Key", required=True)],
        body={"schema": ORDER},
    )
    violations = check(c, {"page": ["x"]}, {}, orjson.dumps({"sku": 1, "lines": []}))
    answer = c.error_response(violations, RNG)
    assert answer[0] == 400
    data = problem(answer)
    assert [(v["in"], v["name"]) for v in data["violations"]] == [
        ("query", "page"),
        ("header", "X-Key"),
        ("body", "/sku"),
    ]
    assert data["violations"][0] == {
        "in": "query",
        "name": "page",
        "expected": "integer",
        "got": "x",
        "message": "query parameter 'page': expected integer, got 'x'",
    }
    assert data["detail"] == "; ".join(v["message"] for v in data["violations"])


def test_only_body_schema_violations_give_422() -> None:
    c = contract("POST", body={"schema": ORDER})
    answer = c.error_response(check(c, body=b"{}"), RNG)
    assert answer[0] == 422
    assert len(problem(answer)["violations"]) == 2
    assert c.error_response(check(c, body=b"{"), RNG)[0] == 400


def test_on_error_static_json_body() -> None:
    c = contract(
        query=[
            param(
                "page",
                required=True,
                onError={"status": 418, "body": '{"error": "page"}', "headers": {"X-Why": "page"}},
            )
        ]
    )
    status, headers, body = c.error_response(check(c), RNG)
    assert status == 418
    assert body == b'{"error": "page"}'
    assert headers == [(b"x-why", b"page"), (b"content-type", b"application/json")]


def test_on_error_static_text_body_and_explicit_content_type() -> None:
    text = contract(query=[param("a", required=True, onError={"body": "no a"})])
    status, headers, body = text.error_response(check(text), RNG)
    assert (status, body) == (400, b"no a")
    assert (b"content-type", b"text/plain; charset=utf-8") in headers
    xml = contract(
        query=[
            param(
                "a", required=True, onError={"body": "<e/>", "headers": {"Content-Type": "application/xml"}}
            )
        ]
    )
    assert xml.error_response(check(xml), RNG)[1] == [(b"content-type", b"application/xml")]


def test_on_error_body_generated_from_its_schema() -> None:
    schema = {
        "type": "object",
        "required": ["error", "id"],
        "properties": {"error": {"const": "unauthorized"}, "id": {"type": "string", "format": "uuid"}},
    }
    c = contract(headers=[param("Authorization", required=True, onError={"status": 401, "schema": schema})])
    violations = check(c)
    status, headers, body = c.error_response(violations, random.Random(7))
    assert status == 401
    assert headers == [(b"content-type", b"application/json")]
    assert jsonschema_rs.validator_for(schema, validate_formats=True).is_valid(orjson.loads(body))
    assert c.error_response(violations, random.Random(7))[2] == body


def test_on_error_with_status_only_keeps_the_problem_body() -> None:
    c = contract("POST", body={"schema": ORDER, "onError": {"status": 409, "headers": {"X-Trace": "1"}}})
    answer = c.error_response(check(c, body=b"{}"), RNG)
    assert answer[0] == 409
    assert (b"x-trace", b"1") in answer[1]
    assert len(problem(answer)["violations"]) == 2


def test_on_error_default_status_for_a_body_schema_violation_is_422() -> None:
    c = contract("POST", body={"schema": ORDER, "onError": {"body": "bad order"}})
    assert c.error_response(check(c, body=b"{}"), RNG)[:3:2] == (422, b"bad order")


def test_the_first_violated_item_decides() -> None:
    c = contract(
        query=[param("a", required=True), param("b", required=True, onError={"status": 401, "body": "b"})],
    )
    first_without = c.error_response(check(c), RNG)
    assert first_without[0] == 400
    assert len(problem(first_without)["violations"]) == 2
    assert c.error_response(check(c, {"a": ["1"]}), RNG)[::2] == (401, b"b")


def test_long_detail_is_cut() -> None:
    c = contract(query=[param(f"p{i}", required=True) for i in range(40)])
    data = problem(c.error_response(check(c), RNG))
    assert len(data["detail"]) == 600
    assert len(data["violations"]) == 40


def test_error_response_without_violations_is_a_plain_problem() -> None:
    assert problem(contract(query=[param("a", required=True)]).error_response([], RNG))["violations"] == []


def test_json_that_orjson_refuses_but_json_allows_is_parsed() -> None:
    c = contract("POST", body={"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}})
    assert check(c, body=b'{"n": 123456789012345678901234567890}') == []
    assert one(check(c, body=b'{"n": "x"}')).rule == "schema"


def test_a_parameter_schema_jsonschema_rs_cannot_compile_names_the_parameter() -> None:
    # The spec refuses such a schema when it is saved; a row written before that check (or by hand)
    # must still fail loudly, naming the parameter, rather than crash the load.
    bad = {"type": "string", "pattern": "(?P<x>a)(?P=x)"}
    with pytest.raises(ValueError, match="not a usable JSON Schema"):
        RequestSpec.model_validate({"query": [param("code", schema=bad)]})
    request = RequestSpec.model_construct(
        query=[
            ParamSpec.model_construct(name="code", required=False, value=None, schema_=bad, on_error=None)
        ],
        headers=[],
        body=None,
    )
    with pytest.raises(ValueError, match=r"query parameter 'code': the schema cannot be compiled"):
        compile_contract("GET", request)


def test_equal_parameter_schemas_share_one_validator() -> None:
    from estoca_mockserver.contract_rules import validator

    schema = {"type": "string", "pattern": "^Bearer .+"}
    assert validator(schema, "a") is validator({"pattern": "^Bearer .+", "type": "string"}, "b")
    assert validator(schema, "a") is not validator({"type": "string"}, "a")
