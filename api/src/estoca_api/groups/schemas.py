"""Group bodies: the ``MockGroupSpec`` fields plus the group's identity (name, namespace)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from estoca_api.schemas import ApiModel
from estoca_core.spec import MockGroupSpec, ServerSpec, check_group_name
from estoca_core.spec.common import DNSLabel

GroupName = Annotated[DNSLabel, AfterValidator(check_group_name)]
GroupSort = Literal["name", "-name", "createdAt", "-createdAt", "updatedAt", "-updatedAt"]
Source = Literal["api", "apply", "kubernetes"]


class GroupIn(ApiModel):
    """A group to create or replace."""

    name: GroupName = Field(
        ..., description="Group name (DNS-1123 label): the URL prefix of its mocks.", examples=["erp"]
    )
    namespace: DNSLabel = Field("default", description="Namespace of the group.", examples=["default"])
    description: str = Field(
        "", max_length=2000, description="What the group mocks.", examples=["ERP integration mocks"]
    )
    server: ServerSpec = Field(
        default_factory=ServerSpec,
        description="Cluster mode: the mockserver the operator runs for the group.",
    )

    def to_spec(self) -> MockGroupSpec:
        """The spec model stored for this group."""
        return MockGroupSpec(description=self.description, server=self.server)


class Group(ApiModel):
    """A group as the API returns it."""

    id: uuid.UUID = Field(..., description="Group id.")
    name: str = Field(..., description="Group name: the URL prefix of its mocks.", examples=["erp"])
    namespace: str = Field(..., description="Namespace of the group.", examples=["default"])
    description: str = Field(..., description="What the group mocks.", examples=["ERP integration mocks"])
    server: ServerSpec = Field(..., description="Cluster mode: the group's mockserver.")
    endpoint_count: int = Field(
        ..., ge=0, description="Number of live endpoints in the group.", examples=[12]
    )
    mock_url: str = Field(
        ...,
        description="Base URL where the group's mocks are served.",
        examples=["http://127.0.0.1:8000/erp"],
    )
    created_by: str | None = Field(
        None, description="Who created the group (email), if known.", examples=["dev@example.com"]
    )
    created_at: datetime = Field(..., description="When the group was created.")
    updated_at: datetime = Field(..., description="When the group last changed.")
    version: int = Field(
        ..., ge=1, description="Version, bumped at every change; use it in If-Match.", examples=[1]
    )
    source: Source = Field(
        ..., description="Who wrote the group last: api, apply or kubernetes.", examples=["api"]
    )
