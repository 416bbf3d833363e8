"""Auth bodies."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from estoca_api.schemas import ApiModel


class LoginOut(ApiModel):
    """Where the browser goes next."""

    redirect_url: str = Field(
        ...,
        description="The provider's authorize URL (OIDC), or `/` when dev mode signed the local "
        "developer in.",
        examples=["https://accounts.google.com/o/oauth2/v2/auth?..."],
    )


class TokenOut(ApiModel):
    """A new access token (the rotated refresh token is in the cookie)."""

    access_token: str = Field(..., description="Bearer token for the other /api routes.")
    token_type: Literal["bearer"] = Field("bearer", description="Always `bearer`.")
    expires_in: int = Field(..., description="Seconds until the access token expires.", examples=[900])


class MeOut(ApiModel):
    """The signed-in user."""

    id: uuid.UUID = Field(..., description="User id.")
    email: str = Field(..., description="Email address.", examples=["dev@example.com"])
    name: str = Field(..., description="Display name.", examples=["Ada Lovelace"])
    dev_mode: bool = Field(..., description="Signed in as the dev-mode local account (no real sign-in).")
    auth_mode: Literal["oidc", "dev"] = Field(..., description="How the user signed in.")
    scope: Literal["read", "write"] = Field("write", description="What the credential may do.")


class AuthConfigOut(ApiModel):
    """How this deployment signs people in (public, for the sign-in page)."""

    auth_mode: Literal["oidc", "dev"] = Field(..., description="`oidc` with a provider, `dev` in dev mode.")
    dev_mode: bool = Field(..., description="Whether dev mode is on.")
    provider_name: str = Field(..., description="Name of the sign-in provider.", examples=["Google"])
