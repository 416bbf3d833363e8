"""``GET /api/groups/{id}/export`` and ``POST /api/import``: YAML in the CR format, all or nothing.

Both go through ``estoca_core.apply`` (via the store), the code path of ``estoca-mock apply``/``export``,
so a file exported here applies with the CLI or ``kubectl`` and the other way round.
"""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from estoca_api.deps import CurrentUser, StoreDep, WriteScope
from estoca_api.i18n import _
from estoca_api.problems import ProblemError, problem_responses
from estoca_api.schemas import ApiModel

router = APIRouter(tags=["transfer"], responses=problem_responses(401))
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")


class ImportedResourceOut(ApiModel):
    """One resource written by an import."""

    kind: Literal["MockGroup", "MockEndpoint"] = Field(..., description="Resource kind.")
    namespace: str = Field(..., description="Namespace.", examples=["default"])
    name: str = Field(..., description="Resource name.", examples=["erp"])
    action: Literal["created", "updated", "unchanged"] = Field(
        ..., description="What the import did: `created`, `updated`, or `unchanged` (already identical)."
    )


class ImportOut(ApiModel):
    """What an import wrote."""

    created: int = Field(..., ge=0, description="Resources created.")
    updated: int = Field(..., ge=0, description="Resources updated.")
    unchanged: int = Field(..., ge=0, description="Resources already identical (nothing written).")
    resources: list[ImportedResourceOut] = Field(..., description="Every resource, in document order.")


@router.get(
    "/groups/{group_id}/export",
    operation_id="groups-export",
    response_class=Response,
    responses={
        200: {
            "description": "Multi-document YAML: the MockGroup, then its MockEndpoints.",
            "content": {"application/yaml": {"schema": {"type": "string"}}},
        },
        **problem_responses(404, 422),
    },
)
def export_group(group_id: uuid.UUID, _principal: CurrentUser, store: StoreDep) -> Response:
    """The group and its endpoints as YAML that `kubectl apply` and `estoca-mock apply` take."""
    text = store.export_group(group_id)
    group = store.get_group(group_id)
    return Response(
        text,
        media_type="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{group.name}.yaml"'},
    )


@router.post(
    "/import",
    operation_id="resources-import",
    response_model=ImportOut,
    responses=problem_responses(403, 409, 413, 415, 422),
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "Multi-document YAML of MockGroup and MockEndpoint resources (the CR format).",
            "content": {"application/yaml": {"schema": {"type": "string"}}},
        }
    },
)
async def import_resources(request: Request, principal: WriteScope, store: StoreDep) -> ImportOut:
    """Create or update groups and endpoints from YAML, all or nothing."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in YAML_TYPES:
        raise ProblemError(415, _("Send the YAML with Content-Type: application/yaml."))
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError(
            422,
            _("The request has invalid fields."),
            errors=[{"field": "", "message": _("The YAML is not valid UTF-8 text."), "type": "value_error"}],
        ) from exc
    result = await run_in_threadpool(store.import_yaml, text, created_by=principal.email)
    return ImportOut(
        created=result.created,
        unchanged=result.unchanged,
        updated=result.updated,
        resources=[
            ImportedResourceOut(kind=r.kind, namespace=r.namespace, name=r.name, action=r.action)
            for r in result.resources
        ],
    )
