"""A small self-signed OIDC provider for the rejections oidc-provider-mock cannot express.

It serves discovery, JWKS and a token endpoint over real HTTP (uvicorn on a free port) and signs with
joserfc. The test decides what the next ID token looks like (``provider.next_claims`` / ``sign_with``),
e.g. another audience, an expiry in the past or a signature from a key that is not in the JWKS.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


class FakeProvider:
    """State of the fake provider: its key and what the next token endpoint call answers."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "fake-1", "use": "sig", "alg": "RS256"})
        self.sign_with = self.key
        self.base = ""
        self.next_claims: dict[str, Any] = {}

    def app(self) -> Starlette:
        async def discovery(request: Request) -> JSONResponse:
            return JSONResponse(
                {
                    "issuer": self.base,
                    "authorization_endpoint": f"{self.base}/authorize",
                    "token_endpoint": f"{self.base}/token",
                    "jwks_uri": f"{self.base}/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                }
            )

        async def jwks(request: Request) -> JSONResponse:
            return JSONResponse(KeySet([self.key]).as_dict(private=False))

        async def token(request: Request) -> JSONResponse:
            await request.form()
            id_token = jwt.encode({"alg": "RS256", "kid": "fake-1"}, self.next_claims, self.sign_with)
            return JSONResponse(
                {
                    "access_token": "fake-access",
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "id_token": id_token,
                }
            )

        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", discovery),
                Route("/jwks", jwks),
                Route("/token", token, methods=["POST"]),
            ]
        )


@contextmanager
def run_fake_provider() -> Iterator[FakeProvider]:
    """Serve a fake provider on 127.0.0.1 (free port) in a thread for the duration of the block."""
    provider = FakeProvider()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    provider.base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(provider.app(), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the fake OIDC provider did not start")
        time.sleep(0.01)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
