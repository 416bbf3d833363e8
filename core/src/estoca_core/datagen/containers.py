"""Compiled generators for objects and arrays.

Objects keep the declared property order (bodies read naturally), always carry the required
properties and most optional ones; ``minProperties`` is met with optional properties first, then keys
made from ``patternProperties`` or plain additional keys. Arrays get 1..4 items unless the schema
says otherwise. Past ``SOFT_DEPTH`` nested ``$ref``s only what is required is generated, which is how
recursive schemas (trees, linked lists) end.
"""

from __future__ import annotations

import re
from random import Random
from typing import TYPE_CHECKING, Any

from estoca_core.datagen.base import SOFT_DEPTH, Gen, NoValue, SchemaNotGeneratable, freeze
from estoca_core.datagen.pools import normalise, pool
from estoca_core.datagen.regex import RegexNotSupported, compile_regex, matcher

if TYPE_CHECKING:
    from estoca_core.datagen.compiler import Compiler

OPTIONAL_SHARE = 0.8
"""Chance that an optional property is present."""
DEFAULT_EXTRA_ITEMS = 4
_PRODUCT_KEYS = frozenset({"price", "unit_price", "sku", "stock", "product_id"})


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _extra_key(rng: Random) -> str:
    """A plausible name for an additional property: one or two lower-case words."""
    words = pool("word")
    first = rng.choice(words)
    return first if rng.random() < 0.5 else f"{first}_{rng.choice(words)}"


