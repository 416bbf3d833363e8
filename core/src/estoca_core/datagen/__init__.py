"""Random data from JSON Schema. PLACEHOLDER: replaced by the compiled generator."""

from __future__ import annotations

from collections.abc import Callable
from random import Random
from typing import Any


class SchemaNotGeneratable(ValueError):
    """The schema cannot be generated from (unsatisfiable or unsupported)."""


def compile_generator(schema: dict[str, Any]) -> Callable[[Random], Any]:
    import jsf

    try:
        faker = jsf.JSF(schema)
    except Exception as exc:
        raise SchemaNotGeneratable(str(exc)) from exc
    return lambda rng: faker.generate()
