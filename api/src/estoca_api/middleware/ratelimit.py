"""Rate limits on ``/api``: per user or token and per client IP, fixed one-minute windows.

Counters live in Redis when ``REDIS_URL`` is set, so every API process shares them, and in memory
otherwise. The identity key is a hash of the bearer credential, so the limit follows a user's access token
or an API token; a valid access token is keyed by its user (an HMAC check, no database), so refreshing does
not buy a new budget, and an invalid token is limited like any other credential. A Redis
outage lets requests through (logged): the limits protect the service, they must not take it down.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import time
from collections.abc import Callable
from typing import Any, Protocol

from starlette.types import ASGIApp, Receive, Scope, Send

from estoca_api.i18n import _
from estoca_api.middleware.common import header, send_problem

log = logging.getLogger("estoca_api.ratelimit")
WINDOW_S = 60
EXEMPT_PATHS = ("/api/healthz", "/api/readyz")


class RateLimitBackend(Protocol):
    """Counts hits of a key in the current window."""

    async def hit(self, key: str, limit: int) -> int:
        """Count one hit; return 0 when allowed, else the seconds until the window ends."""

    async def aclose(self) -> None:
        """Release connections (at app shutdown)."""


def _window(now: float) -> tuple[int, int]:
    window = int(now // WINDOW_S)
    retry_after = max(1, math.ceil((window + 1) * WINDOW_S - now))
    return window, retry_after


class MemoryBackend:
    """Counters in this process (one event loop, so no lock is needed)."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, int]] = {}

    async def hit(self, key: str, limit: int) -> int:
        window, retry_after = _window(time.time())
        start, count = self._counts.get(key, (window, 0))
        if start != window:
            count = 0
            if len(self._counts) > 10_000:
                self._counts = {k: v for k, v in self._counts.items() if v[0] == window}
        count += 1
        self._counts[key] = (window, count)
        return retry_after if count > limit else 0

    async def aclose(self) -> None:
        self._counts.clear()


class RedisBackend:
    """Counters in Redis: INCR + EXPIRE on a key per window, shared by every API process."""

    def __init__(self, url: str, prefix: str = "estoca:ratelimit:") -> None:
        self.url = url
        self.prefix = prefix
        self._clients: dict[int, Any] = {}

    def _client(self) -> Any:
        import redis.asyncio as aioredis

        loop_id = id(asyncio.get_running_loop())
        client = self._clients.get(loop_id)
        if client is None:
            client = aioredis.from_url(self.url, socket_timeout=1.0, socket_connect_timeout=1.0)
            self._clients[loop_id] = client
        return client

    async def aclose(self) -> None:
        """Close the client of the running event loop (each loop has its own connections)."""
        client = self._clients.pop(id(asyncio.get_running_loop()), None)
        if client is not None:
            await client.aclose()

    async def hit(self, key: str, limit: int) -> int:
        import redis

        window, retry_after = _window(time.time())
        name = f"{self.prefix}{key}:{window}"
        try:
            async with self._client().pipeline(transaction=True) as pipe:
                pipe.incr(name)
                pipe.expire(name, WINDOW_S * 2)
                count, _ok = await pipe.execute()
        except (redis.RedisError, OSError) as exc:
            log.warning("rate limit store unavailable, request allowed: %s", exc)
            return 0
        return retry_after if int(count) > limit else 0


def make_backend(redis_url: str | None) -> RateLimitBackend:
    """Redis when configured, else memory."""
    return RedisBackend(redis_url) if redis_url else MemoryBackend()


class RateLimitMiddleware:
    """Answers 429 with ``Retry-After`` when the IP or the credential is over its limit."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        backend: RateLimitBackend,
        per_identity: int,
        per_ip: int,
        identify: Callable[[str], str | None] | None = None,
    ) -> None:
        self.app = app
        self.backend = backend
        self.per_identity = per_identity
        self.per_ip = per_ip
        self.identify = identify

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/") or path in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        ip = client[0] if client else "unknown"
        retry_after = await self.backend.hit(f"ip:{ip}", self.per_ip)
        credential = header(scope, b"authorization")
        if not retry_after and credential:
            user = self.identify(credential) if self.identify else None
            key = f"user:{user}" if user else "id:" + hashlib.sha256(credential.encode()).hexdigest()[:32]
            retry_after = await self.backend.hit(key, self.per_identity)
        if retry_after:
            await send_problem(
                send,
                scope,
                429,
                _("Too many requests; try again in {seconds} seconds.", seconds=retry_after),
                [(b"retry-after", str(retry_after).encode())],
            )
            return
        await self.app(scope, receive, send)
