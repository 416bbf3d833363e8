"""The per-item rules of a request contract, compiled into closures at load time.

Each rule appends ``Violation``s to a list; nothing here touches pydantic or parses a schema at
request time. Query parameters and headers arrive as text, so the text is first converted to the
type the schema asks for (integer, number, boolean, null; repeated query parameters for arrays), and
only then validated by a precompiled ``jsonschema_rs`` validator (about 1 µs).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import jsonschema_rs
import orjson

Location = Literal["query", "header", "body"]
Rule = Callable[
    [Mapping[str, list[str]], Mapping[str, str], "bytes | None", "str | None", list["Violation"]], None
]

_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_GOT_MAX = 120
_TYPE_ORDER = ("null", "boolean", "integer", "number", "string")
_NUMERIC = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule of the contract: where, what was expected, what came, and a sentence."""

    location: Location
    name: str
    expected: str
    got: str | None
    message: str
    rule: str = field(default="value", compare=False)
    """``missing``, ``type``, ``value``, ``parse`` or ``schema`` (body schema: the 422 case)."""
    item: int = field(default=-1, compare=False, repr=False)
    """Index of the contract item that was broken (its ``onError`` answers)."""

    def to_problem(self) -> dict[str, Any]:
        """The entry of the RFC 7807 ``violations`` list."""
        return {
            "in": self.location,
            "name": self.name,
            "expected": self.expected,
            "got": self.got,
            "message": self.message,
        }


def short(text: str) -> str:
    """``text`` cut to a length that fits in a problem body."""
    return text if len(text) <= _GOT_MAX else text[: _GOT_MAX - 1] + "…"


def dump(value: Any) -> str:
    """Compact JSON of a value, cut short."""
    try:
        return short(orjson.dumps(value).decode())
    except TypeError:
        return short(repr(value))


_VALIDATORS: OrderedDict[bytes, Any] = OrderedDict()
_VALIDATORS_MAX = 4096


def validator(schema: dict[str, Any], label: str) -> Any:
    """A compiled Draft 2020-12 validator that also checks formats, shared by equal schemas.

    Validators are immutable, and endpoints often repeat the same parameter schema (an
    ``Authorization`` pattern, a ``page`` range), so sharing saves most of their memory.
    jsonschema_rs reads patterns as ECMA-262 regexes: a Python-only construct that the spec check
    let through is refused here, at load time, naming the parameter.
    """
    try:
        key = hashlib.blake2b(orjson.dumps(schema, option=orjson.OPT_SORT_KEYS), digest_size=16).digest()
    except TypeError:
        key = b""
    found = _VALIDATORS.get(key) if key else None
    if found is not None:
        return found
    try:
        compiled = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
    except (ValueError, jsonschema_rs.ReferencingError) as exc:
        raise ValueError(f"{label}: the schema cannot be compiled: {exc}") from None
    if key:
        _VALIDATORS[key] = compiled
        if len(_VALIDATORS) > _VALIDATORS_MAX:
            _VALIDATORS.popitem(last=False)
    return compiled


