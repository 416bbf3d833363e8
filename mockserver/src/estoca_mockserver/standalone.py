"""One port for the whole product (``estoca-mock up``): the control-plane API and the mocks.

A tiny ASGI dispatcher: ``/api``, ``/docs``, ``/redoc`` and ``/openapi.json`` go to the API app (when
``estoca_api`` provides ``estoca_api.app.create_app()``), everything else to the mockserver. Group
names that would shadow these prefixes are refused by the spec, so the split is unambiguous.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from estoca_mockserver.asgi import Message, Receive, Scope, Send

log = logging.getLogger("estoca_mockserver.standalone")

API_PREFIXES = ("/api/", "/docs/", "/redoc/")
API_PATHS = frozenset({"/api", "/docs", "/redoc", "/openapi.json"})


def load_api_app() -> Any | None:
    """``estoca_api.app.create_app()`` when the API package provides it, else None (mocks only)."""
    try:
        from estoca_api.app import create_app
    except ImportError as exc:
        log.info("control-plane API not available, serving mocks only: %s", exc)
        return None
    return create_app()


class _Lifespan:
    """Drive one sub-application's lifespan protocol from the dispatcher's."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.inbox: asyncio.Queue[Message] = asyncio.Queue()
        self.outbox: asyncio.Queue[Message] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None
        self.unsupported = False

    async def _run(self, scope: Scope) -> None:
        try:
            await self.app(scope, self.inbox.get, self.outbox.put)
        except Exception as exc:  # an app without lifespan support may raise; treat as "no lifespan"
            log.debug("sub-app lifespan ended: %s", exc)
            await self.outbox.put({"type": "lifespan.unsupported"})

    async def step(self, scope: Scope, kind: str) -> Message:
        if self.unsupported:
            return {"type": f"lifespan.{kind}.complete"}
        if self.task is None:
            self.task = asyncio.ensure_future(self._run(scope))
        await self.inbox.put({"type": f"lifespan.{kind}"})
        reply = await self.outbox.get()
        if reply["type"] == "lifespan.unsupported":
            self.unsupported = True
            return {"type": f"lifespan.{kind}.complete"}
        return reply


class Standalone:
    """ASGI dispatcher between the API and the mockserver, with a combined lifespan."""

    def __init__(self, mocks: Any, api: Any | None) -> None:
        self.mocks = mocks
        self.api = api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if self.api is not None and (path in API_PATHS or path.startswith(API_PREFIXES)):
            await self.api(scope, receive, send)
        else:
            await self.mocks(scope, receive, send)

    async def _lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        apps = [_Lifespan(a) for a in (self.mocks, self.api) if a is not None]
        while True:
            message = await receive()
            kind = message["type"].removeprefix("lifespan.")
            for sub in apps:
                reply = await sub.step(scope, kind)
                if reply["type"].endswith(".failed"):
                    await send({"type": f"lifespan.{kind}.failed", "message": reply.get("message", "")})
                    return
            await send({"type": f"lifespan.{kind}.complete"})
            if kind == "shutdown":
                return
