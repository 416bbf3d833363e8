"""``/api/groups/{group_id}/endpoints``: endpoints of a group, and test runs of one endpoint."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from estoca_api.deps import CurrentUser, SettingsDep, StoreDep, WriteScope
from estoca_api.endpoints.schemas import Endpoint, EndpointIn, EndpointSort, TestRunIn, TestRunOut
from estoca_api.endpoints.service import EndpointService
from estoca_api.http import (
    IfMatch,
    PageNumber,
    PageSize,
    SearchText,
    expected_version,
    list_response,
    version_etag,
)
from estoca_api.problems import problem_responses
from estoca_api.schemas import Page

router = APIRouter(
    prefix="/groups/{group_id}/endpoints",
    tags=["endpoints"],
    responses=problem_responses(400, 401, 404, 413, 422),
)


@router.get(
    "",
    operation_id="endpoints-list",
    response_model=Page[Endpoint],
    responses={304: {"description": "Not modified (If-None-Match)."}},
)
def list_endpoints(
    group_id: uuid.UUID,
    request: Request,
    response: Response,
    _principal: CurrentUser,
    store: StoreDep,
    page: PageNumber = 1,
    page_size: PageSize = 20,
    q: SearchText = None,
    sort: Annotated[EndpointSort, Query(description="Sort key; `-` for descending.")] = "path",
) -> object:
    """One page of the group's endpoints, searchable and sortable."""
    body = EndpointService(store).list(group_id, q=q, sort=sort, page=page, page_size=page_size)
    return list_response(request, response, body)


@router.post(
    "",
    operation_id="endpoints-create",
    response_model=Endpoint,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 409),
)
def create_endpoint(
    group_id: uuid.UUID, body: EndpointIn, response: Response, principal: WriteScope, store: StoreDep
) -> Endpoint:
    """Create an endpoint; 409 when the group already has this method + path (or the name is taken)."""
    endpoint = EndpointService(store).create(group_id, body, principal)
    response.headers["ETag"] = version_etag(endpoint.version)
    response.headers["Location"] = f"/api/groups/{group_id}/endpoints/{endpoint.id}"
    return endpoint


@router.get("/{endpoint_id}", operation_id="endpoints-get", response_model=Endpoint)
def get_endpoint(
    group_id: uuid.UUID, endpoint_id: uuid.UUID, response: Response, _principal: CurrentUser, store: StoreDep
) -> Endpoint:
    """One endpoint."""
    endpoint = EndpointService(store).get(group_id, endpoint_id)
    response.headers["ETag"] = version_etag(endpoint.version)
    return endpoint


@router.put(
    "/{endpoint_id}",
    operation_id="endpoints-replace",
    response_model=Endpoint,
    responses=problem_responses(403, 409, 412),
)
def replace_endpoint(
    group_id: uuid.UUID,
    endpoint_id: uuid.UUID,
    body: EndpointIn,
    response: Response,
    _principal: WriteScope,
    store: StoreDep,
    if_match: IfMatch = None,
) -> Endpoint:
    """Replace an endpoint; with If-Match, only if it is still at that version."""
    endpoint = EndpointService(store).replace(group_id, endpoint_id, body, expected_version(if_match))
    response.headers["ETag"] = version_etag(endpoint.version)
    return endpoint


@router.delete(
    "/{endpoint_id}",
    operation_id="endpoints-delete",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(403, 412),
)
def delete_endpoint(
    group_id: uuid.UUID,
    endpoint_id: uuid.UUID,
    _principal: WriteScope,
    store: StoreDep,
    if_match: IfMatch = None,
) -> Response:
    """Delete an endpoint (soft delete: its mock stops being served)."""
    EndpointService(store).delete(group_id, endpoint_id, expected_version(if_match))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{endpoint_id}/test", operation_id="endpoints-test", response_model=TestRunOut)
async def run_endpoint_test(
    group_id: uuid.UUID,
    endpoint_id: uuid.UUID,
    body: TestRunIn,
    _principal: CurrentUser,
    store: StoreDep,
    settings: SettingsDep,
) -> TestRunOut:
    """Send one request to the endpoint through the mockserver's own code path (normal or chaos).

    Reading only: it changes nothing, so a read-scoped token may run it. Bounded by API_TEST_TIMEOUT_S.
    """
    service = EndpointService(store)
    record = await run_in_threadpool(store.get_endpoint, group_id, endpoint_id)
    return await service.test(record, body, settings.test_timeout_s)
