"""API token bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from estoca_api.schemas import ApiModel


class ApiTokenIn(ApiModel):
    """A token to create."""

    name: str = Field(
        ..., min_length=1, max_length=100, description="What the token is for.", examples=["ci-pipeline"]
    )
    scope: Literal["read", "write"] = Field(
        "read", description="`read` for GET routes only; `write` for every route.", examples=["write"]
    )
    expires_in_days: int | None = Field(
        None,
        ge=1,
        le=3650,
        description="Days until the token expires; omitted: the longest allowed.",
        examples=[90],
    )


class ApiToken(ApiModel):
    """A token as listed (the secret is never shown again)."""

    id: uuid.UUID = Field(..., description="Token id (for revoking it).")
    name: str = Field(..., description="What the token is for.", examples=["ci-pipeline"])
    scope: Literal["read", "write"] = Field(..., description="What the token may do.")
    created_at: datetime = Field(..., description="When the token was created.")
    expires_at: datetime | None = Field(None, description="When the token stops working.")
    last_used_at: datetime | None = Field(
        None, description="Last time the token was used (minute precision)."
    )


class ApiTokenCreated(ApiToken):
    """A new token, with its secret: shown once."""

    token: str = Field(
        ...,
        description="The secret: send it as `Authorization: Bearer <token>`. Shown only now.",
        examples=["estoca_pat_3q2-7..."],
    )
