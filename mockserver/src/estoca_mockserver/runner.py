"""Run one request through the mockserver's own code path, in memory (the API's "test" route).

The endpoint is compiled exactly as the server compiles it and the request goes through the same
``MockServerApp``; sends are captured instead of written to a socket. Connection-level chaos outcomes
(reset, empty close, truncation, timeout) cannot be seen on an in-memory call, so the app records them
in the ``estoca.runner`` scope extension. Everything is bounded by ``timeout_s``.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote, urlencode

from estoca_mockserver.app import MockServerApp
from estoca_mockserver.asgi import RUNNER_EXT, Message
from estoca_mockserver.compile import RecordLike, compile_endpoint
from estoca_mockserver.settings import MockServerSettings

Outcome = Literal["response", "reset", "empty", "timeout", "truncated"]


@dataclass(frozen=True)
class TestResult:
    """What a client would have seen."""

    __test__ = False  # not a pytest test class

    url: str
    status: int | None
    headers: list[tuple[str, str]]
    body: bytes
    elapsed_ms: float
    fault: str | None
    outcome: Outcome


def _fill(path: str, params: tuple[str, ...], values: dict[str, str]) -> str:
    missing = [p for p in params if p not in values or values[p] == ""]
    if missing:
        raise ValueError(f"path_params: missing value for {', '.join('{' + m + '}' for m in missing)}")
    for name in params:
        path = path.replace("{" + name + "}", str(values[name]))
    return path


async def run_test_request(
    record: RecordLike,
    *,
    mode: Literal["normal", "chaos"] = "normal",
    path_params: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    body: str | None = None,
    seed: int | None = None,
    timeout_s: float = 10.0,
    settings: MockServerSettings | None = None,
) -> TestResult:
    """Send one request to ``record`` (normal path or ``/chaos``) and report what came back.

    Raises ``ValueError`` for a bad ``mode`` or a missing path parameter.
    """
    if mode not in ("normal", "chaos"):
        raise ValueError(f"mode: must be 'normal' or 'chaos', got {mode!r}")
    from estoca_core.settings import get_settings

    ce = compile_endpoint(record)
    raw_path = _fill(ce.full_path, ce.params, path_params or {})
    path = raw_path + ("/chaos" if mode == "chaos" else "")
    query_string = urlencode(query or {})
    url = (
        get_settings().public_url.rstrip("/")
        + quote(path, safe="/:@!$&'()*+,;=-._~")
        + ("?" + query_string if query_string else "")
    )
    app = MockServerApp(settings or MockServerSettings())
    app.set_endpoints([ce])
    payload = body.encode() if body is not None else b""
    raw_headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    if payload and not any(k == b"content-length" for k, _ in raw_headers):
        raw_headers.append((b"content-length", str(len(payload)).encode()))
    if seed is not None:
        raw_headers = [(k, v) for k, v in raw_headers if k != b"x-chaos-seed"]
        raw_headers.append((b"x-chaos-seed", str(seed).encode()))
    record_out: dict[str, Any] = {}
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": ce.method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query_string.encode(),
        "headers": raw_headers,
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
        "extensions": {RUNNER_EXT: record_out},
    }
    loop = asyncio.get_running_loop()
    started = loop.time()
    deadline = started + timeout_s
    sent_body = False
    status: int | None = None
    out_headers: list[tuple[str, str]] = []
    chunks: list[bytes] = []
    complete = False

    async def receive() -> Message:
        nonlocal sent_body
        if not sent_body:
            sent_body = True
            return {"type": "http.request", "body": payload, "more_body": False}
        await asyncio.sleep(max(0.0, deadline - loop.time()))
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status, out_headers, complete
        if message["type"] == "http.response.start":
            status = message["status"]
            out_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in message.get("headers", [])]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            complete = not message.get("more_body", False)

    t0 = time.perf_counter()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(app(scope, receive, send), timeout=timeout_s + 1.0)
    elapsed_ms = (time.perf_counter() - t0) * 1000.0
    outcome: Outcome
    if "outcome" in record_out:
        outcome = record_out["outcome"]
    elif complete:
        outcome = "response"
    else:
        outcome = "timeout"
    fault = record_out.get("fault")
    if fault is None:
        fault = next((v for k, v in out_headers if k == "x-chaos-fault"), None)
    return TestResult(
        url=url,
        status=status,
        headers=out_headers,
        body=b"".join(chunks),
        elapsed_ms=elapsed_ms,
        fault=fault,
        outcome=outcome,
    )
