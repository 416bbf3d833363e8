"""Validation errors as ``errors: [{field, message, type}]``: dot paths relative to the body, translated.

Pydantic's own messages are English only, so each error type we expect has a translatable message here,
filled from the error's ``ctx``. The spec models' rules raise ``estoca_*`` errors (``rule_error`` in
``estoca_core.spec.common``) whose English template is repeated here, so they are translated too, with the
variable parts (a segment, a name, the delay cap, a JSON Schema library's detail) taken from the ``ctx``.
Another ``value_error`` keeps its English reason inside a translated prefix.
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
    # The spec models' rules (estoca_core.spec): the same templates as the core raises, in English.
    "estoca_dns_label_length": N_("must be at most 63 characters (a DNS-1123 label)"),
    "estoca_dns_label": N_(
        "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending "
        "with a letter or digit"
    ),
    "estoca_dns_subdomain_length": N_("must be at most 253 characters (a DNS-1123 subdomain)"),
    "estoca_dns_subdomain": N_(
        "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and "
        "ending with a letter or digit"
    ),
    "estoca_header_name": N_("{name} is not a valid HTTP header name (RFC 9110 token characters only)"),
    "estoca_group_reserved": N_(
        "{name} is reserved for the product's own routes (reserved: {reserved}, and names starting with '_')"
    ),
    "estoca_quantity": N_("{value} is not a Kubernetes quantity (e.g. 1, 500m, 64Mi)"),
    "estoca_path_start": N_("must start with '/'"),
    "estoca_path_length": N_("must be at most 1024 characters"),
    "estoca_path_query": N_("must not contain a query string or fragment ('?' or '#')"),
    "estoca_path_trailing_slash": N_("must not end with '/'"),
    "estoca_path_empty_segment": N_("segment {index} is empty ('//')"),
    "estoca_path_parameter_twice": N_("parameter {parameter} appears twice"),
    "estoca_path_parameter_segment": N_(
        "segment {segment}: a parameter must be a whole segment like {example} "
        "(letters, digits and '_', not starting with a digit)"
    ),
    "estoca_path_dot_segment": N_("segment {index} is {segment}; dot segments are not allowed"),
    "estoca_path_characters": N_("segment {segment} has characters that are not allowed in a URL path"),
    "estoca_path_chaos_suffix": N_(
        "must not end with '/chaos': that suffix is reserved for the chaos variant"
    ),
    "estoca_delay_order": N_("maxMs ({max_ms}) must be greater than or equal to minMs ({min_ms})"),
    "estoca_delay_cap": N_("maxMs ({max_ms}) is above the configured cap of {cap} ms (ESTOCA_MAX_DELAY_MS)"),
    "estoca_body_xor_schema": N_("set either `body` or `schema`, not both"),
    "estoca_value_xor_schema": N_("set either `value` or `schema`, not both"),
    "estoca_query_parameter_twice": N_("query parameter {name} is listed twice"),
    "estoca_header_twice": N_("header {name} is listed twice"),
    "estoca_fault_weight": N_("weight of {fault} must be between 0 and 1000"),
    "estoca_fault_weights_zero": N_("at least one fault needs a weight above 0 (or omit `faults` for all)"),
    "estoca_body_method": N_(
        "a request body contract (request.body) is allowed on POST, PUT and PATCH only, not {method}"
    ),
    "estoca_schema_invalid": N_("not a valid JSON Schema at {where}: {detail}"),
    "estoca_schema_unusable": N_("not a usable JSON Schema: {detail}"),
    "estoca_schema_not_generatable": N_("cannot generate data from this schema: {detail}"),
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
