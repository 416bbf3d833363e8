"""Unsatisfiable schemas are refused with a message that names the place and the reason, and
``violate`` breaks values in the ways the chaos ``contract`` fault promises."""

from __future__ import annotations

import copy
import random
from typing import Any

import jsonschema_rs
import pytest
from pydantic import ValidationError

from estoca_core.datagen import SchemaNotGeneratable, compile_generator, violate
from estoca_core.spec import ResponseSpec

UNSATISFIABLE: list[tuple[Any, str]] = [
    ({"type": "integer", "minimum": 5, "maximum": 1}, "#: no integer satisfies minimum 5, maximum 1"),
    ({"type": "integer", "exclusiveMinimum": 1, "exclusiveMaximum": 2}, "no integer satisfies"),
    ({"type": "number", "minimum": 5, "maximum": 1}, "no number satisfies minimum 5, maximum 1"),
    ({"type": "number", "exclusiveMinimum": 1, "maximum": 1}, "no number satisfies"),
    ({"type": "integer", "multipleOf": 7, "minimum": 1, "maximum": 6}, "no multiple of 7"),
    ({"type": "number", "multipleOf": 0.7, "minimum": 0.1, "maximum": 0.6}, "multiple of 0.7"),
    ({"type": "string", "minLength": 5, "maxLength": 2}, "minLength (5) is greater than maxLength (2)"),
    ({"type": "string", "format": "uuid", "maxLength": 10}, "a uuid has 36 characters"),
    ({"type": "string", "format": "email", "maxLength": 3}, "no plausible email value fits"),
    ({"type": "string", "format": "duration", "maxLength": 1}, "no duration value fits"),
    ({"type": "string", "pattern": "^a{3}$", "maxLength": 2}, "found no string matching pattern '^a{3}$'"),
    ({"type": "string", "pattern": "(?=a)b"}, "cannot be generated from"),
    ({"type": "string", "pattern": "[z-a]"}, "cannot be generated from"),
    (
        {"type": "object", "required": ["a"], "properties": {"a": False}},
        "#/properties/a: required property 'a' is forbidden",
    ),
    (
        {"type": "object", "required": ["b"], "additionalProperties": False},
        "required property 'b' is not allowed",
    ),
    (
        {"type": "object", "minProperties": 3, "maxProperties": 2},
        "minProperties (3) is greater than maxProperties (2)",
    ),
    (
        {"type": "object", "maxProperties": 1, "required": ["a", "b"]},
        "2 required properties but maxProperties is 1",
    ),
    (
        {"type": "object", "minProperties": 2, "properties": {"a": {}}, "additionalProperties": False},
        "minProperties is 2 but only 1 properties",
    ),
    (
        {"type": "object", "required": ["a"], "properties": {"a": {"enum": []}}},
        "#/properties/a: enum is empty",
    ),
    ({"enum": []}, "enum is empty"),
    ({"type": "string", "enum": [1, 2]}, "no enum value satisfies the other keywords"),
    ({"type": "string", "const": 5}, "const 5 does not satisfy the other keywords"),
    ({"type": "array", "minItems": 3, "maxItems": 1}, "minItems (3) is greater than maxItems (1)"),
    ({"type": "array", "items": False, "minItems": 1}, "minItems is 1 but at most 0 items"),
    ({"type": "array", "items": {"type": "boolean"}, "uniqueItems": True, "minItems": 3}, "uniqueItems"),
    ({"type": "array", "maxItems": 0, "contains": {"type": "string"}}, "contains needs an item"),
    ({"allOf": [{"type": "string"}, {"type": "integer"}]}, "allOf branches allow no common type"),
    ({"allOf": [{"const": 1}, {"const": 2}]}, "different constants 1 and 2"),
    ({"allOf": [{"type": "string"}, False]}, "an allOf branch is `false`"),
    ({"anyOf": [{"type": "integer", "minimum": 3, "maximum": 1}]}, "#: no branch of anyOf can be generated"),
    ({"oneOf": [{"type": "integer"}, {"type": "integer"}]}, "found no value that satisfies oneOf"),
    ({"not": {}}, "`not` of an empty schema rejects every value"),
    ({"type": "string", "not": {"type": "string"}}, "`not` forbids every type"),
    ({"$ref": "#/$defs/missing"}, "$ref '#/$defs/missing' points to nothing"),
    ({"$ref": "#nowhere"}, "no $anchor 'nowhere'"),
    ({"$ref": "https://example.com/schema.json"}, "only local references"),
    (
        {
            "$defs": {
                "n": {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/$defs/n"}}}
            },
            "$ref": "#/$defs/n",
        },
        "requires infinitely nested values",
    ),
    ({"$defs": {"a": {"$ref": "#/$defs/a", "minimum": 1}}, "$ref": "#/$defs/a"}, "chain is circular"),
    (False, "the schema is `false`"),
    ({"type": "widget"}, "unknown type 'widget'"),
]


@pytest.mark.parametrize(("schema", "message"), UNSATISFIABLE, ids=[m for _, m in UNSATISFIABLE])
def test_unsatisfiable_schemas_are_refused_with_a_clear_message(schema: Any, message: str) -> None:
    with pytest.raises(SchemaNotGeneratable) as info:
        compile_generator(schema)
    assert message in str(info.value)


def test_an_unsatisfiable_optional_property_is_left_out() -> None:
    generate = compile_generator(
        {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"enum": []}}}
    )
    assert all("b" not in generate(random.Random(s)) for s in range(50))


