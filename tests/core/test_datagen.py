"""The compiled generator, keyword by keyword: values are valid, plausible and reproducible per seed."""

from __future__ import annotations

import ipaddress
import random
import re
import uuid
from datetime import date, datetime
from typing import Any

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from estoca_core.datagen import SchemaNotGeneratable, compile_generator, warm_pools
from estoca_core.datagen.pools import POOL_SIZE, pool, sized_pool

FORMATS = FormatChecker()
# jsonschema checks some formats only with optional packages; these strict checks do not depend on them.
FORMATS.checks("date-time", raises=ValueError)(
    lambda v: not isinstance(v, str) or bool(datetime.fromisoformat(v.replace("Z", "+00:00")).tzinfo)
)
FORMATS.checks("time", raises=ValueError)(
    lambda v: (
        not isinstance(v, str) or re.fullmatch(r"\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", v) is not None
    )
)
FORMATS.checks("uri")(lambda v: not isinstance(v, str) or re.match(r"^[a-z][a-z0-9+.-]*:\S+$", v) is not None)
FORMATS.checks("hostname")(
    lambda v: (
        not isinstance(v, str) or re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?", v) is not None
    )
)


def assert_valid(value: Any, schema: dict[str, Any]) -> None:
    """Valid for both validators the product uses, formats included."""
    Draft202012Validator(schema, format_checker=FORMATS).validate(value)
    jsonschema_rs.Draft202012Validator(schema, validate_formats=True).validate(value)


def samples(schema: dict[str, Any], n: int = 200) -> list[Any]:
    generate = compile_generator(schema)
    rng = random.Random(42)
    values = [generate(rng) for _ in range(n)]
    for value in values:
        assert_valid(value, schema)
    return values


# --- scalars --------------------------------------------------------------------------------------


def test_integer_bounds_and_exclusive_bounds() -> None:
    values = samples({"type": "integer", "minimum": 3, "maximum": 7})
    assert set(values) == {3, 4, 5, 6, 7}
    values = samples({"type": "integer", "exclusiveMinimum": 3, "exclusiveMaximum": 6})
    assert set(values) == {4, 5}


def test_integer_multiple_of_and_float_step() -> None:
    assert all(
        v % 5 == 0 for v in samples({"type": "integer", "multipleOf": 5, "minimum": 1, "maximum": 100})
    )
    values = samples({"type": "integer", "multipleOf": 0.5, "minimum": 0, "maximum": 20})
    assert all(isinstance(v, int) for v in values)


def test_number_bounds_multiple_of_and_money_hint() -> None:
    values = samples({"type": "number", "exclusiveMinimum": 0, "maximum": 1})
    assert all(0 < v <= 1 for v in values)
    samples({"type": "number", "multipleOf": 0.1, "minimum": 0, "maximum": 10})
    samples({"type": "number", "minimum": 2.5, "maximum": 2.5})
    prices = samples({"type": "object", "required": ["price"], "properties": {"price": {"type": "number"}}})
    assert all(round(p["price"], 2) == p["price"] and p["price"] > 0 for p in prices)


def test_unbounded_numbers_are_plausible() -> None:
    assert all(0 <= v <= 1000 for v in samples({"type": "integer"}))
    assert all(v <= -5 for v in samples({"type": "integer", "maximum": -5}))
    assert all(v >= 10**6 for v in samples({"type": "number", "minimum": 10**6}))


def test_string_lengths() -> None:
    values = samples({"type": "string", "minLength": 5, "maxLength": 8})
    assert all(5 <= len(v) <= 8 for v in values)
    assert set(samples({"type": "string", "maxLength": 0})) == {""}
    assert all(len(v) >= 40 for v in samples({"type": "string", "minLength": 40}))


