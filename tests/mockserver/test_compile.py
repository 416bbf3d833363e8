"""Compilation: everything precomputed once per endpoint."""

from __future__ import annotations

import pytest
from mockhelpers import compiled

from estoca_mockserver.compile import ALL_FAULTS, chaos_table, full_path_of, infer_schema


def test_json_body_is_served_as_json_with_precomputed_messages() -> None:
    ce = compiled(method="GET", path="/x", response={"body": '{"a": 1}', "headers": {"X-Source": "mock"}})
    assert ce.simple
    assert ce.start_message["headers"] == [
        (b"content-type", b"application/json"),
        (b"x-source", b"mock"),
        (b"content-length", b"8"),
    ]
    assert ce.body_message["body"] == b'{"a": 1}'
    assert ce.static_value == {"a": 1}
    assert ce.schema is None
    assert ce.contract_schema() == {
        "type": "object",
        "properties": {"a": {"type": "integer"}},
        "required": ["a"],
        "additionalProperties": False,
    }


def test_text_body_and_explicit_content_type() -> None:
    assert (
        compiled(method="GET", path="/x", response={"body": "hello"}).content_type
        == b"text/plain; charset=utf-8"
    )
    ce = compiled(
        method="GET", path="/x", response={"body": "<a/>", "headers": {"Content-Type": "application/xml"}}
    )
    assert ce.start_message["headers"][0] == (b"content-type", b"application/xml")
    assert ce.schema is None


def test_no_body_status_sends_no_content_headers() -> None:
    ce = compiled(method="DELETE", path="/x", response={"status": 204})
    assert ce.start_message["headers"] == []
    assert ce.body_message["body"] == b""


def test_schema_endpoint_has_a_generator_and_is_not_simple() -> None:
    ce = compiled(
        method="GET",
        path="/x",
        response={"schema": {"type": "object", "properties": {"a": {"type": "integer"}}}},
    )
    assert ce.generator is not None
    assert ce.static_body is None
    assert not ce.simple
    assert ce.content_type == b"application/json"


def test_delay_rate_and_chaos_table() -> None:
    ce = compiled(
        method="GET",
        path="/orders/{id}",
        delay={"minMs": 10, "maxMs": 20},
        chaos={"faults": {"error": 3, "reset": 1, "slow": 0}, "rate": 0.5, "passThrough": 0.25},
    )
    assert (ce.delay_min_s, ce.delay_max_s) == (0.01, 0.02)
    assert ce.chaos_faults == ("error", "reset")
    assert ce.chaos_cumulative == (3.0, 4.0)
    assert (ce.rate, ce.pass_through, ce.params, ce.full_path) == (0.5, 0.25, ("id",), "/erp/orders/{id}")
    assert not ce.simple


def test_default_chaos_table_has_every_fault_with_equal_weight() -> None:
    names, cumulative = chaos_table(None)
    assert names == ALL_FAULTS
    assert len(names) == 12
    assert cumulative == tuple(float(i) for i in range(1, 13))


def test_helpers() -> None:
    assert full_path_of("erp", "/") == "/erp"
    assert full_path_of("erp", "/a/{b}") == "/erp/a/{b}"
    assert infer_schema([{"x": 1.5, "y": None, "z": True}]) == {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"x": {"type": "number"}, "y": {"type": "null"}, "z": {"type": "boolean"}},
            "required": ["x", "y", "z"],
            "additionalProperties": False,
        },
    }
    assert infer_schema([]) == {"type": "array"}
    assert infer_schema("s") == {"type": "string"}


def test_a_schema_that_cannot_be_generated_fails_at_compile_time() -> None:
    from estoca_core.datagen import compile_generator

    with pytest.raises(ValueError, match=r".+"):
        compile_generator({"type": "integer", "minimum": 5, "maximum": 1})


def test_header_values_are_utf8_and_control_characters_are_refused() -> None:
    ce = compiled(method="GET", path="/x", response={"body": "x", "headers": {"X-Name": "São Paulo"}})
    assert (b"x-name", "São Paulo".encode()) in ce.start_message["headers"]
    with pytest.raises(ValueError, match=r"response.headers.X-Bad: control characters"):
        compiled(method="GET", path="/x", response={"body": "x", "headers": {"X-Bad": "a\r\nInjected: 1"}})
