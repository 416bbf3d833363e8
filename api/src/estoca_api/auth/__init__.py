"""Sign-in (OIDC or dev mode), access tokens, rotating refresh tokens and the current principal."""
