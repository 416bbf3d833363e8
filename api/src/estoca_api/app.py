"""``create_app()``: the FastAPI control plane, routes under ``/api``, docs at /docs, /redoc, /openapi.json.

``estoca-mock up`` mounts this app next to the mocks; ``estoca-mock api`` runs it alone. Everything an app
needs (settings, session factory, OIDC client) lives on ``app.state``, so several apps with different
settings can coexist in one process (tests do that).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.sessions import SessionMiddleware

from estoca_api.auth.oidc import OidcClient
from estoca_api.auth.router import router as auth_router
from estoca_api.auth.security import access_token_subject
from estoca_api.health.router import router as health_router
from estoca_api.i18n import compile_catalogs
from estoca_api.middleware import (
    LocaleMiddleware,
    RateLimitMiddleware,
    RequestSizeLimitMiddleware,
    SecurityHeadersMiddleware,
)
from estoca_api.middleware.ratelimit import make_backend
from estoca_api.openapi import install_openapi
from estoca_api.problems import install_problem_handlers, problem_responses
from estoca_api.settings import ApiSettings, get_api_settings
from estoca_api.tokens.router import router as tokens_router
from estoca_core.db.session import make_sessionmaker

log = logging.getLogger("estoca_api")

DESCRIPTION = """\
Control plane of Estoca Mock API: mock groups and endpoints, test runs, YAML import/export, sign-in and
personal API tokens. Every route except `/api/auth/*` and the health checks needs
`Authorization: Bearer <access token or API token>`. Errors are RFC 7807 `application/problem+json`.
Mocks themselves are served (publicly) at `<public url>/<group><path>` and `.../chaos`.
"""

TAGS = [
    {"name": "auth", "description": "Sign-in, sessions and the current user."},
    {"name": "tokens", "description": "Personal API tokens for scripts and CI."},
    {"name": "groups", "description": "Mock groups: the URL prefix of a set of endpoints."},
    {"name": "endpoints", "description": "Mock endpoints of a group, and test runs."},
    {"name": "transfer", "description": "YAML import and export in the Kubernetes resource format."},
    {"name": "stats", "description": "Counts for the home page."},
    {"name": "health", "description": "Liveness and readiness."},
]


def api_router() -> APIRouter:
    """Every route under ``/api``."""
    from estoca_api.endpoints.router import router as endpoints_router
    from estoca_api.groups.router import router as groups_router
    from estoca_api.stats.router import router as stats_router
    from estoca_api.transfer.router import router as transfer_router

    router = APIRouter(prefix="/api", responses=problem_responses(429))
    for child in (
        auth_router,
        tokens_router,
        groups_router,
        endpoints_router,
        transfer_router,
        stats_router,
        health_router,
    ):
        router.include_router(child)
    return router


class LazySessionmaker:
    """Sessions on ``engine``, or on the core's process-wide engine, resolved at the first request.

    Building the app then touches no database (generating the OpenAPI document needs none), and the
    embedded PostgreSQL is only started when a request needs it.
    """

    def __init__(self, engine: Engine | None) -> None:
        self._engine = engine
        self._factory: sessionmaker[Session] | None = None
        self._lock = threading.Lock()

    def __call__(self) -> Session:
        if self._factory is None:
            with self._lock:
                if self._factory is None:
                    engine = self._engine
                    if engine is None:
                        from estoca_core.db.engine import get_engine

                        engine = get_engine()
                    self._factory = make_sessionmaker(engine)
        return self._factory()


def create_app(settings: ApiSettings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the API. ``engine`` defaults to the core's process-wide engine (``DATABASE_URL``), resolved at
    the first request."""
    settings = settings or get_api_settings()
    try:
        compile_catalogs()
    except OSError as exc:  # read-only install: translations are compiled in memory on first use
        log.info("message catalogs not compiled on disk: %s", exc)
    rate_limits = make_backend(settings.redis_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await rate_limits.aclose()

    app = FastAPI(
        lifespan=lifespan,
        title="Estoca Mock API",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url="/docs" if settings.docs_enabled else None,
        redoc_url="/redoc" if settings.docs_enabled else None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
    )
    app.state.settings = settings
    app.state.sessionmaker = LazySessionmaker(engine)
    app.state.oidc = OidcClient(settings) if settings.oidc_configured else None
    if not settings.oidc_configured:
        if settings.dev_mode:
            log.warning(
                "dev mode: no OIDC client configured; /api/auth/login signs in %s", settings.dev_user_email
            )
        else:
            log.warning(
                "no OIDC client configured and %s is not loopback: sign-in is off", settings.bind_host
            )
    install_problem_handlers(app)
    install_openapi(app)
    app.include_router(api_router())

    # Starlette wraps in reverse order: the last added is the outermost.
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=settings.session_cookie_name,
        max_age=600,
        path="/api/auth",
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.add_middleware(RequestSizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        RateLimitMiddleware,
        backend=rate_limits,
        per_identity=settings.rate_limit_per_minute,
        per_ip=settings.rate_limit_ip_per_minute,
        identify=lambda credential: access_token_subject(settings, credential),
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match", "Accept-Language"],
            expose_headers=["ETag", "Retry-After", "Location"],
            max_age=600,
        )
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.cookie_secure)
    app.add_middleware(LocaleMiddleware)
    return app
