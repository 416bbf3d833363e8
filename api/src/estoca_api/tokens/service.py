"""Create, list and revoke a user's personal API tokens (only hashes are stored)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from estoca_api.auth.security import Principal, hash_secret
from estoca_api.auth.service import api_token_secret
from estoca_api.db_models import ApiToken
from estoca_api.i18n import _
from estoca_api.problems import ProblemError
from estoca_api.settings import ApiSettings
from estoca_api.tokens.schemas import ApiToken as ApiTokenOut
from estoca_api.tokens.schemas import ApiTokenCreated, ApiTokenIn


def _out(row: ApiToken) -> ApiTokenOut:
    return ApiTokenOut(
        id=row.id,
        name=row.name,
        scope="write" if row.scope == "write" else "read",
        created_at=row.created_at,
        expires_at=row.expires_at,
        last_used_at=row.last_used_at,
    )


class TokenService:
    """The personal API tokens of the signed-in user."""

    def __init__(self, session: Session, settings: ApiSettings) -> None:
        self.session = session
        self.settings = settings

    def list(self, principal: Principal) -> list[ApiTokenOut]:
        """Live (not revoked) tokens of the user, newest first."""
        rows = self.session.scalars(
            select(ApiToken)
            .where(
                ApiToken.user_id == principal.user_id,
                ApiToken.revoked_at.is_(None),
                ApiToken.deleted_at.is_(None),
            )
            .order_by(ApiToken.created_at_epoch.desc(), ApiToken.id)
        ).all()
        return [_out(row) for row in rows]

    def create(self, principal: Principal, body: ApiTokenIn) -> ApiTokenCreated:
        """A new token; its secret is returned once and only its hash is kept."""
        days = body.expires_in_days or self.settings.api_token_max_days
        if days > self.settings.api_token_max_days:
            raise ProblemError(
                422,
                _("The request has invalid fields."),
                errors=[
                    {
                        "field": "expiresInDays",
                        "message": _(
                            "Must be less than or equal to {le}", le=self.settings.api_token_max_days
                        ),
                        "type": "less_than_equal",
                    }
                ],
            )
        secret = api_token_secret()
        now = datetime.now(UTC)
        row = ApiToken(
            user_id=principal.user_id,
            name=body.name,
            token_hash=hash_secret(secret),
            scope=body.scope,
            expires_at=now + timedelta(days=days),
            created_at=now,
        )
        self.session.add(row)
        self.session.commit()
        return ApiTokenCreated(**_out(row).model_dump(), token=secret)

    def revoke(self, principal: Principal, token_id: uuid.UUID) -> None:
        """Revoke one of the user's tokens (404 for another user's token or an unknown id)."""
        row = self.session.scalars(
            select(ApiToken).where(
                ApiToken.id == token_id,
                ApiToken.user_id == principal.user_id,
                ApiToken.revoked_at.is_(None),
                ApiToken.deleted_at.is_(None),
            )
        ).first()
        if row is None:
            raise ProblemError(404, _("The API token was not found."))
        row.revoked_at = datetime.now(UTC)
        self.session.commit()
