"""Break a valid value on purpose, in a way the schema notices (the chaos ``contract`` fault).

The value and the schema are walked together; every place where the schema constrains something
yields a candidate break (drop a required field, wrong type, null where not nullable, outside an
enum, an unknown field, out of range, too long...). Candidates are tried in random order and the
first one that the compiled validator rejects is returned with a description of what was broken, so
a client author sees exactly which part of the contract their code has to survive.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from functools import lru_cache
from random import Random
from typing import Any

import orjson

from estoca_core.datagen.base import SchemaNotGeneratable, json_type
from estoca_core.datagen.compiler import Compiler
from estoca_core.datagen.merge import inline

Path = tuple[str | int, ...]
Candidate = tuple[Callable[[Any], Any], str]
_MAX_DEPTH = 6
_LAST_RESORT: tuple[Any, ...] = ("not the expected value", 987654321, 0.5, True, None, [], {}, -1, "")


@lru_cache(maxsize=1024)
def _validator(key: bytes) -> Any:
    return Compiler(orjson.loads(key)).validator(orjson.loads(key), "#")


def _where(path: Path) -> str:
    if not path:
        return "body"
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return f"field '{text}'"


def _set(path: Path, new: Any) -> Callable[[Any], Any]:
    def apply(root: Any) -> Any:
        if not path:
            return copy.deepcopy(new)
        node = root
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = copy.deepcopy(new)
        return root

    return apply


def _delete(path: Path) -> Callable[[Any], Any]:
    def apply(root: Any) -> Any:
        node = root
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]
        return root

    return apply


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    if declared is None:
        return set()
    types = {declared} if isinstance(declared, str) else set(declared)
    if "number" in types:
        types.add("integer")
    return types


def _wrong_value(types: set[str]) -> Any:
    for value in ("oops", 12345, True, ["oops"], {"oops": 1}):
        if json_type(value) not in types:
            return value
    return None


def _candidates(value: Any, schema: Any, path: Path, resolve: Callable[[str], Any]) -> Iterator[Candidate]:
    if not isinstance(schema, dict) or len(path) > _MAX_DEPTH:
        return
    try:
        schema = inline(schema, resolve, "#")
    except SchemaNotGeneratable:
        return
    where = _where(path)
    types = _types(schema)
    if types:
        wrong = _wrong_value(types)
        yield (
            _set(path, wrong),
            f"{where}: wrong type ({json_type(wrong)} instead of {'/'.join(sorted(types))})",
        )
        if "null" not in types:
            yield _set(path, None), f"{where} is null but is not nullable"
    if "enum" in schema or "const" in schema:
        yield _set(path, "not-in-enum-ø"), f"{where}: 'not-in-enum-ø' is not one of the allowed values"
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name in value:
                yield _delete((*path, name)), f"required field '{_where((*path, name))[7:-1]}' missing"
        unknown = "unexpected_field"
        if schema.get("additionalProperties") is False or "maxProperties" in schema:
            why = "additionalProperties is false" if "maxProperties" not in schema else "too many properties"
            yield _set((*path, unknown), "surprise"), f"unknown field '{unknown}' added to {where} ({why})"
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                yield from _candidates(value[name], sub, (*path, name), resolve)
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        for key, delta in (("minimum", -1), ("exclusiveMinimum", 0), ("maximum", 1), ("exclusiveMaximum", 0)):
            if isinstance(schema.get(key), (int, float)):
                bad = schema[key] + delta
                yield _set(path, bad), f"{where}: {bad} is out of range ({key} {schema[key]})"
        if isinstance(schema.get("multipleOf"), (int, float)):
            bad = value + schema["multipleOf"] / 2
            yield _set(path, bad), f"{where}: {bad} is not a multiple of {schema['multipleOf']}"
    if isinstance(value, str):
        if isinstance(schema.get("maxLength"), int):
            bad = (value + "x" * (schema["maxLength"] + 1))[: schema["maxLength"] + 1]
            yield (
                _set(path, bad),
                f"{where}: {len(bad)} characters, longer than maxLength {schema['maxLength']}",
            )
        if isinstance(schema.get("minLength"), int) and schema["minLength"] > 0:
            bad = value[: schema["minLength"] - 1]
            yield (
                _set(path, bad),
                f"{where}: {len(bad)} characters, shorter than minLength {schema['minLength']}",
            )
        if "pattern" in schema:
            yield (
                _set(path, "\u00a7!"),
                f"{where}: '\u00a7!' does not match the pattern {schema['pattern']!r}",
            )
        if "format" in schema:
            bad = f"not-a-{schema['format']}"
            yield _set(path, bad), f"{where}: {bad!r} is not a valid {schema['format']}"
    if isinstance(value, list):
        if isinstance(schema.get("maxItems"), int):
            filler = value[0] if value else "extra"
            bad = value + [filler] * (schema["maxItems"] + 1 - len(value))
            yield _set(path, bad), f"{where}: {len(bad)} items, more than maxItems {schema['maxItems']}"
        if isinstance(schema.get("minItems"), int) and schema["minItems"] > 0:
            bad = value[: schema["minItems"] - 1]
            yield _set(path, bad), f"{where}: {len(bad)} items, fewer than minItems {schema['minItems']}"
        if schema.get("uniqueItems") and value:
            yield _set(path, [*value, value[0]]), f"{where}: a duplicate item although uniqueItems is true"
        for index, item in enumerate(value[:2]):
            sub = (
                schema.get("prefixItems", [])[index]
                if index < len(schema.get("prefixItems", []))
                else schema.get("items")
            )
            yield from _candidates(item, sub, (*path, index), resolve)


def violate(value: Any, schema: dict[str, Any], rng: Random) -> tuple[Any, str]:
    """Return a copy of ``value`` that breaks ``schema``, and a description of what was broken.

    If the schema constrains nothing (``{}``), the value is returned unchanged with a description
    saying so, since no value can violate it.
    """
    try:
        is_valid = _validator(orjson.dumps(schema, option=orjson.OPT_SORT_KEYS)).is_valid
    except (TypeError, SchemaNotGeneratable):
        is_valid = Compiler(schema).validator(schema, "#").is_valid
    resolve = Compiler(schema).resolve
    candidates = list(_candidates(value, schema, (), resolve))
    rng.shuffle(candidates)
    for apply, description in candidates:
        try:
            broken = apply(copy.deepcopy(value))
        except (KeyError, IndexError, TypeError):
            continue
        if not is_valid(broken):
            return broken, description
    for other in _LAST_RESORT:
        if not is_valid(other):
            return copy.deepcopy(
                other
            ), f"body replaced by {json_type(other)} {other!r}, which the schema refuses"
    return copy.deepcopy(value), "the schema accepts any value, so there is nothing to violate"