def test_a_satisfiable_type_in_a_list_is_enough() -> None:
    generate = compile_generator({"type": ["string", "null"], "minLength": 5, "maxLength": 1})
    assert {generate(random.Random(s)) for s in range(10)} == {None}


def test_spec_validator_refuses_an_unsatisfiable_response_schema() -> None:
    with pytest.raises(ValidationError, match=r"cannot generate data from this schema: #: minLength \(5\)"):
        ResponseSpec.model_validate({"schema": {"type": "string", "minLength": 5, "maxLength": 2}})
    ResponseSpec.model_validate({"schema": {"type": "string", "minLength": 2, "maxLength": 5}})


# --- violate --------------------------------------------------------------------------------------

ORDER = {
    "$defs": {"money": {"type": "number", "minimum": 0, "maximum": 10000}},
    "type": "object",
    "required": ["id", "status", "customer", "lines"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "status": {"enum": ["created", "paid", "shipped"]},
        "note": {"type": ["string", "null"], "maxLength": 20},
        "total": {"$ref": "#/$defs/money"},
        "customer": {
            "type": "object",
            "required": ["email"],
            "properties": {"email": {"type": "string", "format": "email"}, "code": {"pattern": "^[A-Z]+$"}},
        },
        "lines": {
            "type": "array",
            "minItems": 1,
            "maxItems": 3,
            "uniqueItems": True,
            "items": {
                "type": "object",
                "required": ["sku"],
                "properties": {"sku": {"type": "string", "minLength": 3}},
            },
        },
    },
}


def breaks(schema: dict[str, Any], runs: int = 300) -> set[str]:
    """Descriptions seen over many seeds; every broken value is checked to be invalid."""
    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    generate = compile_generator(schema)
    seen = set()
    for seed in range(runs):
        rng = random.Random(seed)
        value = generate(rng)
        original = copy.deepcopy(value)
        broken, description = violate(value, schema, rng)
        assert value == original, "violate must not mutate its input"
        assert not validator.is_valid(broken), f"{description}: {broken!r} is still valid"
        seen.add(description)
    return seen


def test_violate_covers_every_kind_of_break() -> None:
    seen = " | ".join(sorted(breaks(ORDER, 1500)))
    for expected in (
        "required field 'id' missing",
        "required field 'customer.email' missing",
        "field 'id': wrong type",
        "field 'id' is null but is not nullable",
        "field 'status': 'not-in-enum-ø' is not one of the allowed values",
        "unknown field 'unexpected_field' added to body (additionalProperties is false)",
        "field 'id': 0 is out of range (minimum 1)",
        "field 'total': 10001 is out of range (maximum 10000)",
        "field 'note': 21 characters, longer than maxLength 20",
        "field 'customer.email': 'not-a-email' is not a valid email",
        "field 'lines': 4 items, more than maxItems 3",
        "field 'lines': 0 items, fewer than minItems 1",
        "field 'lines': a duplicate item although uniqueItems is true",
        "field 'lines[0].sku'",
        "body: wrong type (string instead of object)",
    ):
        assert expected in seen, f"{expected!r} never seen in {seen}"


def test_violate_scalars_and_patterns() -> None:
    assert any(
        "does not match the pattern" in d for d in breaks({"type": "string", "pattern": "^[a-z]+$"}, 60)
    )
    assert any("shorter than minLength" in d for d in breaks({"type": "string", "minLength": 4}, 60))
    assert any("not a multiple of 5" in d for d in breaks({"type": "integer", "multipleOf": 5}, 60))
    assert any("exclusiveMaximum" in d for d in breaks({"type": "number", "exclusiveMaximum": 3}, 60))
    assert breaks({"const": "fixed"}, 5)
    assert breaks({"type": "array", "prefixItems": [{"type": "integer"}], "items": {"type": "string"}}, 30)


def test_violate_falls_back_to_a_refused_value_for_keyword_less_constraints() -> None:
    seen = breaks({"not": {"type": "string"}}, 20)
    assert all("body replaced by string" in d for d in seen)
    assert breaks({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 20)


def test_violate_with_an_unconstrained_schema_says_so() -> None:
    value, description = violate({"a": 1}, {}, random.Random(1))
    assert value == {"a": 1}
    assert "nothing to violate" in description


def test_violate_is_reproducible_per_seed() -> None:
    value = compile_generator(ORDER)(random.Random(9))
    assert violate(value, ORDER, random.Random(5)) == violate(value, ORDER, random.Random(5))


def test_violate_accepts_schemas_outside_the_cache() -> None:
    schema = {"type": "integer", "maximum": 2**70}
    broken, description = violate(5, schema, random.Random(1))
    assert not jsonschema_rs.validator_for(schema).is_valid(broken)
    assert description


def test_keyword_we_cannot_generate_and_jsf_cannot_either_is_refused() -> None:
    schema = {
        "type": "object",
        "required": ["a"],
        "properties": {"a": {"type": "integer"}},
        "additionalProperties": False,
        "dependentRequired": {"a": ["b"]},
    }
    with pytest.raises(SchemaNotGeneratable, match="dependentRequired"):
        compile_generator(schema)


def test_jsf_fallback_generator_values_are_checked() -> None:
    from estoca_core.datagen.compiler import Compiler

    schema = {
        "$defs": {"n": {"type": "integer", "minimum": 3, "maximum": 4}},
        "type": "object",
        "required": ["n"],
        "properties": {"n": {"$ref": "#/$defs/n"}},
    }
    generate = Compiler(schema)._jsf(
        {"type": "object", "required": ["n"], "properties": {"n": {"$ref": "#/$defs/n"}}}, "#"
    )
    value = generate(random.Random(1), 0)
    assert value["n"] in (3, 4)
