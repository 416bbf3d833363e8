"""Shared types and small helpers of the data generator.

Internally every compiled node is a ``Gen``: a closure taking the caller's ``random.Random`` and the
current ``$ref`` nesting depth. Passing the depth as an argument (instead of keeping a counter in the
compiled tree) keeps a compiled generator free of mutable state, so one compiled tree can be shared
between endpoints, threads and tasks.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from random import Random
from typing import Any

Gen = Callable[[Random, int], Any]

SOFT_DEPTH = 3
"""From this ``$ref`` depth on, objects only get required properties and arrays only ``minItems`` items."""
HARD_DEPTH = 24
"""A ``$ref`` chain deeper than this means the schema needs an infinitely nested value."""
RETRIES = 24
"""How many candidates a validated node (anyOf/oneOf/not/inexact allOf/fallback) tries per call."""
PROBES = 64
"""How many candidates are tried at compile time to prove that a validated node can be satisfied."""

ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "$comment",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$schema",
        "$id",
        "$anchor",
        "$dynamicAnchor",
        "$defs",
        "definitions",
        "$vocabulary",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
    }
)


class SchemaNotGeneratable(ValueError):
    """The schema cannot be generated from: no value satisfies it, or it uses what we cannot generate.

    The message names the place in the schema (a JSON pointer such as ``#/properties/age``) and the
    reason, because the spec validator shows it to the user as is.
    """


class NoValue(Exception):
    """A node could not produce a value this time: a ``$ref`` chain passed ``HARD_DEPTH``, or a fallback
    failed. Branch nodes catch it and try another branch; the root retries, then uses a known sample."""


def freeze(value: Any) -> Any:
    """A hashable key with JSON equality: ``1 == 1.0``, but ``true`` is not ``1``."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, dict):
        return ("o", frozenset((k, freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("a", tuple(freeze(v) for v in value))
    return value


def copier(value: Any) -> Callable[[], Any]:
    """A function returning ``value``; containers are copied so that callers may mutate the result."""
    if isinstance(value, (dict, list)):
        return lambda: copy.deepcopy(value)
    return lambda: value


def json_type(value: Any) -> str:
    """The JSON Schema type name of a Python JSON value (``integer`` for whole numbers)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
