"""The OIDC client (Authlib's Starlette integration): authorize URL, callback and ID-token checks.

Authlib keeps state, nonce and the PKCE verifier in the sign-in session cookie (Starlette's
``SessionMiddleware`` under its own cookie name). On the callback it checks the state, exchanges the code
with the verifier and validates the ID token's signature against the provider's JWKS, its nonce and
expiry. Authlib does not check ``aud`` unless told, so ``claims_options`` makes ``iss`` and ``aud``
essential (it replaces the default ``iss`` option, hence both are given). ``email_verified`` and the
allowed domains/emails are checked here.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Any

import httpx
from joserfc.errors import JoseError
from starlette.requests import Request

from estoca_api.i18n import _
from estoca_api.problems import ProblemError
from estoca_api.settings import ApiSettings

log = logging.getLogger("estoca_api.auth")

with warnings.catch_warnings():
    # Authlib 1.9 announces its move to httpx2/joserfc on import; nothing to act on for us yet, and
    # warnings are errors in the test suite. authlib.deprecate installs an "always" filter when it is
    # first imported, so ours must go in front of it.
    import authlib.deprecate  # noqa: F401

    warnings.simplefilter("ignore", DeprecationWarning)
    from authlib.integrations.starlette_client import OAuth, OAuthError


@dataclass(frozen=True)
class Identity:
    """A verified identity from the provider."""

    email: str
    name: str
    subject: str


class OidcClient:
    """One registered OIDC client; server metadata and keys are fetched once and cached by Authlib."""

    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings
        self.issuer = settings.oidc_issuer.rstrip("/")
        oauth = OAuth()
        oauth.register(
            name="oidc",
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret,
            server_metadata_url=f"{self.issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": settings.oidc_scopes,
                "code_challenge_method": "S256",
                "timeout": settings.oidc_timeout_s,
            },
        )
        self.client: Any = oauth.create_client("oidc")

    async def authorize_url(self, request: Request) -> str:
        """The provider's authorize URL; state, nonce and PKCE verifier go into the sign-in cookie."""
        try:
            data = await self.client.create_authorization_url(self.settings.redirect_url)
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("OIDC discovery failed: %s", exc)
            raise ProblemError(502, _("The sign-in provider could not be reached.")) from exc
        await self.client.save_authorize_data(request, redirect_uri=self.settings.redirect_url, **data)
        return str(data["url"])

    async def identity(self, request: Request) -> Identity:
        """Finish the sign-in: verify everything and return the identity, or raise a problem."""
        claims_options = {
            "iss": {"essential": True, "values": [self.issuer, self.settings.oidc_issuer]},
            "aud": {"essential": True, "value": self.settings.oidc_client_id},
            "exp": {"essential": True},
        }
        try:
            token = await self.client.authorize_access_token(request, claims_options=claims_options)
        except OAuthError as exc:
            log.info("sign-in refused: %s %s", exc.error, exc.description)
            if exc.error == "mismatching_state":
                raise ProblemError(
                    400, _("The sign-in request expired or did not start here; try again."), slug="bad-state"
                ) from exc
            raise ProblemError(
                401, _("The sign-in provider refused the sign-in."), slug="sign-in-failed"
            ) from exc
        except JoseError as exc:
            log.warning("ID token rejected: %s", exc)
            raise ProblemError(401, _("The identity token is not valid."), slug="invalid-id-token") from exc
        except httpx.HTTPError as exc:
            log.warning("sign-in provider error: %s", exc)
            raise ProblemError(502, _("The sign-in provider could not be reached.")) from exc
        userinfo = token.get("userinfo")
        if not userinfo:
            raise ProblemError(401, _("The identity token is not valid."), slug="invalid-id-token")
        return self._check_identity(dict(userinfo))

    def _check_identity(self, claims: dict[str, Any]) -> Identity:
        email = str(claims.get("email") or "").strip().lower()
        verified = claims.get("email_verified")
        if not email or verified not in (True, "true"):
            raise ProblemError(
                403, _("The provider did not confirm this email address."), slug="email-not-verified"
            )
        if not self.allowed(email):
            raise ProblemError(
                403, _("The account {email} is not allowed to sign in.", email=email), slug="not-allowed"
            )
        return Identity(email=email, name=str(claims.get("name") or ""), subject=str(claims.get("sub", "")))

    def allowed(self, email: str) -> bool:
        """Whether the allow-lists admit this email (no lists: every verified email)."""
        domains, emails = self.settings.allowed_domains, self.settings.allowed_emails
        if not domains and not emails:
            return True
        return email in emails or email.rsplit("@", 1)[-1] in domains
