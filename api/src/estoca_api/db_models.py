"""The API's own tables: rotating refresh tokens and personal API tokens (on the core's ``Base``).

Only SHA-256 hashes of the secrets are stored: a leaked table lets nobody sign in. Refresh tokens carry a
``family_id``: every rotation keeps the family, so when an already-used token comes back (stolen and
replayed, or replayed by the thief after the owner rotated it) the whole family is revoked and both
parties must sign in again (OAuth 2.0 Security BCP, refresh token rotation). The migration is
``core/src/estoca_core/migrations/versions/0001a_api_auth_tables.py``.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from estoca_core.db.base import Base

AUTH_MODES = ("oidc", "dev")
SCOPES = ("read", "write")


class RefreshToken(Base):
    """One refresh token of a sign-in session; rotated (revoked and replaced) at every use."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (Index("ix_refresh_tokens_user_id_family_id", "user_id", "family_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    auth_mode: Mapped[str] = mapped_column(String(8), default="oidc")
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    revoked_reason: Mapped[str | None] = mapped_column(String(16), default=None)


class ApiToken(Base):
    """A personal API token for scripts and CI: shown once, stored hashed, scoped to read or write."""

    __tablename__ = "api_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(8), default="read")
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
