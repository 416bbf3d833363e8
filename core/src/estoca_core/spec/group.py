"""MockGroup: a named set of endpoints served under ``/<group>/...``."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from estoca_core.spec.common import DNS1123_LABEL, SchemaHint, SpecModel, _dns1123_label, rule_error

RESERVED_GROUP_NAMES: frozenset[str] = frozenset(
    {"api", "docs", "redoc", "openapi.json", "healthz", "readyz", "livez", "metrics", "static", "favicon.ico"}
)


def check_group_name(name: str) -> str:
    """Refuse group names that would hide the product's own routes."""
    if name in RESERVED_GROUP_NAMES or name.startswith("_"):
        reserved = ", ".join(sorted(RESERVED_GROUP_NAMES))
        raise rule_error(
            "group_reserved",
            "{name} is reserved for the product's own routes "
            "(reserved: {reserved}, and names starting with '_')",
            name=repr(name),
            reserved=reserved,
        )
    return name


# A group name: a DNS-1123 label that is not reserved. The reserved check runs first so that
# '_internal' or 'openapi.json' are called reserved rather than badly spelled. The hint lets the
# CRDs refuse the reserved names too ('_' and '.' are already outside the DNS-1123 pattern).
GroupName = Annotated[
    str,
    AfterValidator(check_group_name),
    AfterValidator(_dns1123_label),
    SchemaHint(
        maxLength=63,
        pattern=DNS1123_LABEL.pattern,
        **{"not": {"enum": sorted(n for n in RESERVED_GROUP_NAMES if "." not in n)}},
    ),
]


# A Kubernetes resource quantity: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
QUANTITY = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkKMGTPE])?$")


def _quantity_text(value: object) -> object:
    """YAML gives `cpu: 1` as an integer; a CRD's int-or-string takes integers, not floats ('0.5')."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_quantity(value: str) -> str:
    if not QUANTITY.match(value):
        raise rule_error(
            "quantity", "{value} is not a Kubernetes quantity (e.g. 1, 500m, 64Mi)", value=repr(value)
        )
    return value


Quantity = Annotated[
    str,
    BeforeValidator(_quantity_text),
    AfterValidator(_check_quantity),
    SchemaHint(**{"x-kubernetes-int-or-string": True}),
]


class ResourceRequirements(SpecModel):
    """Kubernetes compute resources for the group's mockserver pods."""

    requests: dict[str, Quantity] = Field(
        default_factory=dict,
        description="Minimum resources, e.g. cpu: 50m, memory: 64Mi.",
        examples=[{"cpu": "50m"}],
    )
    limits: dict[str, Quantity] = Field(
        default_factory=dict,
        description="Maximum resources, e.g. memory: 256Mi.",
        examples=[{"memory": "256Mi"}],
    )


class ServerSpec(SpecModel):
    """Cluster mode: the mockserver Deployment and Service the operator runs for this group."""

    replicas: int = Field(1, ge=0, le=50, description="Number of mockserver pods for this group.")
    resources: ResourceRequirements | None = Field(
        None, description="Resources of each mockserver pod; default from the chart values."
    )


class MockGroupSpec(SpecModel):
    """The spec of a MockGroup."""

    description: str = Field(
        "", max_length=2000, description="What the group mocks.", examples=["ERP integration mocks"]
    )
    server: ServerSpec = Field(
        default_factory=ServerSpec, description="Cluster mode: the group's mockserver."
    )
