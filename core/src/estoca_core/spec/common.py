"""Building blocks shared by every resource of the mock language.

The models here are the single source of truth for the public contract: the CRD schemas in
``crds/`` are generated from them, the API uses them as request bodies and the mockserver
compiles them. Field names are camelCase on the wire (Kubernetes style) and snake_case in Python.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, GetJsonSchemaHandler
from pydantic.alias_generators import to_camel
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

API_GROUP = "mock.estoca.io"
API_VERSION = "v1alpha1"
FULL_API_VERSION = f"{API_GROUP}/{API_VERSION}"

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
# RFC 9110 field-name = token
HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")


def rule_error(code: str, message: str, **context: Any) -> PydanticCustomError:
    """The error for a broken rule of the mock language: type ``estoca_<code>``, an English template.

    ``message`` is a fixed template whose ``{name}`` placeholders are filled from ``context`` (pydantic
    renders it, so the English text reads as before), which lets the API translate it by its type and
    context. Templates hold no other braces: a literal ``{`` travels in a context value instead. It is
    a ``ValueError``, so code that validates outside pydantic catches it as before.
    """
    return PydanticCustomError(f"estoca_{code}", message, context or None)


class SpecModel(BaseModel):
    """Base for every spec model: camelCase aliases, unknown fields refused, values validated."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        validate_assignment=True,
        frozen=False,
    )

    def to_wire(self) -> dict[str, Any]:
        """Serialise as the CR/API shape: camelCase, defaults and ``None`` values left out."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class SchemaHint:
    """Extra JSON Schema keywords for a type, for the generated schema (and so the CRDs) only.

    The rules themselves stay in the validators so that their errors keep clear messages; the hint
    lets ``kubectl`` and the Kubernetes API server enforce the same rule where OpenAPI can say it.
    """

    def __init__(self, **keywords: Any) -> None:
        self.keywords = keywords

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema.update(self.keywords)
        return schema


def _dns1123_label(value: str) -> str:
    if len(value) > 63:
        raise rule_error("dns_label_length", "must be at most 63 characters (a DNS-1123 label)")
    if not DNS1123_LABEL.match(value):
        raise rule_error(
            "dns_label",
            "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending "
            "with a letter or digit",
        )
    return value


def _dns1123_subdomain(value: str) -> str:
    if len(value) > 253:
        raise rule_error("dns_subdomain_length", "must be at most 253 characters (a DNS-1123 subdomain)")
    if not DNS1123_SUBDOMAIN.match(value):
        raise rule_error(
            "dns_subdomain",
            "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and "
            "ending with a letter or digit",
        )
    return value


def _header_name(value: str) -> str:
    if not HEADER_NAME.match(value):
        raise rule_error(
            "header_name",
            "{name} is not a valid HTTP header name (RFC 9110 token characters only)",
            name=repr(value),
        )
    return value


DNSLabel = Annotated[
    str, AfterValidator(_dns1123_label), SchemaHint(maxLength=63, pattern=DNS1123_LABEL.pattern)
]
DNSSubdomain = Annotated[
    str, AfterValidator(_dns1123_subdomain), SchemaHint(maxLength=253, pattern=DNS1123_SUBDOMAIN.pattern)
]
HeaderName = Annotated[str, AfterValidator(_header_name), SchemaHint(pattern=HEADER_NAME.pattern)]
HttpStatus = Annotated[int, Field(ge=100, le=599, description="An HTTP status code (100-599).")]
JsonSchema = dict[str, Any]
