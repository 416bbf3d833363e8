"""Whole resources (apiVersion, kind, metadata, spec, status) in the shape kubectl and
``estoca-mock apply`` take."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from estoca_core.spec.common import DNSLabel, DNSSubdomain, SpecModel
from estoca_core.spec.endpoint import MockEndpointSpec
from estoca_core.spec.group import GroupName, MockGroupSpec
from estoca_core.spec.status import MockEndpointStatus, MockGroupStatus

DEFAULT_NAMESPACE = "default"
# Spelled out (not FULL_API_VERSION) so that type checkers see the literal default.
ApiVersion = Literal["mock.estoca.io/v1alpha1"]


class ObjectMeta(SpecModel):
    """The subset of Kubernetes metadata the mock language uses; other keys are kept but ignored."""

    model_config = ConfigDict(extra="allow")

    name: DNSSubdomain = Field(..., description="Resource name.")
    namespace: DNSLabel = Field(DEFAULT_NAMESPACE, description="Namespace; `default` in standalone mode.")
    labels: dict[str, str] = Field(default_factory=dict, description="Labels.")
    annotations: dict[str, str] = Field(default_factory=dict, description="Annotations.")
    uid: str | None = Field(None, description="Set by Kubernetes.")
    resource_version: str | None = Field(None, description="Set by Kubernetes.")
    generation: int | None = Field(None, description="Set by Kubernetes.")


class GroupMeta(ObjectMeta):
    """MockGroup metadata: the name is a DNS-1123 label and becomes the URL prefix."""

    name: GroupName = Field(
        ..., description="Group name: the URL prefix (/<name>/...) and the base of the Service name."
    )


class MockGroup(SpecModel):
    """MockGroup: a named set of mock endpoints, served under /<name>/...

    In cluster mode the operator runs a mockserver Deployment and Service for each group.
    MockEndpoints join a group through their spec.group.
    """

    api_version: ApiVersion = Field("mock.estoca.io/v1alpha1", description="API version.")
    kind: Literal["MockGroup"] = Field("MockGroup", description="Kind.")
    metadata: GroupMeta = Field(..., description="Standard object metadata; the name is the URL prefix.")
    spec: MockGroupSpec = Field(default_factory=MockGroupSpec, description="Desired state of the group.")
    status: MockGroupStatus | None = Field(None, description="Observed state, written by the operator.")


class MockEndpoint(SpecModel):
    """MockEndpoint: one mocked HTTP operation (method and path) of a MockGroup.

    It is served at /<group><path> with its response, request contract and delay, and at
    /<group><path>/chaos where it breaks the contract on purpose.
    """

    api_version: ApiVersion = Field("mock.estoca.io/v1alpha1", description="API version.")
    kind: Literal["MockEndpoint"] = Field("MockEndpoint", description="Kind.")
    metadata: ObjectMeta = Field(..., description="Standard object metadata.")
    spec: MockEndpointSpec = Field(..., description="Desired state: the mocked operation.")
    status: MockEndpointStatus | None = Field(None, description="Observed state, written by the operator.")


Resource = MockGroup | MockEndpoint
KINDS: dict[str, type[MockGroup] | type[MockEndpoint]] = {
    "MockGroup": MockGroup,
    "MockEndpoint": MockEndpoint,
}


def parse_resource(document: dict[str, Any]) -> Resource:
    """Validate one document as a MockGroup or MockEndpoint, chosen by its ``kind``."""
    kind = document.get("kind")
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    return model.model_validate(document)
