"""Status shapes written by the operator (and computed by the standalone API)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from estoca_core.spec.common import SpecModel


class Condition(SpecModel):
    """A cert-manager style condition: the latest observation of one aspect of the resource."""

    type: str = Field(..., description="Condition type, e.g. Ready.", examples=["Ready"])
    status: Literal["True", "False", "Unknown"] = Field(..., description="True, False or Unknown.")
    reason: str = Field(
        "", description="CamelCase reason, e.g. Synced or GroupNotFound.", examples=["Synced"]
    )
    message: str = Field("", description="Human-readable detail.")
    last_transition_time: str | None = Field(None, description="When the status last changed (RFC 3339).")
    observed_generation: int | None = Field(
        None, description="The metadata.generation this condition is about."
    )


class MockGroupStatus(SpecModel):
    """Observed state of a MockGroup."""

    observed_generation: int | None = Field(None, description="The last metadata.generation acted upon.")
    endpoints: int | None = Field(None, description="Number of MockEndpoints served by this group.")
    url: str | None = Field(None, description="Base URL of the group's mocks.")
    conditions: list[Condition] = Field(default_factory=list, description="Latest observations (Ready).")


class MockEndpointStatus(SpecModel):
    """Observed state of a MockEndpoint."""

    observed_generation: int | None = Field(None, description="The last metadata.generation acted upon.")
    url: str | None = Field(None, description="URL of the mock.")
    chaos_url: str | None = Field(None, description="URL of the chaos variant.")
    conditions: list[Condition] = Field(default_factory=list, description="Latest observations (Ready).")
