"""Sign-in sessions: users, rotating refresh tokens with reuse detection, and bearer resolution.

A sign-in starts a token *family*. Each refresh revokes the presented token and issues a new one in the
same family. A token that is presented again after it was rotated means two parties hold it, so the
family is revoked and the caller gets 401 (both must sign in again). Rows are locked (``FOR UPDATE``)
during rotation so two concurrent refreshes cannot both succeed with the same token.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from estoca_api.auth.security import (
    API_TOKEN_PREFIX,
    AuthMode,
    Principal,
    Scope,
    create_access_token,
    decode_access_token,
    hash_secret,
    new_secret,
)
from estoca_api.db_models import ApiToken, RefreshToken
from estoca_api.i18n import _
from estoca_api.problems import ProblemError
from estoca_api.settings import ApiSettings
from estoca_core.db.models import User
from estoca_core.repository import MockRepository, UserRecord

log = logging.getLogger("estoca_api.auth")
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedSession:
    """What a sign-in or a refresh hands out."""

    user: UserRecord | User
    access_token: str
    refresh_token: str
    expires_in: int


def unauthorized(detail: str | None = None) -> ProblemError:
    """A 401 problem that tells the client how to authenticate."""
    return ProblemError(
        401, detail or _("Sign in, or send a valid bearer token."), headers={"WWW-Authenticate": "Bearer"}
    )


class AuthService:
    """Users, refresh-token families and bearer credentials over one database session."""

    def __init__(self, session: Session, settings: ApiSettings) -> None:
        self.session = session
        self.settings = settings

    def upsert_user(self, email: str, name: str) -> UserRecord:
        """The user with this email, created on first sign-in and updated (name, last login) later."""
        return MockRepository(self.session).ensure_user(email, name or None)

    def start_session(self, user: UserRecord, auth_mode: AuthMode) -> IssuedSession:
        """Sign ``user`` in: a new refresh-token family and an access token."""
        refresh = self._issue_refresh(user.id, uuid.uuid4(), auth_mode)
        self.session.commit()
        return self._issued(user, auth_mode, refresh)

    def refresh(self, presented: str | None) -> IssuedSession:
        """Rotate a refresh token; reuse of a rotated token revokes its whole family."""
        if not presented:
            raise unauthorized(_("No sign-in session; sign in again."))
        row = self.session.scalars(
            select(RefreshToken).where(RefreshToken.token_hash == hash_secret(presented)).with_for_update()
        ).first()
        now = datetime.now(UTC)
        if row is None:
            raise unauthorized(_("The sign-in session is not valid; sign in again."))
        if row.revoked_at is not None:
            grace = timedelta(seconds=self.settings.refresh_reuse_grace_s)
            if row.revoked_reason == "rotated" and now - row.revoked_at <= grace and self._family_alive(row):
                # Two tabs refreshing at once: the loser presents the token the winner just rotated.
                # Within the grace period that is a race, not a theft: rotate again in the same family.
                return self._rotate(row, now)
            if row.revoked_reason == "rotated":
                log.warning("refresh token reuse detected; revoking family %s", row.family_id)
                self._revoke_family(row.family_id, "reuse", now)
                self.session.commit()
            raise unauthorized(_("The sign-in session has ended; sign in again."))
        if row.expires_at <= now:
            raise unauthorized(_("The sign-in session has expired; sign in again."))
        row.revoked_at = now
        row.revoked_reason = "rotated"
        return self._rotate(row, now)

    def _family_alive(self, row: RefreshToken) -> bool:
        """Whether the family still has a usable token (it was rotated, not logged out or revoked)."""
        live = self.session.scalars(
            select(RefreshToken.id).where(
                RefreshToken.family_id == row.family_id, RefreshToken.revoked_at.is_(None)
            )
        ).first()
        return live is not None

    def _rotate(self, row: RefreshToken, now: datetime) -> IssuedSession:
        """A new token in ``row``'s family and an access token (``row`` is already revoked)."""
        user = self.session.get(User, row.user_id)
        if user is None or user.deleted_at is not None:
            raise unauthorized(_("The sign-in session is not valid; sign in again."))
        mode: AuthMode = "dev" if row.auth_mode == "dev" else "oidc"
        refresh = self._issue_refresh(row.user_id, row.family_id, mode)
        self.session.commit()
        return self._issued(user, mode, refresh)

    def logout(self, presented: str | None) -> None:
        """Revoke the family of the presented refresh token (no error when there is none)."""
        if not presented:
            return
        row = self.session.scalars(
            select(RefreshToken).where(RefreshToken.token_hash == hash_secret(presented))
        ).first()
        if row is not None:
            self._revoke_family(row.family_id, "logout", datetime.now(UTC))
            self.session.commit()

    def resolve_bearer(self, token: str) -> Principal:
        """The principal of an access token or a personal API token; 401 otherwise."""
        if token.startswith(API_TOKEN_PREFIX):
            return self._resolve_api_token(token)
        principal = decode_access_token(self.settings, token)
        if principal is None:
            raise unauthorized(_("The access token is invalid or has expired."))
        return principal

    def _resolve_api_token(self, token: str) -> Principal:
        now = datetime.now(UTC)
        row = self.session.execute(
            select(ApiToken, User)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == hash_secret(token), ApiToken.deleted_at.is_(None))
        ).first()
        if row is None:
            raise unauthorized(_("The API token is not valid."))
        api_token, user = row[0], row[1]
        if api_token.revoked_at is not None:
            raise unauthorized(_("The API token has been revoked."))
        if api_token.expires_at is not None and api_token.expires_at <= now:
            raise unauthorized(_("The API token has expired."))
        if user.deleted_at is not None:
            raise unauthorized(_("The API token is not valid."))
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_PRECISION:
            # At most one write per minute per token: reads stay cheap under load.
            api_token.last_used_at = now
            self.session.commit()
        scope: Scope = "write" if api_token.scope == "write" else "read"
        return Principal(
            user_id=user.id,
            email=user.email,
            name=user.name,
            scope=scope,
            auth_mode="dev" if self.settings.dev_mode else "oidc",
            api_token_id=api_token.id,
        )

    def _issue_refresh(self, user_id: uuid.UUID, family_id: uuid.UUID, auth_mode: AuthMode) -> str:
        secret = new_secret()
        self.session.add(
            RefreshToken(
                user_id=user_id,
                token_hash=hash_secret(secret),
                family_id=family_id,
                auth_mode=auth_mode,
                expires_at=datetime.now(UTC) + timedelta(days=self.settings.refresh_token_ttl_days),
            )
        )
        return secret

    def _revoke_family(self, family_id: uuid.UUID, reason: str, now: datetime) -> None:
        self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
        )

    def _issued(self, user: UserRecord | User, auth_mode: AuthMode, refresh: str) -> IssuedSession:
        access = create_access_token(
            self.settings, user_id=user.id, email=user.email, name=user.name, auth_mode=auth_mode
        )
        return IssuedSession(
            user=user, access_token=access, refresh_token=refresh, expires_in=self.settings.access_token_ttl_s
        )


def api_token_secret() -> str:
    """A new personal API token (recognisable by its prefix, e.g. by secret scanners)."""
    return new_secret(API_TOKEN_PREFIX)
