"""The API's settings: one pydantic-settings class, read from ``API_*`` (plus a few conventional names).

``SECRET_KEY``, ``REDIS_URL`` and ``STORAGE`` keep the names the issues and the Helm chart use; every other
setting has the ``API_`` prefix. Production (``API_ENV=production``) refuses to start without a configured
OIDC client and a strong secret, so that a misconfigured deployment fails loudly instead of running in dev
mode or with a guessable signing key.
"""

from __future__ import annotations

import ipaddress
import secrets
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MIN_SECRET_LENGTH = 32
WEAK_SECRETS = frozenset({"changeme", "change-me", "secret", "dev", "development", "test"})

CsvList = Annotated[list[str], NoDecode]


def _split_csv(value: object) -> object:
    """Accept ``a,b,c`` (and JSON lists, which pydantic handles) for list settings from the environment."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json

            return json.loads(text)
        return [item.strip() for item in text.split(",") if item.strip()]
    return value


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts local connections (dev mode is allowed there only)."""
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class ApiSettings(BaseSettings):
    """Settings of the control-plane API (``API_*``, plus ``SECRET_KEY``, ``REDIS_URL`` and ``STORAGE``)."""

    model_config = SettingsConfigDict(env_prefix="API_", extra="ignore", populate_by_name=True)

    env: Literal["development", "production", "test"] = Field(
        "development",
        description="Deployment kind. `production` refuses to start without OIDC settings and a strong "
        "SECRET_KEY.",
    )
    secret_key: str = Field(
        default_factory=lambda: secrets.token_urlsafe(48),
        validation_alias=AliasChoices("SECRET_KEY", "API_SECRET_KEY"),
        description="Key that signs access tokens and the sign-in session cookie (at least 32 characters). "
        "Unset in development: a random key per process, so sessions end at restart.",
    )
    storage: Literal["database", "kubernetes"] = Field(
        "database",
        validation_alias=AliasChoices("STORAGE", "API_STORAGE"),
        description="Where writes go: `database` (PostgreSQL, standalone) or `kubernetes` (MockGroup and "
        "MockEndpoint custom resources).",
    )
    redis_url: str | None = Field(
        None,
        validation_alias=AliasChoices("REDIS_URL", "API_REDIS_URL"),
        description="Redis URL for rate-limit counters shared by every API process. Unset: in memory.",
    )
    bind_host: str = Field(
        "127.0.0.1",
        description="Address the API listens on. Dev mode (no OIDC client) is only allowed on a loopback "
        "address.",
    )
    root_url: str = Field(
        "http://127.0.0.1:8000",
        description="External base URL of the API (scheme, host and port), used to build the OIDC "
        "redirect URL when API_OIDC_REDIRECT_URL is unset.",
    )
    ui_url: str = Field("/", description="Where the browser goes after a successful sign-in (the UI's home).")
    oidc_issuer: str = Field(
        "https://accounts.google.com",
        description="OIDC issuer; its `/.well-known/openid-configuration` is read for endpoints and keys.",
    )
    oidc_client_id: str | None = Field(
        None, description="OAuth client id. Unset: no sign-in provider (dev mode on a loopback bind)."
    )
    oidc_client_secret: str | None = Field(None, description="OAuth client secret.")
    oidc_redirect_url: str | None = Field(
        None,
        description="Redirect (callback) URL registered with the provider; default "
        "`<API_ROOT_URL>/api/auth/callback`.",
    )
    oidc_scopes: str = Field("openid email profile", description="Scopes requested at sign-in.")
    oidc_provider_name: str = Field("Google", description="Provider name shown on the sign-in button.")
    oidc_timeout_s: float = Field(10.0, gt=0, description="Timeout of calls to the provider (seconds).")
    allowed_domains: CsvList = Field(
        default_factory=list,
        description="Email domains allowed to sign in (comma-separated). Empty with empty "
        "API_ALLOWED_EMAILS: every verified email.",
    )
    allowed_emails: CsvList = Field(
        default_factory=list, description="Single email addresses allowed to sign in (comma-separated)."
    )
    access_token_ttl_s: int = Field(
        900, ge=30, le=86400, description="Lifetime of an access token (seconds)."
    )
    refresh_token_ttl_days: int = Field(
        14, ge=1, le=365, description="Lifetime of a refresh token; each refresh rotates it (days)."
    )
    refresh_reuse_grace_s: int = Field(
        5,
        ge=0,
        le=60,
        description="A refresh token rotated less than this long ago is still accepted (two tabs "
        "refreshing at once); later reuse revokes the whole session (seconds).",
    )
    api_token_max_days: int = Field(
        365, ge=1, le=3650, description="Longest lifetime a personal API token can be given (days)."
    )
    cookie_secure: bool = Field(
        True,
        description="Mark the refresh and sign-in cookies `Secure` (HTTPS only). Unset in dev mode: off, so "
        "sign-in works over plain HTTP on this machine.",
    )
    refresh_cookie_name: str = Field("estoca_refresh", description="Name of the refresh-token cookie.")
    session_cookie_name: str = Field(
        "estoca_signin",
        description="Name of the short-lived cookie holding OIDC state, nonce and PKCE verifier.",
    )
    dev_user_email: str = Field("developer@localhost", description="Email of the dev-mode local account.")
    dev_user_name: str = Field("Local developer", description="Name of the dev-mode local account.")
    cors_origins: CsvList = Field(
        default_factory=list,
        description="Origins allowed to call the API from a browser (comma-separated). "
        "Empty: same origin only.",
    )
    max_body_bytes: int = Field(
        1_048_576, ge=1024, description="Largest request body accepted; larger ones get 413 (bytes)."
    )
    rate_limit_per_minute: int = Field(
        600, ge=1, description="Requests per minute allowed to one user or API token on /api."
    )
    rate_limit_ip_per_minute: int = Field(
        1200, ge=1, description="Requests per minute allowed from one client IP on /api."
    )
    test_timeout_s: float = Field(
        10.0, gt=0, le=120, description="Upper bound of one test run of an endpoint (seconds)."
    )
    docs_enabled: bool = Field(True, description="Serve /docs, /redoc and /openapi.json.")

    _split = field_validator("allowed_domains", "allowed_emails", "cors_origins", mode="before")(_split_csv)

    @field_validator("allowed_domains", "allowed_emails")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [item.lower().lstrip("@") for item in value]

    @model_validator(mode="after")
    def _production_is_configured(self) -> ApiSettings:
        if "cookie_secure" not in self.model_fields_set and self.dev_mode:
            # Dev mode only serves this machine over plain HTTP; a Secure cookie would never come back.
            object.__setattr__(self, "cookie_secure", False)
        if self.env != "production":
            return self
        problems = []
        if not (self.oidc_client_id and self.oidc_client_secret):
            problems.append("API_OIDC_CLIENT_ID and API_OIDC_CLIENT_SECRET must be set")
        if len(self.secret_key) < MIN_SECRET_LENGTH or self.secret_key.lower() in WEAK_SECRETS:
            problems.append(
                f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_LENGTH} characters"
            )
        if problems:
            raise ValueError("production settings are incomplete: " + "; ".join(problems))
        return self

    @property
    def oidc_configured(self) -> bool:
        """Whether a sign-in provider is configured."""
        return bool(self.oidc_client_id)

    @property
    def dev_mode(self) -> bool:
        """Dev mode: no provider configured and a loopback bind, so only this machine can sign in."""
        return not self.oidc_configured and is_loopback(self.bind_host)

    @property
    def redirect_url(self) -> str:
        """The OIDC callback URL."""
        return self.oidc_redirect_url or self.root_url.rstrip("/") + "/api/auth/callback"


@lru_cache(maxsize=1)
def get_api_settings() -> ApiSettings:
    """The process-wide settings (cached; tests build their own ``ApiSettings``)."""
    return ApiSettings()
