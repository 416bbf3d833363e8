"""Small ASGI helpers shared by the app, the chaos faults and the in-memory runner."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Awaitable, Callable
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Headers = list[tuple[bytes, bytes]]

TRANSPORT_EXT = "estoca.transport"
"""Scope extension holding the asyncio transport (set by ``protocol.TransportHttpToolsProtocol``)."""
RUNNER_EXT = "estoca.runner"
"""Scope extension set by the in-memory runner: a dict where connection-level outcomes are recorded."""


class ClientGone(Exception):
    """The client disconnected while the request was being read."""


class BodyTooLarge(Exception):
    """The request body is above ``max_body_bytes``."""


async def read_body(receive: Receive, limit: int) -> bytes:
    """Read the whole request body, refusing it as soon as it grows past ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk = message.get("body", b"")
        if chunk:
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks) if len(chunks) != 1 else chunks[0]


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def wait_or_disconnect(receive: Receive, seconds: float) -> bool:
    """Sleep up to ``seconds``; return True early if the client went away meanwhile.

    Watching ``receive`` also drains (and drops) any request body the endpoint did not read.
    """
    if seconds <= 0:
        return False
    watcher = asyncio.ensure_future(_until_disconnect(receive))
    try:
        done, _ = await asyncio.wait((watcher,), timeout=seconds)
    finally:
        if not watcher.done():
            watcher.cancel()
    return bool(done)


async def send_response(send: Send, status: int, headers: Headers, body: bytes) -> None:
    """A complete response in two messages."""
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def extension(scope: Scope, name: str) -> Any:
    """A scope extension, or None."""
    ext = scope.get("extensions")
    return ext.get(name) if ext else None


def reset_transport(transport: asyncio.Transport) -> None:
    """Close with a TCP RST: SO_LINGER on with a zero timeout, then abort."""
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


def header_value(text: str) -> bytes:
    """Text made safe for a header value: ASCII, no control characters, bounded length."""
    cleaned = "".join(ch if 32 <= ord(ch) < 127 else "?" for ch in text)
    return cleaned[:200].encode("ascii")
