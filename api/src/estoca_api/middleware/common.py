"""Helpers shared by the middlewares: header lookup and a problem answer sent straight over ASGI."""

from __future__ import annotations

import json

from starlette.types import Scope, Send

from estoca_api.problems import PROBLEM_CONTENT_TYPE, problem_body


def header(scope: Scope, name: bytes) -> str | None:
    """The first value of a request header (``name`` in lower case), or ``None``."""
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def send_problem(
    send: Send, scope: Scope, status: int, detail: str, extra_headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Answer with a problem document from inside a middleware (before the app has started a response)."""
    body = json.dumps(problem_body(status, detail, instance=scope.get("path"))).encode()
    headers = [
        (b"content-type", PROBLEM_CONTENT_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
        *(extra_headers or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
