"""Access tokens (HS256 JWTs signed with ``SECRET_KEY``), secret hashing and the request's principal.

Access tokens are short-lived and stateless, so they are checked without a database round trip; the
long-lived credentials (refresh tokens, personal API tokens) are opaque random strings whose SHA-256 hash
is looked up in the database, so they can be revoked.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import jwt

from estoca_api.settings import ApiSettings

ISSUER = "estoca-api"
AUDIENCE = "estoca-api"
API_TOKEN_PREFIX = "estoca_pat_"  # noqa: S105 - a public prefix, not a secret
Scope = Literal["read", "write"]
AuthMode = Literal["oidc", "dev"]


@dataclass(frozen=True)
class Principal:
    """Who makes the request, and what they may do."""

    user_id: uuid.UUID
    email: str
    name: str
    scope: Scope
    auth_mode: AuthMode
    api_token_id: uuid.UUID | None = None

    @property
    def can_write(self) -> bool:
        return self.scope == "write"


def new_secret(prefix: str = "") -> str:
    """A random credential (256 bits)."""
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """SHA-256 hex of a credential: what the database keeps (the secret itself is never stored)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_access_token(
    settings: ApiSettings, *, user_id: uuid.UUID, email: str, name: str, auth_mode: AuthMode
) -> str:
    """A signed access token for a signed-in user (full, i.e. write, scope)."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(user_id),
        "email": email,
        "name": name,
        "mode": auth_mode,
        "scope": "write",
        "iat": now,
        "exp": now + timedelta(seconds=settings.access_token_ttl_s),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, settings.secret_key, algorithm="HS256")


def access_token_subject(settings: ApiSettings, authorization: str) -> str | None:
    """The user id of a valid ``Bearer`` access token (for rate limits), else ``None``."""
    scheme, _sep, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or token.startswith(API_TOKEN_PREFIX):
        return None
    principal = decode_access_token(settings, token.strip())
    return str(principal.user_id) if principal else None


def decode_access_token(settings: ApiSettings, token: str) -> Principal | None:
    """The principal of a valid access token, or ``None`` (bad signature, expired, malformed)."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=["HS256"],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
        user_id = uuid.UUID(str(claims["sub"]))
    except (jwt.PyJWTError, ValueError, KeyError):
        return None
    mode: AuthMode = "dev" if claims.get("mode") == "dev" else "oidc"
    scope: Scope = "read" if claims.get("scope") == "read" else "write"
    return Principal(
        user_id=user_id,
        email=str(claims.get("email", "")),
        name=str(claims.get("name", "")),
        scope=scope,
        auth_mode=mode,
    )
