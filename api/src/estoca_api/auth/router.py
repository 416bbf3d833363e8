"""``/api/auth``: sign-in (OIDC or dev mode), callback, refresh, logout, me and the public config."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from estoca_api.auth.oidc import OidcClient
from estoca_api.auth.schemas import AuthConfigOut, LoginOut, MeOut, TokenOut
from estoca_api.auth.security import AuthMode
from estoca_api.auth.service import AuthService, IssuedSession
from estoca_api.deps import CurrentUser, SessionDep, SettingsDep
from estoca_api.i18n import _
from estoca_api.problems import ProblemError, problem_responses
from estoca_api.settings import ApiSettings, is_loopback

router = APIRouter(prefix="/auth", tags=["auth"])
COOKIE_PATH = "/api/auth"


def _set_refresh_cookie(response: Response, settings: ApiSettings, issued: IssuedSession) -> None:
    response.set_cookie(
        settings.refresh_cookie_name,
        issued.refresh_token,
        max_age=settings.refresh_token_ttl_days * 86400,
        path=COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",
    )


def _clear_refresh_cookie(response: Response, settings: ApiSettings) -> None:
    response.delete_cookie(
        settings.refresh_cookie_name,
        path=COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",
    )


def _oidc(request: Request, *, missing_status: int = 503) -> OidcClient:
    client: OidcClient | None = request.app.state.oidc
    if client is None:
        raise ProblemError(
            missing_status, _("Sign-in is not configured on this server."), slug="sign-in-not-configured"
        )
    return client


def _sign_in(service: AuthService, email: str, name: str, mode: AuthMode) -> IssuedSession:
    """Create or update the user and start a session (blocking database work, run in a thread)."""
    return service.start_session(service.upsert_user(email, name), mode)


@router.get("/config", operation_id="auth-config", response_model=AuthConfigOut)
def auth_config(settings: SettingsDep) -> AuthConfigOut:
    """How this deployment signs people in (public)."""
    return AuthConfigOut(
        auth_mode="dev" if settings.dev_mode else "oidc",
        dev_mode=settings.dev_mode,
        provider_name=settings.oidc_provider_name,
    )


@router.post(
    "/login", operation_id="auth-login", response_model=LoginOut, responses=problem_responses(403, 502, 503)
)
async def login(request: Request, response: Response, session: SessionDep, settings: SettingsDep) -> LoginOut:
    """Start signing in: the provider's authorize URL, or in dev mode an immediate local sign-in."""
    if settings.dev_mode:
        client_host = request.client.host if request.client else ""
        if not is_loopback(client_host):
            # Dev mode must never sign in someone from another machine, whatever the bind address.
            raise ProblemError(
                403, _("Dev-mode sign-in is only allowed from this machine."), slug="dev-mode-remote"
            )
        issued = await run_in_threadpool(
            _sign_in, AuthService(session, settings), settings.dev_user_email, settings.dev_user_name, "dev"
        )
        _set_refresh_cookie(response, settings, issued)
        return LoginOut(redirect_url=settings.ui_url)
    return LoginOut(redirect_url=await _oidc(request).authorize_url(request))


@router.get(
    "/callback",
    operation_id="auth-callback",
    status_code=status.HTTP_303_SEE_OTHER,
    response_class=RedirectResponse,
    responses={
        303: {"description": "Signed in: the refresh cookie is set and the browser goes to the UI."},
        **problem_responses(400, 401, 403, 404, 502),
    },
)
async def callback(request: Request, session: SessionDep, settings: SettingsDep) -> RedirectResponse:
    """Where the provider sends the browser back: verify, create or update the user, set the cookie.

    A browser (it asks for HTML) that fails here is sent back to the UI's sign-in page with the reason,
    instead of being left on a JSON document; other clients get the problem itself.
    """
    try:
        # Without a provider there is no callback to come back to: 404, not a server error.
        identity = await _oidc(request, missing_status=404).identity(request)
    except ProblemError as exc:
        if "text/html" not in request.headers.get("accept", ""):
            raise
        return RedirectResponse(_sign_in_failed_url(settings, exc), status_code=status.HTTP_303_SEE_OTHER)
    issued = await run_in_threadpool(
        _sign_in, AuthService(session, settings), identity.email, identity.name, "oidc"
    )
    redirect = RedirectResponse(settings.ui_url, status_code=status.HTTP_303_SEE_OTHER)
    _set_refresh_cookie(redirect, settings, issued)
    return redirect


def _sign_in_failed_url(settings: ApiSettings, exc: ProblemError) -> str:
    """The UI's sign-in page, told why (``error`` is a stable code, ``message`` is already translated)."""
    query = urlencode({"error": exc.slug or str(exc.status), "message": exc.detail or ""})
    return f"{settings.ui_url.rstrip('/')}/login?{query}"


@router.post(
    "/refresh", operation_id="auth-refresh", response_model=TokenOut, responses=problem_responses(401)
)
def refresh(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenOut:
    """A new access token for the refresh cookie, which is rotated (reuse of an old one ends the session)."""
    presented = request.cookies.get(settings.refresh_cookie_name)
    try:
        issued = AuthService(session, settings).refresh(presented)
    except ProblemError as exc:
        # The cookie is useless now; drop it so the browser stops sending it.
        exc.headers = {**(exc.headers or {}), "Set-Cookie": _expired_cookie_header(settings)}
        raise
    _set_refresh_cookie(response, settings, issued)
    return TokenOut(access_token=issued.access_token, expires_in=issued.expires_in)


def _expired_cookie_header(settings: ApiSettings) -> str:
    probe = Response()
    _clear_refresh_cookie(probe, settings)
    return probe.headers["set-cookie"]


@router.post("/logout", operation_id="auth-logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """Sign out: revoke the refresh token's session and clear the cookie."""
    AuthService(session, settings).logout(request.cookies.get(settings.refresh_cookie_name))
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    _clear_refresh_cookie(response, settings)
    return response


@router.get("/me", operation_id="auth-me", response_model=MeOut, responses=problem_responses(401))
def me(principal: CurrentUser) -> MeOut:
    """The signed-in user; `devMode` flags the dev-mode local account."""
    return MeOut(
        id=principal.user_id,
        email=principal.email,
        name=principal.name,
        dev_mode=principal.auth_mode == "dev",
        auth_mode=principal.auth_mode,
        scope=principal.scope,
    )
