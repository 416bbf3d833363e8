"""Test helpers for the mockserver tests: endpoint records without a database, in-memory ASGI calls, and
a real uvicorn server (with the transport-exposing protocol) on a free port in a background thread."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from estoca_core.spec import MockEndpointSpec
from estoca_mockserver.app import MockServerApp
from estoca_mockserver.compile import CompiledEndpoint, compile_endpoint
from estoca_mockserver.settings import MockServerSettings


@dataclass(frozen=True)
class Record:
    """Shaped like estoca_core.repository.EndpointRecord (the fields the mockserver reads)."""

    spec: MockEndpointSpec
    name: str = "ep"
    group: str = "erp"
    namespace: str = "default"
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    group_id: uuid.UUID = field(default_factory=lambda: uuid.UUID(int=1))


def record(name: str = "ep", group: str = "erp", **spec: Any) -> Record:
    spec.setdefault("group", group)
    return Record(spec=MockEndpointSpec.model_validate(spec), name=name, group=group)


def compiled(name: str = "ep", group: str = "erp", **spec: Any) -> CompiledEndpoint:
    return compile_endpoint(record(name, group, **spec))


@dataclass
class Reply:
    status: int | None
    headers: list[tuple[bytes, bytes]]
    body: bytes
    complete: bool

    def header(self, name: str) -> str | None:
        key = name.lower().encode()
        return next((v.decode() for k, v in self.headers if k == key), None)


async def call(
    app: Any,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    query: str = "",
    chunks: list[bytes] | None = None,
    disconnect_after: float = 5.0,
) -> Reply:
    """One in-memory ASGI request; the client 'disconnects' after ``disconnect_after`` seconds."""
    parts = list(chunks) if chunks is not None else [body]
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": raw,
        "http_version": "1.1",
        "scheme": "http",
        "root_path": "",
    }
    out = Reply(None, [], b"", False)

    async def receive() -> dict[str, Any]:
        if parts:
            chunk = parts.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(parts)}
        await asyncio.sleep(disconnect_after)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out.status = message["status"]
            out.headers = list(message.get("headers", []))
        else:
            out.body += message.get("body", b"")
            out.complete = not message.get("more_body", False)

    await app(scope, receive, send)
    return out


def make_app(*endpoints: CompiledEndpoint, **settings: Any) -> MockServerApp:
    app = MockServerApp(MockServerSettings(**settings))
    app.set_endpoints(endpoints)
    return app


@dataclass
class LiveServer:
    host: str
    port: int
    app: Any

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def serve_in_thread(app: Any, settings: MockServerSettings) -> Iterator[LiveServer]:
    import uvicorn

    from estoca_mockserver.server import bind, uvicorn_config

    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn_config(app, settings, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield LiveServer("127.0.0.1", port, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def raw_request(port: int, request: bytes, timeout: float = 10.0) -> bytes:
    """Send raw bytes and read until the server closes; raises ConnectionResetError on RST."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return data
            data += chunk
