"""``/api/tokens``: personal API tokens of the signed-in user."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from estoca_api.deps import CurrentUser, SessionDep, SettingsDep, WriteScope
from estoca_api.problems import problem_responses
from estoca_api.tokens.schemas import ApiToken, ApiTokenCreated, ApiTokenIn
from estoca_api.tokens.service import TokenService

router = APIRouter(prefix="/tokens", tags=["tokens"], responses=problem_responses(400, 401, 413))


@router.get("", operation_id="tokens-list", response_model=list[ApiToken])
def list_tokens(principal: CurrentUser, session: SessionDep, settings: SettingsDep) -> list[ApiToken]:
    """Your API tokens (without their secrets)."""
    return TokenService(session, settings).list(principal)


@router.post(
    "",
    operation_id="tokens-create",
    response_model=ApiTokenCreated,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 422),
)
def create_token(
    body: ApiTokenIn, principal: WriteScope, session: SessionDep, settings: SettingsDep
) -> ApiTokenCreated:
    """Create a token; the response is the only time its secret is shown."""
    return TokenService(session, settings).create(principal, body)


@router.delete(
    "/{token_id}",
    operation_id="tokens-revoke",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(403, 404, 422),
)
def revoke_token(
    token_id: uuid.UUID, principal: WriteScope, session: SessionDep, settings: SettingsDep
) -> Response:
    """Revoke a token: it stops working at once."""
    TokenService(session, settings).revoke(principal, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