def test_string_pattern_is_searched_and_respects_lengths() -> None:
    values = samples({"type": "string", "pattern": r"^[A-Z]{3}-\d{4}$"})
    assert all(re.fullmatch(r"[A-Z]{3}-\d{4}", v) for v in values)
    values = samples({"type": "string", "pattern": "^(ab|cd)+$", "minLength": 6, "maxLength": 8})
    assert all(6 <= len(v) <= 8 for v in values)
    samples({"type": "string", "pattern": r"(\w)x\1"})  # back-reference
    samples({"type": "string", "pattern": r"^[^a-z]\s\S\D\W.$"})


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("email", lambda v: re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", v)),
        ("uuid", lambda v: uuid.UUID(v).version == 4),
        ("date-time", lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")).year >= 2022),
        ("date", lambda v: date.fromisoformat(v)),
        ("time", lambda v: re.fullmatch(r"\d\d:\d\d:\d\dZ", v)),
        ("uri", lambda v: v.startswith(("http://", "https://"))),
        ("url", lambda v: v.startswith(("http://", "https://"))),
        ("hostname", lambda v: "." in v),
        ("ipv4", lambda v: ipaddress.IPv4Address(v)),
        ("ipv6", lambda v: ipaddress.IPv6Address(v)),
        ("duration", lambda v: v.startswith("P")),
        ("json-pointer", lambda v: v.startswith("/")),
    ],
)
def test_formats_are_plausible(fmt: str, check: Any) -> None:
    values = samples({"type": "string", "format": fmt})
    assert all(check(v) for v in values)
    assert len(set(values)) > 20 or fmt in ("duration", "json-pointer")


def test_format_with_length_bounds_and_with_pattern() -> None:
    assert all(len(v) <= 20 for v in samples({"type": "string", "format": "email", "maxLength": 20}))
    values = samples({"type": "string", "format": "email", "pattern": "@example\\.com$"})
    assert all(v.endswith("@example.com") for v in values)


HINTS: dict[str, Any] = {
    "email": lambda v: "@" in v,
    "firstName": lambda v: v.isalpha(),
    "last_name": lambda v: v.replace("-", "").replace("'", "").isalpha(),
    "name": lambda v: " " in v,
    "phone": lambda v: sum(ch.isdigit() for ch in v) >= 7,
    "city": lambda v: v[0].isupper(),
    "country": lambda v: v[0].isupper(),
    "street": lambda v: any(ch.isdigit() for ch in v),
    "zip_code": lambda v: v[:5].isdigit(),
    "company": lambda v: len(v) > 3,
    "currency": lambda v: re.fullmatch("[A-Z]{3}", v),
    "website": lambda v: v.startswith("http"),
    "customerId": lambda v: uuid.UUID(v),
    "sku": lambda v: re.fullmatch(r"[A-Z]{3}-\d+", v),
    "status": lambda v: v.isalpha() and v.islower(),
    "description": lambda v: v.endswith("."),
    "created_at": lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")),
    "birth_date": lambda v: date.fromisoformat(v),
}


@pytest.mark.parametrize("name", sorted(HINTS))
def test_property_name_hints_without_format(name: str) -> None:
    schema = {"type": "object", "required": [name], "properties": {name: {"type": "string"}}}
    assert all(HINTS[name](v[name]) for v in samples(schema, 50))


def test_a_name_next_to_a_price_names_a_product() -> None:
    schema = {
        "type": "object",
        "required": ["name", "price"],
        "properties": {"name": {"type": "string"}, "price": {"type": "number"}},
    }
    names = {v["name"] for v in samples(schema, 50)}
    person = {
        v["name"]
        for v in samples(
            {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}, 50
        )
    }
    assert not names & person
    assert all(n[0].isupper() and " " in n for n in names)


def test_numeric_hints_stay_inside_bounds() -> None:
    schema = {
        "type": "object",
        "required": ["id", "quantity", "age", "amount"],
        "properties": {
            "id": {"type": "integer"},
            "quantity": {"type": "integer", "maximum": 5},
            "age": {"type": "integer"},
            "amount": {"type": "number", "minimum": 10, "maximum": 10.5},
        },
    }
    for value in samples(schema):
        assert value["id"] >= 1
        assert 1 <= value["quantity"] <= 5
        assert 18 <= value["age"] <= 90
        assert 10 <= value["amount"] <= 10.5


def test_hint_that_cannot_fit_the_lengths_falls_back_to_text() -> None:
    schema = {
        "type": "object",
        "required": ["email"],
        "properties": {"email": {"type": "string", "maxLength": 2}},
    }
    assert all(len(v["email"]) <= 2 for v in samples(schema))


