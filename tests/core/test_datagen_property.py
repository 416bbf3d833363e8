"""Property test: over many random supported schemas and many samples each, every generated value
validates against its schema (jsonschema Draft 2020-12 with format checking, and jsonschema_rs), and
``violate`` always produces a value the schema refuses."""

from __future__ import annotations

import random
import re
from datetime import datetime
from typing import Any

import jsonschema_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from estoca_core.datagen import compile_generator, violate

FORMATS = FormatChecker()
FORMATS.checks("date-time", raises=ValueError)(
    lambda v: not isinstance(v, str) or bool(datetime.fromisoformat(v.replace("Z", "+00:00")).tzinfo)
)
FORMATS.checks("time")(
    lambda v: not isinstance(v, str) or re.fullmatch(r"\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)", v)
)
FORMATS.checks("uri")(lambda v: not isinstance(v, str) or re.match(r"^[a-z][a-z0-9+.-]*:\S+$", v) is not None)


FORMATS.checks("hostname")(
    lambda v: (
        not isinstance(v, str) or re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?", v) is not None
    )
)


def is_valid(value: Any, schema: dict[str, Any]) -> bool:
    """Valid for both validators (Python jsonschema lacks some strict format checks, so a refusal by
    either one counts: the mockserver validates with jsonschema_rs)."""
    python = Draft202012Validator(schema, format_checker=FORMATS).is_valid(value)
    rust = jsonschema_rs.Draft202012Validator(schema, validate_formats=True).is_valid(value)
    return python and rust


NAMES = st.sampled_from(
    [
        "id",
        "email",
        "name",
        "status",
        "price",
        "quantity",
        "city",
        "created_at",
        "description",
        "sku",
        "zip_code",
        "currency",
        "website",
        "customer_id",
        "active",
        "notes",
        "title",
        "a",
        "b",
        "x-y",
    ]
)
STRING_FORMATS = ["email", "uuid", "date-time", "date", "time", "uri", "url", "hostname", "ipv4", "ipv6"]
PATTERNS = [
    r"^[a-z]{3,8}$",
    r"^[A-Z]{2}-\d{3,5}$",
    r"^(foo|bar)+\d?$",
    r"\d",
    r"^\w+@\w+\.com$",
    r"^#[0-9a-f]{6}$",
]


def strings() -> st.SearchStrategy[dict[str, Any]]:
    plain = st.fixed_dictionaries(
        {"type": st.just("string")},
        optional={"minLength": st.integers(0, 10), "maxLength": st.integers(10, 30)},
    )
    formatted = st.fixed_dictionaries({"type": st.just("string"), "format": st.sampled_from(STRING_FORMATS)})
    patterned = st.fixed_dictionaries(
        {"type": st.just("string"), "pattern": st.sampled_from(PATTERNS)},
        optional={"maxLength": st.integers(12, 20)},
    )
    return st.one_of(plain, formatted, patterned)


@st.composite
def integers(draw: st.DrawFn) -> dict[str, Any]:
    low = draw(st.integers(-1000, 1000))
    high = low + draw(st.integers(12, 500))
    schema: dict[str, Any] = {"type": "integer"}
    if draw(st.booleans()):
        schema["exclusiveMinimum" if draw(st.booleans()) else "minimum"] = low
    if draw(st.booleans()):
        schema["exclusiveMaximum" if draw(st.booleans()) else "maximum"] = high
    if draw(st.booleans()):
        schema["multipleOf"] = draw(st.sampled_from([1, 2, 3, 5, 0.5]))
    return schema


@st.composite
def numbers(draw: st.DrawFn) -> dict[str, Any]:
    low = draw(st.floats(-1e4, 1e4, allow_nan=False))
    high = low + draw(st.floats(25, 1e4))  # room for a multiple of the largest step
    schema: dict[str, Any] = {"type": "number"}
    if draw(st.booleans()):
        schema["exclusiveMinimum" if draw(st.booleans()) else "minimum"] = low
    if draw(st.booleans()):
        schema["exclusiveMaximum" if draw(st.booleans()) else "maximum"] = high
    if draw(st.booleans()):
        schema["multipleOf"] = draw(st.sampled_from([0.25, 0.5, 2.5, 0.1, 10]))
    return schema