def parse_json(body: bytes) -> Any:
    """orjson, or the standard library for what orjson refuses but JSON allows (integers > 64 bits)."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        try:
            return json.loads(body)
        except (ValueError, RecursionError):
            raise exc from None


def expected_of(schema: Any, error: Any) -> str:
    """``keyword: value`` of the schema keyword that failed (``minimum: 1``, ``pattern: "^a"``)."""
    node = schema
    path = list(error.schema_path)
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    keyword = next((p for p in reversed(path) if isinstance(p, str)), "schema")
    if keyword == "required" and getattr(error.kind, "property", None) is not None:
        return f"required property {error.kind.property!r}"
    return f"{keyword}: {dump(node)}"


def describe(schema: dict[str, Any]) -> str:
    """A one-line summary of a parameter schema, for ``expected`` of missing parameters."""
    parts = []
    if "type" in schema:
        parts.append(schema["type"] if isinstance(schema["type"], str) else " or ".join(schema["type"]))
    for key in (
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "enum",
        "const",
    ):
        if key in schema:
            parts.append(f"{key} {dump(schema[key])}")
    return short(", ".join(parts) or "a value")


def types_of(schema: dict[str, Any]) -> list[str]:
    """The JSON types to try when converting text, most specific first."""
    declared = schema.get("type")
    if declared is not None:
        wanted = {declared} if isinstance(declared, str) else set(declared)
    elif "const" in schema or "enum" in schema:
        values = [schema["const"]] if "const" in schema else list(schema["enum"])
        wanted = {_json_type(v) for v in values}
    elif schema.keys() & _NUMERIC:
        wanted = {"number"}
    else:
        wanted = {"string"}
    return [t for t in _TYPE_ORDER if t in wanted] or ["string"]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


_MISSING = object()


def coerce(text: str, types: list[str]) -> Any:
    """``text`` as the first of ``types`` it can be, else ``_MISSING``."""
    for kind in types:
        if kind == "string":
            return text
        if kind == "integer" and _INT.fullmatch(text):
            return int(text)
        if kind == "number" and _FLOAT.fullmatch(text):
            return int(text) if _INT.fullmatch(text) else float(text)
        if kind == "boolean" and text in ("true", "false"):
            return text == "true"
        if kind == "null" and text in ("null", ""):
            return None
    return _MISSING


@dataclass(frozen=True, slots=True)
class ParamRule:
    """One query parameter or header of the contract."""

    location: Location
    name: str
    key: str
    required: bool
    value: str | None
    schema: dict[str, Any] | None
    item: int

    def compile(self) -> Rule:
        """The closure that checks this parameter in a request."""
        location, name, key, item = self.location, self.name, self.key, self.item
        label = f"{'query parameter' if location == 'query' else 'header'} {name!r}"
        schema = self.schema
        expected = (
            describe(schema)
            if schema is not None
            else (repr(self.value) if self.value is not None else "present")
        )
        required, exact = self.required, self.value
        is_array = schema is not None and (schema.get("type") == "array")
        items_schema = schema.get("items", {}) if is_array and schema is not None else {}
        types = (
            types_of(schema if not is_array else (items_schema if isinstance(items_schema, dict) else {}))
            if schema is not None
            else []
        )
        check = validator(schema, label) if schema is not None else None

        def texts(query: Mapping[str, list[str]], headers: Mapping[str, str]) -> list[str] | None:
            if location == "query":
                return query.get(key)
            text = headers.get(key)
            if text is None:
                return None
            return [part.strip() for part in text.split(",")] if is_array else [text]

        def rule(
            query: Mapping[str, list[str]],
            headers: Mapping[str, str],
            body: bytes | None,
            content_type: str | None,
            out: list[Violation],
        ) -> None:
            found = texts(query, headers)
            if not found:
                if required:
                    out.append(
                        Violation(
                            location,
                            name,
                            expected,
                            None,
                            f"{label} is required but missing",
                            "missing",
                            item,
                        )
                    )
                return
            if exact is not None:
                if found[0] != exact:
                    out.append(
                        Violation(
                            location,
                            name,
                            repr(exact),
                            found[0],
                            f"{label}: expected {exact!r}, got {short(found[0])!r}",
                            "value",
                            item,
                        )
                    )
                return
            if check is None:
                return
            converted = [coerce(text, types) for text in (found if is_array else found[:1])]
            for text, value in zip(found, converted, strict=False):
                if value is _MISSING:
                    wanted = " or ".join(types)
                    out.append(
                        Violation(
                            location,
                            name,
                            wanted,
                            short(text),
                            f"{label}: expected {wanted}, got {short(text)!r}",
                            "type",
                            item,
                        )
                    )
                    return
            instance = converted if is_array else converted[0]
            if check.is_valid(instance):
                return
            got = short(",".join(found)) if is_array else short(found[0])
            for error in check.iter_errors(instance):
                out.append(
                    Violation(
                        location,
                        name,
                        expected_of(schema, error),
                        got,
                        f"{label}: {error.message}",
                        "value",
                        item,
                    )
                )

        return rule


def pointer(path: Any) -> str:
    """An RFC 6901 JSON pointer ("" is the whole body)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def body_rule(required: bool, schema: dict[str, Any] | None, item: int) -> Rule:
    """The closure that checks a JSON request body."""
    check = validator(schema, "request body") if schema is not None else None

    def rule(
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes | None,
        content_type: str | None,
        out: list[Violation],
    ) -> None:
        if body is None or not body.strip():
            if required:
                out.append(
                    Violation(
                        "body",
                        "",
                        "a JSON body",
                        None,
                        "the request body is required but empty",
                        "missing",
                        item,
                    )
                )
            return
        try:
            value = parse_json(body)
        except ValueError as exc:
            note = (
                ""
                if content_type is None or "json" in content_type.lower()
                else f" (Content-Type: {content_type})"
            )
            snippet = short(body.decode("utf-8", "replace"))
            out.append(
                Violation(
                    "body",
                    "",
                    "valid JSON",
                    snippet,
                    f"the body is not valid JSON: {exc}{note}",
                    "parse",
                    item,
                )
            )
            return
        if check is None or check.is_valid(value):
            return
        for error in check.iter_errors(value):
            where = pointer(error.instance_path)
            missing = (
                getattr(error.kind, "property", None)
                if error.schema_path and error.schema_path[-1] == "required"
                else None
            )
            if missing is not None:
                where = f"{where}/{pointer([missing])[1:]}"
            got: str | None = None if missing is not None else dump(error.instance)
            out.append(
                Violation(
                    "body",
                    where,
                    expected_of(schema, error),
                    got,
                    f"body{' at ' + where if where else ''}: {error.message}",
                    "schema",
                    item,
                )
            )

    return rule