def test_boolean_null_const_enum_and_type_lists() -> None:
    assert set(samples({"type": "boolean"})) == {True, False}
    assert samples({"type": "null"}, 5) == [None] * 5
    assert samples({"const": {"a": [1]}}, 3) == [{"a": [1]}] * 3
    assert set(samples({"enum": ["a", 1, None]})) == {"a", 1, None}
    assert set(samples({"type": "string", "enum": ["a", 1, "b"]})) == {"a", "b"}
    values = samples({"type": ["string", "null"], "minLength": 2}, 400)
    assert None in values
    assert any(isinstance(v, str) for v in values)
    assert {type(v) for v in samples({"type": ["integer", "boolean"]})} == {int, bool}


def test_empty_and_true_schemas_give_plausible_values() -> None:
    samples({})
    samples(True)  # type: ignore[arg-type]


# --- objects and arrays ---------------------------------------------------------------------------


def test_object_required_optional_and_order() -> None:
    schema = {
        "type": "object",
        "required": ["b"],
        "properties": {"a": {"type": "integer"}, "b": {"type": "string"}, "c": {"type": "boolean"}},
        "additionalProperties": False,
    }
    values = samples(schema)
    assert all("b" in v for v in values)
    assert any("a" not in v for v in values)
    assert any(list(v) == ["a", "b", "c"] for v in values)


def test_required_property_without_declaration_uses_additional_properties() -> None:
    values = samples({"type": "object", "required": ["x"], "additionalProperties": {"type": "integer"}})
    assert all(isinstance(v["x"], int) for v in values)
    samples({"type": "object", "required": ["x"]})


def test_min_and_max_properties() -> None:
    schema = {
        "type": "object",
        "properties": {k: {"type": "integer"} for k in "abcdef"},
        "minProperties": 4,
        "maxProperties": 5,
    }
    assert all(4 <= len(v) <= 5 for v in samples(schema))
    values = samples({"type": "object", "minProperties": 3, "additionalProperties": {"type": "boolean"}})
    assert all(len(v) >= 3 for v in values)


def test_pattern_properties() -> None:
    schema = {
        "type": "object",
        "properties": {"x_a": {"type": "integer"}},
        "patternProperties": {"^x_": {"minimum": 10}, "^tag_[a-z]{2}$": {"type": "string"}},
        "additionalProperties": False,
        "minProperties": 3,
    }
    values = samples(schema)
    assert all(v.get("x_a", 10) >= 10 for v in values)
    assert all(len(v) >= 3 for v in values)


