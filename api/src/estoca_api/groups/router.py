"""``/api/groups``: list, create, read, replace and delete mock groups (soft delete)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from estoca_api.deps import CurrentUser, StoreDep, WriteScope
from estoca_api.groups.schemas import Group, GroupIn, GroupSort
from estoca_api.groups.service import GroupService
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

router = APIRouter(prefix="/groups", tags=["groups"], responses=problem_responses(400, 401, 413, 422))


@router.get(
    "",
    operation_id="groups-list",
    response_model=Page[Group],
    responses={304: {"description": "Not modified (If-None-Match)."}},
)
def list_groups(
    request: Request,
    response: Response,
    _principal: CurrentUser,
    store: StoreDep,
    page: PageNumber = 1,
    page_size: PageSize = 20,
    q: SearchText = None,
    sort: Annotated[GroupSort, Query(description="Sort key; `-` for descending.")] = "name",
) -> object:
    """One page of groups, searchable by name and sortable; answers 304 for a matching If-None-Match."""
    body = GroupService(store).list(q=q, sort=sort, page=page, page_size=page_size)
    return list_response(request, response, body)


@router.post(
    "",
    operation_id="groups-create",
    response_model=Group,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 409),
)
def create_group(body: GroupIn, response: Response, principal: WriteScope, store: StoreDep) -> Group:
    """Create a group; 409 when the namespace already has a group with this name."""
    group = GroupService(store).create(body, principal)
    response.headers["ETag"] = version_etag(group.version)
    response.headers["Location"] = f"/api/groups/{group.id}"
    return group


@router.get("/{group_id}", operation_id="groups-get", response_model=Group, responses=problem_responses(404))
def get_group(group_id: uuid.UUID, response: Response, _principal: CurrentUser, store: StoreDep) -> Group:
    """One group."""
    group = GroupService(store).get(group_id)
    response.headers["ETag"] = version_etag(group.version)
    return group


@router.put(
    "/{group_id}",
    operation_id="groups-replace",
    response_model=Group,
    responses=problem_responses(403, 404, 409, 412),
)
def replace_group(
    group_id: uuid.UUID,
    body: GroupIn,
    response: Response,
    _principal: WriteScope,
    store: StoreDep,
    if_match: IfMatch = None,
) -> Group:
    """Replace a group (the name may change); with If-Match, only if it is still at that version."""
    group = GroupService(store).replace(group_id, body, expected_version(if_match))
    response.headers["ETag"] = version_etag(group.version)
    return group


@router.delete(
    "/{group_id}",
    operation_id="groups-delete",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(403, 404, 412),
)
def delete_group(
    group_id: uuid.UUID, _principal: WriteScope, store: StoreDep, if_match: IfMatch = None
) -> Response:
    """Delete a group and its endpoints (soft delete: their mocks stop being served)."""
    GroupService(store).delete(group_id, expected_version(if_match))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
