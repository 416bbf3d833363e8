"""Validation errors as ``errors: [{field, message, type}]``: dot paths relative to the body, translated.

Pydantic's own messages are English only, so each error type we expect has a translatable message here,
filled from the error's ``ctx``. ``value_error`` comes from the spec models' validators (their text names
the rule, e.g. "must start with '/'"); it is wrapped in a translated prefix and keeps that reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from estoca_api.i18n import N_, _

MESSAGES: dict[str, str] = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Unknown field"),
    "string_type": N_("Must be a string"),
    "int_type": N_("Must be an integer"),
    "int_parsing": N_("Must be an integer"),
    "int_from_float": N_("Must be an integer"),
    "float_type": N_("Must be a number"),
    "float_parsing": N_("Must be a number"),
    "bool_type": N_("Must be true or false"),
    "bool_parsing": N_("Must be true or false"),
    "dict_type": N_("Must be an object"),
    "model_type": N_("Must be an object"),
    "model_attributes_type": N_("Must be an object"),
    "list_type": N_("Must be a list"),
    "uuid_type": N_("Must be a UUID"),
    "uuid_parsing": N_("Must be a UUID"),
    "none_required": N_("Must be null"),
    "json_invalid": N_("Not valid JSON: {error}"),
    "json_type": N_("Not valid JSON"),
    "string_too_short": N_("Must have at least {min_length} characters"),
    "string_too_long": N_("Must have at most {max_length} characters"),
    "too_short": N_("Must have at least {min_length} items"),
    "too_long": N_("Must have at most {max_length} items"),
    "string_pattern_mismatch": N_("Must match the pattern {pattern}"),
    "greater_than": N_("Must be greater than {gt}"),
    "greater_than_equal": N_("Must be greater than or equal to {ge}"),
    "less_than": N_("Must be less than {lt}"),
    "less_than_equal": N_("Must be less than or equal to {le}"),
    "finite_number": N_("Must be a finite number"),
    "literal_error": N_("Must be one of: {expected}"),
    "enum": N_("Must be one of: {expected}"),
    "string_unicode": N_("Must be valid UTF-8 text"),
    "value_error": N_("Invalid value: {error}"),
    "assertion_error": N_("Invalid value: {error}"),
    "union_tag_invalid": N_("Unknown kind: {tag}"),
}
GENERIC = N_("Invalid value")


def field_path(loc: Sequence[Any]) -> str:
    """``("body", "spec", "response", "status")`` -> ``spec.response.status``; other places keep theirs."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[1:]
    # Pydantic adds the validator or union member (e.g. "function-after[...]") to some paths.
    return ".".join(str(p) for p in parts if not (isinstance(p, str) and ("[" in p and p.endswith("]"))))


def message_for(error: Mapping[str, Any]) -> str:
    """A translated message for one pydantic error."""
    kind = str(error.get("type", ""))
    template = MESSAGES.get(kind)
    ctx = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    if template is None:
        return _(GENERIC)
    if kind in ("value_error", "assertion_error") and "error" not in ctx:
        ctx["error"] = str(error.get("msg", ""))
    try:
        return _(template, **ctx)
    except (KeyError, IndexError):
        return _(GENERIC)


def to_problem_errors(errors: Iterable[Mapping[str, Any]], prefix: str = "") -> list[dict[str, str]]:
    """Pydantic/FastAPI errors as the contract's ``errors`` list."""
    result = []
    for error in errors:
        path = field_path(error.get("loc", ()))
        if prefix:
            path = f"{prefix}{path}" if path else prefix.rstrip(": .")
        result.append({"field": path, "message": message_for(error), "type": str(error.get("type", ""))})
    return result