def compile_object(c: Compiler, schema: dict[str, Any], where: str) -> Gen:
    """A generator for ``type: object``."""
    props: dict[str, Any] = schema.get("properties", {})
    required = list(dict.fromkeys(schema.get("required", [])))
    additional = schema.get("additionalProperties", True)
    min_p, max_p = schema.get("minProperties", 0), schema.get("maxProperties")
    if max_p is not None and min_p > max_p:
        raise SchemaNotGeneratable(
            f"{where}: minProperties ({min_p}) is greater than maxProperties ({max_p})"
        )
    if max_p is not None and len(required) > max_p:
        raise SchemaNotGeneratable(
            f"{where}: {len(required)} required properties but maxProperties is {max_p}"
        )
    try:
        patterns = [(p, matcher(p), sub) for p, sub in schema.get("patternProperties", {}).items()]
    except re.error as exc:
        raise SchemaNotGeneratable(f"{where}/patternProperties: invalid pattern: {exc}") from None

    def matching(name: str) -> list[Any]:
        return [sub for _, match, sub in patterns if match(name)]

    # a "name" next to a price or a SKU names a product, not a person
    product = bool({normalise(n) for n in props} & _PRODUCT_KEYS)
    fields: list[tuple[str, Gen, bool]] = []
    for name, sub in props.items():
        req = name in required
        extra = matching(name)
        effective = {"allOf": [sub, *extra]} if extra else sub
        here = f"{where}/properties/{_escape(name)}"
        if sub is False and req:
            raise SchemaNotGeneratable(
                f"{here}: required property {name!r} is forbidden (its schema is false)"
            )
        try:
            hint = "product_name" if product and normalise(name) in ("name", "title") else name
            fields.append((name, c.compile(effective, here, hint), req))
        except SchemaNotGeneratable:
            if req:
                raise
    for name in required:
        if name in props:
            continue
        extra = matching(name)
        if extra:
            target: Any = {"allOf": extra}
        elif additional is False:
            raise SchemaNotGeneratable(
                f"{where}: required property {name!r} is not allowed (not in properties, and "
                "additionalProperties is false)"
            )
        else:
            target = additional
        fields.append((name, c.compile(target, f"{where}/required/{_escape(name)}", name), True))

    makers: list[tuple[Any, Gen]] = []  # (key generator, value generator) for extra keys
    for pattern, _, sub in patterns:
        try:
            makers.append(
                (compile_regex(pattern), c.compile(sub, f"{where}/patternProperties/{_escape(pattern)}"))
            )
        except (RegexNotSupported, re.error, SchemaNotGeneratable):
            continue
    if additional is not False:
        try:
            value_gen = c.compile(additional, f"{where}/additionalProperties")
            makers.append((_extra_key, value_gen))
        except SchemaNotGeneratable:
            pass
    if not makers and len(fields) < min_p:
        raise SchemaNotGeneratable(
            f"{where}: minProperties is {min_p} but only {len(fields)} properties can be generated"
        )
    declared = set(props)
    field_tuple = tuple(fields)
    sized = bool(min_p) or max_p is not None

    def fit(out: dict[str, Any], rng: Random, depth: int) -> None:
        if max_p is not None and len(out) > max_p:
            optional = [n for n, _, req in field_tuple if not req and n in out]
            rng.shuffle(optional)
            for n in optional[: len(out) - max_p]:
                del out[n]
        if len(out) < min_p:
            missing = [(n, g) for n, g, _ in field_tuple if n not in out]
            rng.shuffle(missing)
            for n, g in missing[: min_p - len(out)]:
                out[n] = g(rng, depth)
        tries = 0
        while len(out) < min_p and makers and tries < min_p * 8:
            tries += 1
            key_gen, value_gen = makers[rng.randrange(len(makers))]
            key = key_gen(rng)
            if key in out or key in declared or len(matching(key)) > (0 if key_gen is _extra_key else 1):
                continue
            out[key] = value_gen(rng, depth)
        if len(out) < min_p:
            raise NoValue(f"{where}: could not find {min_p} distinct property names")

    def generate(rng: Random, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        shallow = depth >= SOFT_DEPTH
        for name, gen, req in field_tuple:
            if req or (not shallow and rng.random() < OPTIONAL_SHARE):
                out[name] = gen(rng, depth)
        if sized:
            fit(out, rng, depth)
        return out

    return generate


def compile_array(c: Compiler, schema: dict[str, Any], where: str) -> Gen:
    """A generator for ``type: array``."""
    lo, hi = schema.get("minItems", 0), schema.get("maxItems")
    if hi is not None and lo > hi:
        raise SchemaNotGeneratable(f"{where}: minItems ({lo}) is greater than maxItems ({hi})")
    prefix: list[Gen] = []
    for index, sub in enumerate(schema.get("prefixItems", [])):
        try:
            prefix.append(c.compile(sub, f"{where}/prefixItems/{index}"))
        except SchemaNotGeneratable:
            if lo > index:
                raise
            hi = index if hi is None else min(hi, index)
            break
    items = schema.get("items", True)
    item_gen: Gen | None = None
    try:
        item_gen = c.compile(items, f"{where}/items") if items is not False else None
    except SchemaNotGeneratable:
        if lo > len(prefix):
            raise
    if item_gen is None:
        hi = len(prefix) if hi is None else min(hi, len(prefix))
        if lo > hi:
            raise SchemaNotGeneratable(
                f"{where}: minItems is {lo} but at most {hi} items are allowed "
                "(items is false or cannot be generated)"
            )
    contains_gen: Gen | None = None
    if "contains" in schema:
        if hi == 0:
            raise SchemaNotGeneratable(f"{where}: contains needs an item but maxItems is 0")
        both = {"allOf": [items, schema["contains"]]} if item_gen is not None else schema["contains"]
        contains_gen = c.compile(both, f"{where}/contains")
    top = hi if hi is not None else max(lo, 1) + DEFAULT_EXTRA_ITEMS - 1
    bottom = lo if lo > 0 else min(1, top)
    unique = bool(schema.get("uniqueItems"))
    first_free = len(prefix)

    def generate(rng: Random, depth: int) -> list[Any]:
        n = lo if depth >= SOFT_DEPTH else rng.randint(bottom, top)
        if contains_gen is not None and n == 0:
            n = 1
        out: list[Any] = []
        seen: set[Any] = set()
        for position in range(n):
            gen = prefix[position] if position < first_free else item_gen
            if gen is None:
                break
            for _ in range(8 if unique else 1):
                value = gen(rng, depth)
                if not unique:
                    break
                key = freeze(value)
                if key not in seen:
                    seen.add(key)
                    break
            else:
                if len(out) >= lo:
                    break
                raise NoValue(f"{where}: could not find {lo} distinct items")
            out.append(value)
        if contains_gen is not None:
            value = contains_gen(rng, depth)
            if len(out) > first_free:
                out[rng.randrange(first_free, len(out))] = value
            else:
                out.append(value)
        return out

    if unique or (contains_gen is not None and prefix):
        return c.guard([generate], schema, where, "uniqueItems" if unique else "contains")
    return generate
