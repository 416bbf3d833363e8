"""``allOf``: merge the branches into one schema that the compiler can generate from directly.

The merge is exact for the keywords where an intersection is a keyword again (type, bounds, lengths,
required, properties, items, enum, multipleOf...). Where it is not (two different patterns, two
``anyOf`` lists, ``additionalProperties`` against properties of another branch), the first value is
kept and the merge is marked inexact: the compiler then checks each value against the original schema
and retries, so the result is still valid.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from estoca_core.datagen.base import ANNOTATIONS, SchemaNotGeneratable, freeze

Resolve = Callable[[str], Any]

_MAX_KW = frozenset({"minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"})
_MIN_KW = frozenset({"maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"})
_ALLOF_KW = frozenset({"items", "contains", "not", "propertyNames", "additionalProperties"})
_MAX_REF_INLINE = 32


def _types(value: Any) -> set[str]:
    return {value} if isinstance(value, str) else set(value)


def _merge_types(a: Any, b: Any, where: str) -> list[str]:
    left, right = _types(a), _types(b)
    both = left & right
    if "number" in left and "integer" in right:
        both.add("integer")
    if "integer" in left and "number" in right:
        both.add("integer")
    if not both:
        raise SchemaNotGeneratable(
            f"{where}: allOf branches allow no common type ({sorted(left)} vs {sorted(right)})"
        )
    order = ["object", "array", "string", "integer", "number", "boolean", "null"]
    return [t for t in order if t in both]


def _lcm(a: Any, b: Any) -> Any:
    fa, fb = Fraction(str(a)), Fraction(str(b))
    num = math.lcm(fa.numerator, fb.numerator)
    den = math.gcd(fa.denominator, fb.denominator)
    value = Fraction(num, den)
    return int(value) if value.denominator == 1 else float(value)


def inline(schema: Any, resolve: Resolve, where: str, depth: int = 0) -> Any:
    """Replace a top-level ``$ref`` by its target merged with the siblings, and flatten ``allOf``."""
    if not isinstance(schema, dict) or ("$ref" not in schema and "allOf" not in schema):
        return schema
    if depth > _MAX_REF_INLINE:
        raise SchemaNotGeneratable(f"{where}: $ref/allOf chain is circular")
    parts: list[Any] = []
    rest = {k: v for k, v in schema.items() if k not in ("$ref", "allOf")}
    if "$ref" in schema:
        parts.append(inline(resolve(schema["$ref"]), resolve, where, depth + 1))
    parts.extend(inline(sub, resolve, where, depth + 1) for sub in schema.get("allOf", []))
    if rest:
        parts.append(rest)
    merged, exact = merge_all(parts, resolve, where, depth + 1)
    if not exact:
        merged["x-estoca-inexact"] = True
    return merged


def merge_all(
    schemas: list[Any], resolve: Resolve, where: str, depth: int = 0
) -> tuple[dict[str, Any], bool]:
    """Merge a list of (already inlined) schemas; returns the merged schema and whether it is exact."""
    result: dict[str, Any] = {}
    exact = True
    for schema in schemas:
        if schema is True or schema == {}:
            continue
        if schema is False:
            raise SchemaNotGeneratable(f"{where}: an allOf branch is `false`, so no value satisfies it")
        schema = inline(schema, resolve, where, depth + 1)
        if schema.pop("x-estoca-inexact", False):
            exact = False
        exact = _merge_into(result, schema, where) and exact
    return result, exact


def _merge_into(result: dict[str, Any], schema: dict[str, Any], where: str) -> bool:
    prior = dict(result)
    old_props, new_props = set(result.get("properties", {})), set(schema.get("properties", {}))
    # additionalProperties of one side also constrains the properties only the other side declares
    exact = not (
        ("additionalProperties" in result and new_props - old_props)
        or ("additionalProperties" in schema and result and old_props - new_props)
    )
    for key, value in schema.items():
        if key not in result:
            result[key] = value
            continue
        old = result[key]
        if key in ANNOTATIONS or old == value:
            continue
        if key == "type":
            result[key] = _merge_types(old, value, where)
        elif key in _MAX_KW:
            result[key] = max(old, value)
        elif key in _MIN_KW:
            result[key] = min(old, value)
        elif key == "multipleOf":
            result[key] = _lcm(old, value)
        elif key == "required":
            result[key] = list(dict.fromkeys([*old, *value]))
        elif key in ("properties", "patternProperties", "$defs"):
            merged = dict(old)
            for name, sub in value.items():
                merged[name] = {"allOf": [merged[name], sub]} if name in merged else sub
            result[key] = merged
        elif key in _ALLOF_KW:
            if key == "additionalProperties" and (old is False or value is False):
                result[key] = False
            else:
                result[key] = {"allOf": [old, value]}
        elif key == "prefixItems":
            continue  # merged below, with each side's `items`
        elif key == "uniqueItems":
            result[key] = bool(old) or bool(value)
        elif key == "enum":
            keep = {freeze(v) for v in value}
            result[key] = [v for v in old if freeze(v) in keep]
        elif key == "const":
            raise SchemaNotGeneratable(
                f"{where}: allOf branches require different constants {old!r} and {value!r}"
            )
        else:
            exact = False  # pattern, format, anyOf, oneOf, if/then/else...: keep the first, check values
    if "additionalProperties" in result and set(result.get("properties", {})) != set(
        schema.get("properties", {})
    ):
        exact = False
    if "prefixItems" in prior or "prefixItems" in schema:
        result["prefixItems"] = _merge_prefix(prior, schema)
    return exact


def _merge_prefix(left: dict[str, Any], right: dict[str, Any]) -> list[Any]:
    """Position by position: a side's prefix schema there, else that side's ``items``."""
    left_prefix, right_prefix = left.get("prefixItems", []), right.get("prefixItems", [])
    left_items, right_items = left.get("items", True), right.get("items", True)
    merged = []
    for index in range(max(len(left_prefix), len(right_prefix))):
        a = left_prefix[index] if index < len(left_prefix) else left_items
        b = right_prefix[index] if index < len(right_prefix) else right_items
        merged.append(b if a is True else a if b is True else {"allOf": [a, b]})
    return merged