def test_arrays_items_lengths_prefix_and_unique() -> None:
    values = samples({"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 3})
    assert all(2 <= len(v) <= 3 for v in values)
    values = samples(
        {
            "type": "array",
            "prefixItems": [{"const": "head"}, {"type": "integer"}],
            "items": False,
            "minItems": 1,
        }
    )
    assert all(v[0] == "head" and len(v) <= 2 for v in values)
    values = samples({"type": "array", "items": {"enum": [1, 2, 3, 4]}, "uniqueItems": True, "minItems": 4})
    assert all(sorted(v) == [1, 2, 3, 4] for v in values)
    samples({"type": "array", "items": {"type": "boolean"}, "uniqueItems": True})


def test_contains() -> None:
    schema = {"type": "array", "items": {"type": "integer", "maximum": 100}, "contains": {"minimum": 90}}
    assert all(any(x >= 90 for x in v) for v in samples(schema))
    samples({"type": "array", "prefixItems": [{"type": "string"}], "contains": {"type": "boolean"}})


# --- references and combinators -------------------------------------------------------------------

TREE = {
    "$defs": {
        "node": {
            "type": "object",
            "required": ["value", "children"],
            "properties": {
                "value": {"type": "integer"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
            },
        }
    },
    "$ref": "#/$defs/node",
}


def depth(node: dict[str, Any]) -> int:
    return 1 + max((depth(c) for c in node["children"]), default=0)


def test_refs_and_recursion_are_bounded() -> None:
    values = samples(TREE)
    assert max(depth(v) for v in values) >= 3
    assert max(depth(v) for v in values) <= 6
    linked = {
        "$defs": {
            "item": {
                "type": "object",
                "properties": {"next": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/item"}]}},
            }
        },
        "$ref": "#/$defs/item",
    }
    samples(linked)
    samples({"definitions": {"a": {"type": "string"}}, "properties": {"x": {"$ref": "#/definitions/a"}}})
    samples(
        {
            "$defs": {"a": {"$anchor": "thing", "type": "integer"}},
            "items": {"$ref": "#thing"},
            "type": "array",
        }
    )


def test_ref_with_siblings_and_all_of_merge() -> None:
    schema = {
        "$defs": {"base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}},
        "allOf": [
            {"$ref": "#/$defs/base"},
            {
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "id": {"minimum": 5, "maximum": 9}},
            },
        ],
    }
    assert all(5 <= v["id"] <= 9 and "name" in v for v in samples(schema))
    values = samples({"allOf": [{"type": "number", "multipleOf": 2}, {"type": "integer", "multipleOf": 3}]})
    assert all(v % 6 == 0 for v in values)
    samples({"allOf": [{"enum": [1, 2, 3]}, {"enum": [2, 3, 4]}, {"not": {"const": 2}}]})
    values = samples({"allOf": [{"type": "string", "pattern": "^[a-c]{3,6}$"}, {"pattern": "b"}]})
    assert all("b" in v for v in values)
    samples({"$ref": "#/$defs/x", "maxLength": 3, "$defs": {"x": {"type": "string", "minLength": 2}}})


def test_any_of_and_one_of_with_siblings() -> None:
    values = samples({"anyOf": [{"type": "string", "format": "email"}, {"type": "integer", "minimum": 0}]})
    assert {type(v) for v in values} == {str, int}
    one_of = {"type": "integer", "minimum": 0, "maximum": 30, "oneOf": [{"multipleOf": 3}, {"multipleOf": 5}]}
    assert all((v % 3 == 0) != (v % 5 == 0) for v in samples(one_of))
    samples({"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]})  # must avoid the overlap


def test_not() -> None:
    assert all(not isinstance(v, str) for v in samples({"not": {"type": "string"}}))
    assert all(v != 3 for v in samples({"type": "integer", "minimum": 1, "maximum": 4, "not": {"const": 3}}))
    samples({"type": "string", "not": {"pattern": "^a"}})


def test_default_and_examples_are_sometimes_used_when_valid() -> None:
    values = samples({"type": "string", "default": "fallback", "examples": ["sample", 7]}, 400)
    assert "fallback" in values
    assert "sample" in values
    assert 7 not in values


def test_unsupported_keywords_are_generated_and_checked() -> None:
    samples({"type": "object", "properties": {"a": {"type": "integer"}}, "dependentRequired": {"a": ["b"]}})
    samples({"type": "object", "propertyNames": {"pattern": "^[a-z_]+$"}, "minProperties": 1})
    schema = {"type": "integer", "minimum": 0, "maximum": 9, "if": {"minimum": 5}, "then": {"multipleOf": 2}}
    assert all(v < 5 or v % 2 == 0 for v in samples(schema))
    samples(
        {
            "type": "array",
            "items": {"enum": [1, 2]},
            "contains": {"const": 1},
            "maxContains": 1,
            "minItems": 2,
        }
    )


def test_jsf_fallback_when_our_own_generation_never_fits() -> None:
    # unevaluatedProperties: false forbids the extra keys our object generator adds for minProperties
    schema = {
        "type": "object",
        "unevaluatedProperties": False,
        "minProperties": 0,
        "properties": {"a": {"type": "integer"}},
    }
    samples(schema, 20)


# --- determinism, sharing, pools ------------------------------------------------------------------


def test_same_seed_same_value_and_different_seeds_differ() -> None:
    generate = compile_generator(TREE)
    assert [generate(random.Random(7)) for _ in range(3)] == [generate(random.Random(7))] * 3
    assert len({repr(generate(random.Random(seed))) for seed in range(20)}) > 15


def test_same_seed_same_value_across_compilations() -> None:
    schema = {
        "type": "object",
        "properties": {
            "email": {"type": "string", "format": "email"},
            "id": {"type": "string", "format": "uuid"},
        },
    }
    first = compile_generator(schema)(random.Random(3))
    from estoca_core.datagen.compiler import Compiler

    assert Compiler(schema).build()(random.Random(3)) == first


def test_values_are_fresh_objects() -> None:
    generate = compile_generator({"const": {"items": [1, 2]}})
    value = generate(random.Random(1))
    value["items"].append(3)
    assert generate(random.Random(1)) == {"items": [1, 2]}


def test_equal_schemas_share_one_compiled_generator() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    assert compile_generator(schema) is compile_generator(
        {"type": "object", "properties": {"a": {"type": "integer"}}}
    )


def test_pools_are_built_once_and_shared() -> None:
    warm_pools(frozenset({"city", "email"}))
    assert len(pool("city")) == POOL_SIZE
    assert pool("city") is pool("city")
    assert sized_pool("email", 0, None) is pool("email")
    assert sized_pool("city", 3, 8) is sized_pool("city", 3, 8)
    assert all(3 <= len(c) <= 8 for c in sized_pool("city", 3, 8))


def test_integers_beyond_64_bits_compile_without_the_cache() -> None:
    values = samples({"type": "integer", "minimum": 2**70, "maximum": 2**70 + 5})
    assert all(2**70 <= v <= 2**70 + 5 for v in values)


def test_generation_error_is_a_value_error() -> None:
    assert issubclass(SchemaNotGeneratable, ValueError)


def test_all_of_merges_every_kind_of_keyword() -> None:
    schema = {
        "allOf": [
            {
                "type": "object",
                "required": ["a"],
                "properties": {"a": {"type": "string", "minLength": 2}, "tags": {"type": "array"}},
                "patternProperties": {"^x": {"type": "integer"}},
                "additionalProperties": {"type": ["integer", "boolean"]},
                "minProperties": 1,
            },
            {
                "required": ["b"],
                "properties": {
                    "a": {"maxLength": 4},
                    "b": {"type": "boolean"},
                    "tags": {"uniqueItems": True},
                },
                "patternProperties": {"^x": {"minimum": 0}},
                "additionalProperties": {"minimum": 0},
                "maxProperties": 6,
            },
        ]
    }
    values = samples(schema)
    assert all(2 <= len(v["a"]) <= 4 and isinstance(v["b"], bool) for v in values)
    arrays = {
        "allOf": [
            {
                "type": "array",
                "prefixItems": [{"type": "integer"}],
                "items": {"type": "integer"},
                "maxItems": 4,
            },
            {
                "prefixItems": [{"minimum": 5}, {"maximum": 3}],
                "items": {"minimum": 0},
                "uniqueItems": True,
                "minItems": 2,
            },
        ]
    }
    assert all(v[0] >= 5 and len(v) >= 2 for v in samples(arrays))
    closed = {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": False}
    assert all("b" not in v for v in samples({"allOf": [closed, {"properties": {"b": {}}}]}))
    with pytest.raises(SchemaNotGeneratable, match="allOf"):
        compile_generator({"allOf": [closed, {"required": ["b"], "properties": {"b": {}}}]})
    samples(
        {
            "allOf": [
                {"type": ["number", "string"]},
                {"type": ["integer", "null"]},
                {"maximum": 3},
                {"exclusiveMinimum": -3},
            ]
        }
    )
    with pytest.raises(SchemaNotGeneratable, match="found no value that satisfies allOf"):
        compile_generator({"allOf": [{"type": "string", "format": "email"}, {"format": "hostname"}]})


def test_regex_constructs() -> None:
    for pattern in (
        r"^a[^b]c$",
        r"^.{3}$",
        r"^[^0-9a-z]{2}$",
        r"^(?:x|y){2}z*?$",
        r"^\w+\s\W$",
        r"^[\d_-]+$",
        "^[\u0430-\u044f]{2}$",  # a non-ASCII range (Cyrillic)
    ):
        samples({"type": "string", "pattern": pattern}, 30)


def test_objects_with_required_pattern_properties_and_unsatisfiable_optional_parts() -> None:
    schema = {
        "type": "object",
        "required": ["x_id"],
        "patternProperties": {"^x_": {"type": "integer"}, "(?=bad)": {"type": "string"}},
        "additionalProperties": {"enum": []},
    }
    assert all(isinstance(v["x_id"], int) for v in samples(schema))
    arrays = {"type": "array", "prefixItems": [{"type": "integer"}, {"enum": []}], "items": {"enum": []}}
    assert all(len(v) <= 1 for v in samples(arrays))


def test_json_equality_helpers() -> None:
    from estoca_core.datagen.base import freeze, json_type

    assert freeze(1) == freeze(1.0)
    assert freeze(True) != freeze(1)
    assert freeze({"a": [1, None]}) == freeze({"a": [1.0, None]})
    assert [json_type(v) for v in (None, True, 1, 2.0, 2.5, "s", [], {})] == [
        "null",
        "boolean",
        "integer",
        "integer",
        "number",
        "string",
        "array",
        "object",
    ]
