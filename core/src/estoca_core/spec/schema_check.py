"""Checks that an embedded JSON Schema is a valid schema and, for responses, can be generated from."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from estoca_core.spec.common import rule_error


def check_json_schema(schema: dict[str, Any], *, generate: bool) -> None:
    """Raise a ``ValueError`` (a pydantic custom error) with a readable message if ``schema`` is not usable.

    ``generate`` also compiles a data generator, so that a schema nobody can satisfy (or one using
    features the generator does not support) is refused when it is saved, not when it is served.
    """
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(root)"
        raise rule_error(
            "schema_invalid", "not a valid JSON Schema at {where}: {detail}", where=where, detail=exc.message
        ) from None
    try:
        # The mockserver validates with jsonschema-rs, whose regex dialect differs from Python's:
        # refuse here what it cannot compile, so a saved endpoint always loads.
        jsonschema_rs.validator_for(schema)
    except (jsonschema_rs.ValidationError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise rule_error("schema_unusable", "not a usable JSON Schema: {detail}", detail=first) from None
    if generate:
        from estoca_core.datagen import SchemaNotGeneratable, compile_generator

        try:
            compile_generator(schema)
        except SchemaNotGeneratable as exc:
            raise rule_error(
                "schema_not_generatable", "cannot generate data from this schema: {detail}", detail=str(exc)
            ) from None
        except Exception as exc:
            # A generator that trips over a schema it did not anticipate must still give a clear
            # validation error when the endpoint is saved, never a crash when it is served.
            raise rule_error(
                "schema_not_generatable", "cannot generate data from this schema: {detail}", detail=str(exc)
            ) from None
