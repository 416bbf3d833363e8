"""``/api/healthz`` (the process answers) and ``/api/readyz`` (the store answers too); both public."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from estoca_api.deps import StoreDep
from estoca_api.i18n import _
from estoca_api.problems import ProblemError, problem_responses
from estoca_api.schemas import ApiModel

router = APIRouter(tags=["health"])


class HealthOut(ApiModel):
    """Health state."""

    status: Literal["ok", "ready"] = Field(..., description="`ok` (alive) or `ready` (can serve requests).")


@router.get("/healthz", operation_id="health-live", response_model=HealthOut)
def healthz() -> HealthOut:
    """The API process answers."""
    return HealthOut(status="ok")


@router.get(
    "/readyz", operation_id="health-ready", response_model=HealthOut, responses=problem_responses(503)
)
async def readyz(store: StoreDep) -> HealthOut:
    """The API and its storage answer."""
    if not await run_in_threadpool(store.ready):
        raise ProblemError(503, _("The storage is not reachable."), slug="not-ready")
    return HealthOut(status="ready")
