"""HTTP helpers shared by the routers: pagination, ETags and If-Match."""

from __future__ import annotations

import hashlib
import re
from typing import Annotated

from fastapi import Header, Query, Request, Response
from pydantic import BaseModel

from estoca_api.i18n import _
from estoca_api.problems import ProblemError
from estoca_api.schemas import MAX_PAGE_SIZE

PageNumber = Annotated[int, Query(ge=1, le=1_000_000, description="Page number (1-based).", examples=[1])]
PageSize = Annotated[
    int, Query(alias="pageSize", ge=1, le=MAX_PAGE_SIZE, description="Items per page.", examples=[20])
]
SearchText = Annotated[
    str | None,
    Query(max_length=200, description="Search by name (words, case-insensitive).", examples=["erp"]),
]
IfMatch = Annotated[
    str | None,
    Header(
        description='Only write if the resource is at this version, e.g. `"3"` (its ETag).', examples=['"3"']
    ),
]

_ETAG_VERSION = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def sort_key(sort: str) -> str:
    """API sort keys (camelCase) to the repository's (snake_case): ``-createdAt`` -> ``-created_at``."""
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), sort)


def version_etag(version: int) -> str:
    """The strong ETag of one resource: its version."""
    return f'"{version}"'


def expected_version(if_match: str | None) -> int | None:
    """The version named by ``If-Match`` (``"3"``, ``W/"3"`` or ``3``); ``*`` or none means any."""
    if if_match is None or if_match.strip() == "*":
        return None
    match = _ETAG_VERSION.match(if_match)
    if match is None:
        raise ProblemError(412, _('If-Match must be the resource\'s ETag, e.g. "3".'))
    return int(match.group(1))


def list_response(request: Request, response: Response, body: BaseModel) -> BaseModel | Response:
    """Set a weak ETag on a list; answer 304 when ``If-None-Match`` already has it."""
    digest = hashlib.sha256(body.model_dump_json(by_alias=True).encode()).hexdigest()[:32]
    etag = f'W/"{digest}"'
    seen = [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]
    if etag in seen or etag.removeprefix("W/") in seen or "*" in seen:
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return body
