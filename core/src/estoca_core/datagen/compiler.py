"""The schema compiler: one walk over a JSON Schema turns it into a tree of small closures.

Each keyword is looked at once, here; what is left for the request path is drawing from the
caller's ``random.Random``. Nodes that cannot be built exactly (``anyOf``/``oneOf``/``not``, an
inexact ``allOf``, keywords we do not generate natively) produce candidates and check them with a
compiled ``jsonschema_rs`` validator (about 1 µs), retrying a bounded number of times; at compile
time each such node is probed so that an unsatisfiable schema is refused up front.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from random import Random
from typing import Any

import jsonschema_rs

from estoca_core.datagen import containers
from estoca_core.datagen.base import (
    ANNOTATIONS,
    HARD_DEPTH,
    PROBES,
    RETRIES,
    SOFT_DEPTH,
    Gen,
    NoValue,
    SchemaNotGeneratable,
    copier,
)
from estoca_core.datagen.merge import inline
from estoca_core.datagen.refs import ROOT_URI, absolute, resolve_ref
from estoca_core.datagen.scalars import compile_integer, compile_number, compile_string

EXAMPLE_SHARE = 0.2
"""Share of values taken from a valid ``default``/``examples`` instead of being generated."""
UNSUPPORTED = frozenset(
    {
        "if",
        "then",
        "else",
        "dependentSchemas",
        "dependentRequired",
        "dependencies",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
        "minContains",
        "maxContains",
        "$dynamicRef",
        "$recursiveRef",
    }
)
ALL_TYPES = ("object", "array", "string", "integer", "number", "boolean", "null")
_FAMILIES: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "object",
        frozenset(
            {
                "properties",
                "required",
                "additionalProperties",
                "patternProperties",
                "minProperties",
                "maxProperties",
            }
        ),
    ),
    ("array", frozenset({"items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"})),
    ("string", frozenset({"minLength", "maxLength", "pattern", "format"})),
    ("number", frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})),
)


def _boolean(rng: Random, depth: int) -> bool:
    return rng.random() < 0.5


def _null(rng: Random, depth: int) -> None:
    return None


class Compiler:
    """Compiles one root schema; keeps what the nodes share (``$ref`` cells, validators, probes)."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self._registry: Any = None
        self._refs: dict[tuple[str, str | None], list[Gen]] = {}
        self._probes: list[Callable[[], None]] = []

    # --- entry point ------------------------------------------------------------------------------

    def build(self) -> Callable[[Random], Any]:
        gen = self.compile(self.root, "#")
        for probe in self._probes:
            probe()
        good: list[Any] = []
        reason = ""
        for seed in range(PROBES):
            try:
                good.append(gen(Random(seed), 0))
                break
            except NoValue as exc:
                reason = str(exc)
        if not good:
            raise SchemaNotGeneratable(reason or "#: no value could be generated")
        fallback = copier(good[0])

        def generate(rng: Random) -> Any:
            for _ in range(RETRIES):
                try:
                    return gen(rng, 0)
                except NoValue:
                    continue
            return fallback()

        return generate

    # --- helpers ----------------------------------------------------------------------------------

    def resolve(self, ref: str) -> Any:
        """The target of a local ``$ref`` (``#``, ``#/json/pointer`` or ``#anchor``)."""
        return resolve_ref(self.root, ref)

    def validator(self, schema: Any, where: str) -> Any:
        """A compiled jsonschema_rs validator for a subschema, resolving refs against the root."""
        try:
            if self._registry is None:
                root = (
                    {k: v for k, v in self.root.items() if k != "$id"}
                    if isinstance(self.root, dict)
                    else self.root
                )
                self._registry = jsonschema_rs.Registry([(ROOT_URI, root)])
            return jsonschema_rs.Draft202012Validator(
                absolute(schema), validate_formats=True, registry=self._registry
            )
        except Exception as exc:  # the validator refuses what no generated value could pass
            raise SchemaNotGeneratable(f"{where}: cannot compile a validator: {exc}") from None

    def guard(
        self, gens: list[Gen], schema: Any, where: str, what: str, fallback: Callable[[], Gen] | None = None
    ) -> Gen:
        """Draw from ``gens`` until a value passes ``schema``; probed at the end of compilation."""
        is_valid = self.validator(schema, where).is_valid
        state: list[Any] = [tuple(gens), None]

        def probe() -> None:
            for candidates in (gens, [fallback()] if fallback else []):
                usable: list[Gen] = []
                for g in candidates:
                    for seed in range(PROBES):
                        try:
                            value = g(Random(seed), 0)
                        except NoValue:
                            continue
                        if is_valid(value):
                            if not usable:
                                state[1] = copier(value)
                            usable.append(g)
                            break
                if usable:
                    state[0] = tuple(usable)
                    return
            raise SchemaNotGeneratable(f"{where}: found no value that satisfies {what}")

        self._probes.append(probe)

        def guarded(rng: Random, depth: int) -> Any:
            options = state[0]
            for _ in range(RETRIES):
                g = options[0] if len(options) == 1 else rng.choice(options)
                try:
                    value = g(rng, depth)
                except NoValue:
                    continue
                if is_valid(value):
                    return value
            if state[1] is None:
                raise NoValue(f"{where}: found no value that satisfies {what}")
            return state[1]()

        return guarded

    # --- dispatch ---------------------------------------------------------------------------------

    def compile(self, schema: Any, where: str, name: str | None = None) -> Gen:
        """Compile ``schema`` (found at ``where``; ``name`` is the property name, used as a hint)."""
        if schema is True:
            return self.any_value(where, name)
        if schema is False:
            raise SchemaNotGeneratable(f"{where}: the schema is `false`, so no value satisfies it")
        if not isinstance(schema, dict):
            raise SchemaNotGeneratable(f"{where}: a schema must be an object or a boolean")
        keys = schema.keys() - ANNOTATIONS
        if "$ref" in schema and keys == {"$ref"}:
            return self._ref(schema["$ref"], name)
        if "$ref" in schema or "allOf" in schema:
            merged = inline(schema, self.resolve, where)
            inexact = merged.pop("x-estoca-inexact", False)
            gen = self.compile(merged, where, name)
            return self.guard([gen], schema, where, "allOf") if inexact else gen
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                return self._branches(schema, keyword, where, name)
        unsupported = keys & UNSUPPORTED
        if unsupported:
            return self._unsupported(schema, unsupported, where, name)
        if "not" in schema:
            return self._not(schema, where, name)
        return self._with_examples(self._plain(schema, where, name), schema, where)

    def any_value(self, where: str, name: str | None) -> Gen:
        """A value for an unconstrained schema: a plausible string (by property name) or a word."""
        return compile_string({}, where, name)

    def _ref(self, ref: str, name: str | None) -> Gen:
        key = (ref, name)
        cell = self._refs.get(key)
        if cell is None:
            cell = []
            self._refs[key] = cell
            cell.append(self.compile(self.resolve(ref), ref, name))

        def follow(rng: Random, depth: int) -> Any:
            if depth >= HARD_DEPTH:
                raise NoValue(f"{ref}: the schema requires infinitely nested values ($ref recursion)")
            return cell[0](rng, depth + 1)

        return follow

    def _branches(self, schema: dict[str, Any], keyword: str, where: str, name: str | None) -> Gen:
        base = {k: v for k, v in schema.items() if k != keyword}
        constrained = bool(base.keys() - ANNOTATIONS)
        gens: list[Gen] = []
        errors: list[str] = []
        for index, branch in enumerate(schema[keyword]):
            sub = {"allOf": [base, branch]} if constrained else branch
            try:
                gens.append(self.compile(sub, f"{where}/{keyword}/{index}", name))
            except SchemaNotGeneratable as exc:
                errors.append(str(exc))
        if not gens:
            raise SchemaNotGeneratable(
                f"{where}: no branch of {keyword} can be generated ({'; '.join(errors)})"
            )
        return self.guard(gens, schema, where, keyword)

    def _not(self, schema: dict[str, Any], where: str, name: str | None) -> Gen:
        base = {k: v for k, v in schema.items() if k != "not"}
        negated = schema["not"]
        if negated is True or negated == {}:
            raise SchemaNotGeneratable(f"{where}: `not` of an empty schema rejects every value")
        if isinstance(negated, dict) and negated.keys() - ANNOTATIONS == {"type"}:
            banned = {negated["type"]} if isinstance(negated["type"], str) else set(negated["type"])
            if "number" in banned:
                banned.add("integer")
            allowed = [t for t in self._types(base) if t not in banned]
            if "any" in allowed:
                allowed = [t for t in ("string", "integer", "boolean") if t not in banned]
            if not allowed:
                raise SchemaNotGeneratable(f"{where}: `not` forbids every type the schema allows")
            base["type"] = allowed
        return self.guard([self.compile(base, where, name)], schema, where, "not")

    def _unsupported(self, schema: dict[str, Any], keywords: set[str], where: str, name: str | None) -> Gen:
        """Generate without the keywords and check with them; if that never works, ask jsf."""
        base = {k: v for k, v in schema.items() if k not in UNSUPPORTED}
        gens = []
        with contextlib.suppress(SchemaNotGeneratable):
            gens.append(self.compile(base, where, name))
        what = f"the keyword(s) {', '.join(sorted(keywords))}"
        return self.guard(gens, schema, where, what, fallback=lambda: self._jsf(schema, where))

    def _jsf(self, schema: dict[str, Any], where: str) -> Gen:
        import jsf

        doc = dict(schema)
        if isinstance(self.root, dict):
            for key in ("$defs", "definitions"):
                if key in self.root and key not in doc:
                    doc[key] = self.root[key]
        try:
            faker = jsf.JSF(doc)
        except Exception as exc:
            raise SchemaNotGeneratable(f"{where}: jsf cannot generate it either: {exc}") from None

        def generate(rng: Random, depth: int) -> Any:
            try:
                return faker.generate()
            except Exception:
                raise NoValue from None

        return generate

    def _with_examples(self, gen: Gen, schema: dict[str, Any], where: str) -> Gen:
        candidates = ([schema["default"]] if "default" in schema else []) + list(schema.get("examples") or [])
        if not candidates:
            return gen
        is_valid = self.validator(schema, where).is_valid
        makers = tuple(copier(v) for v in candidates if is_valid(v))
        if not makers:
            return gen

        def sometimes_example(rng: Random, depth: int) -> Any:
            if rng.random() < EXAMPLE_SHARE:
                return rng.choice(makers)()
            return gen(rng, depth)

        return sometimes_example

    # --- plain schemas ----------------------------------------------------------------------------

    def _types(self, schema: dict[str, Any]) -> list[str]:
        declared = schema.get("type")
        if declared is not None:
            types = [declared] if isinstance(declared, str) else list(dict.fromkeys(declared))
            if not types:
                raise SchemaNotGeneratable("type is an empty list")
            return types
        keys = schema.keys()
        for family, keywords in _FAMILIES:
            if keys & keywords:
                return [family]
        return ["any"]

    def _plain(self, schema: dict[str, Any], where: str, name: str | None) -> Gen:
        constrained = bool(schema.keys() - ANNOTATIONS - {"const", "enum"})
        if "const" in schema:
            value = schema["const"]
            if constrained and not self.validator(schema, where).is_valid(value):
                raise SchemaNotGeneratable(f"{where}: const {value!r} does not satisfy the other keywords")
            make = copier(value)
            return lambda rng, depth: make()
        if "enum" in schema:
            values = list(schema["enum"])
            if not values:
                raise SchemaNotGeneratable(f"{where}: enum is empty, so no value satisfies it")
            if constrained:
                is_valid = self.validator(schema, where).is_valid
                values = [v for v in values if is_valid(v)]
                if not values:
                    raise SchemaNotGeneratable(f"{where}: no enum value satisfies the other keywords")
            if all(not isinstance(v, (dict, list)) for v in values):
                choices = tuple(values)
                return lambda rng, depth: rng.choice(choices)
            makers = tuple(copier(v) for v in values)
            return lambda rng, depth: rng.choice(makers)()
        gens: list[tuple[str, Gen]] = []
        errors: list[SchemaNotGeneratable] = []
        for kind in self._types(schema):
            try:
                gens.append((kind, self._typed(kind, schema, where, name)))
            except SchemaNotGeneratable as exc:
                errors.append(exc)
        if not gens:
            raise errors[0]
        if len(gens) == 1:
            return gens[0][1]
        nullable = any(kind == "null" for kind, _ in gens)
        weighted = tuple(g for kind, g in gens for _ in range(1 if kind == "null" else 3))

        def one_of_types(rng: Random, depth: int) -> Any:
            if nullable and depth >= SOFT_DEPTH:
                return None
            return rng.choice(weighted)(rng, depth)

        return one_of_types

    def _typed(self, kind: str, schema: dict[str, Any], where: str, name: str | None) -> Gen:
        if kind == "string":
            return compile_string(schema, where, name)
        if kind == "integer":
            return compile_integer(schema, where, name)
        if kind == "number":
            return compile_number(schema, where, name)
        if kind == "boolean":
            return _boolean
        if kind == "null":
            return _null
        if kind == "object":
            return containers.compile_object(self, schema, where)
        if kind == "array":
            return containers.compile_array(self, schema, where)
        if kind == "any":
            return self.any_value(where, name)
        raise SchemaNotGeneratable(f"{where}: unknown type {kind!r}")