SCALAR_VALUES = st.one_of(st.integers(-50, 50), st.text(max_size=6), st.booleans(), st.none())


def scalars() -> st.SearchStrategy[dict[str, Any]]:
    enums = st.lists(SCALAR_VALUES, min_size=1, max_size=5, unique_by=repr).map(lambda v: {"enum": v})
    consts = SCALAR_VALUES.map(lambda v: {"const": v})
    simple = st.sampled_from([{"type": "boolean"}, {"type": "null"}, {}])
    nullable = st.one_of(strings(), integers()).map(lambda s: {**s, "type": [s["type"], "null"]})
    negated = st.just({"type": "integer", "minimum": 0, "maximum": 10, "not": {"const": 5}})
    return st.one_of(strings(), integers(), numbers(), enums, consts, simple, nullable, negated)


@st.composite
def objects(draw: st.DrawFn, children: st.SearchStrategy[Any]) -> dict[str, Any]:
    props = draw(st.dictionaries(NAMES, children, min_size=1, max_size=6))
    names = list(props)
    schema: dict[str, Any] = {"type": "object", "properties": props}
    required = [n for n in names if draw(st.booleans())]
    if required:
        schema["required"] = required
    if draw(st.booleans()):
        schema["additionalProperties"] = False
    if draw(st.booleans()):
        schema["minProperties"] = draw(st.integers(0, len(names)))
    return schema


@st.composite
def arrays(draw: st.DrawFn, children: st.SearchStrategy[Any]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": draw(children)}
    low = draw(st.integers(0, 3))
    if draw(st.booleans()):
        schema["minItems"] = low
    if draw(st.booleans()):
        schema["maxItems"] = low + draw(st.integers(0, 4))
    return schema


def unique_arrays() -> st.SearchStrategy[dict[str, Any]]:
    return st.integers(0, 5).map(
        lambda n: {
            "type": "array",
            "uniqueItems": True,
            "minItems": n,
            "items": {"type": "integer", "minimum": 0, "maximum": 40},
        }
    )


def combinators(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    any_of = st.lists(children, min_size=1, max_size=3).map(lambda b: {"anyOf": b})
    one_of = st.permutations(
        [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}, {"type": "null"}]
    ).map(lambda types: {"oneOf": types[:2]})
    all_of = st.tuples(st.integers(-50, 0), st.integers(1, 50)).map(
        lambda r: {"allOf": [{"type": "integer", "minimum": r[0]}, {"maximum": r[1]}, {"multipleOf": 1}]}
    )
    return st.one_of(any_of, one_of, all_of)


SCHEMAS = st.recursive(
    scalars(),
    lambda children: st.one_of(objects(children), arrays(children), combinators(children), unique_arrays()),
    max_leaves=12,
)


@st.composite
def root_schemas(draw: st.DrawFn) -> dict[str, Any]:
    schema = draw(SCHEMAS)
    if draw(st.booleans()):
        return {"$defs": {"body": schema}, "$ref": "#/$defs/body"}
    return schema


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(schema=root_schemas(), seed=st.integers(0, 2**32 - 1))
def test_every_generated_value_is_valid(schema: dict[str, Any], seed: int) -> None:
    generate = compile_generator(schema)
    rng = random.Random(seed)
    for _ in range(25):
        value = generate(rng)
        assert is_valid(value, schema), f"{value!r} is not valid against {schema!r}"


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(schema=root_schemas(), seed=st.integers(0, 2**32 - 1))
def test_violate_always_breaks_a_constraining_schema(schema: dict[str, Any], seed: int) -> None:
    rng = random.Random(seed)
    value = compile_generator(schema)(rng)
    broken, description = violate(value, schema, rng)
    if all(is_valid(probe, schema) for probe in ("x", 1, 0.5, True, None, [], {})):  # constrains nothing
        assert broken == value
        assert "nothing to violate" in description
    else:
        assert not is_valid(broken, schema), f"{broken!r} ({description}) is still valid against {schema!r}"
        assert description
