"""``/api/stats``: the home page's counts."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field

from estoca_api.deps import CurrentUser, StoreDep
from estoca_api.problems import problem_responses
from estoca_api.schemas import ApiModel

router = APIRouter(tags=["stats"])


class StatsOut(ApiModel):
    """Counts of live groups and endpoints."""

    groups: int = Field(..., ge=0, description="Live groups.", examples=[3])
    endpoints: int = Field(..., ge=0, description="Live endpoints of live groups.", examples=[24])
    by_method: dict[str, int] = Field(
        ..., description="Live endpoints per HTTP method.", examples=[{"GET": 14}]
    )
    chaos_enabled: int = Field(
        ..., ge=0, description="Live endpoints whose chaos variant is on.", examples=[20]
    )


@router.get("/stats", operation_id="stats-get", response_model=StatsOut, responses=problem_responses(401))
def get_stats(_principal: CurrentUser, store: StoreDep) -> StatsOut:
    """Counts for the home page."""
    stats = store.stats()
    return StatsOut(
        groups=stats.groups,
        endpoints=stats.endpoints,
        by_method=stats.by_method,
        chaos_enabled=stats.chaos_enabled,
    )
