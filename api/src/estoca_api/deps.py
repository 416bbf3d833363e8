"""Dependency aliases for the routers: ``SettingsDep``, ``SessionDep``, ``CurrentUser``, ``WriteScope``,
``StoreDep``.

The app keeps its settings and session factory on ``app.state`` (set by :func:`estoca_api.app.create_app`),
so tests and ``estoca-mock up`` can build apps with their own settings and database side by side.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from estoca_api.auth.security import Principal
from estoca_api.auth.service import AuthService, unauthorized
from estoca_api.i18n import _
from estoca_api.problems import ProblemError
from estoca_api.settings import ApiSettings
from estoca_api.storage import make_store
from estoca_api.storage.base import MockStore

bearer_scheme = HTTPBearer(
    auto_error=False,
    description="An access token from `POST /api/auth/refresh`, or a personal API token (`estoca_pat_...`).",
)


def get_settings(request: Request) -> ApiSettings:
    """The app's settings."""
    settings: ApiSettings = request.app.state.settings
    return settings


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]


def get_session(request: Request) -> Iterator[Session]:
    """One database session per request, closed (and rolled back if uncommitted) at the end.

    The session is passed explicitly (repository, services); it is not bound as the core's "current
    session" because FastAPI runs the set-up and the tear-down of sync dependencies in different contexts.
    """
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


def get_principal(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    """The signed-in user or API token behind ``Authorization: Bearer``; 401 otherwise."""
    if credentials is None:
        raise unauthorized()
    return AuthService(session, settings).resolve_bearer(credentials.credentials)


CurrentUser = Annotated[Principal, Depends(get_principal)]


def require_write(principal: CurrentUser) -> Principal:
    """The principal, if it may write (API tokens with the read scope may not): 403 otherwise."""
    if not principal.can_write:
        raise ProblemError(403, _("This token can only read; use a token with the write scope."))
    return principal


WriteScope = Annotated[Principal, Depends(require_write)]


def get_store(session: SessionDep, settings: SettingsDep) -> MockStore:
    """The storage backend chosen by ``STORAGE``."""
    return make_store(settings, session)


StoreDep = Annotated[MockStore, Depends(get_store)]
