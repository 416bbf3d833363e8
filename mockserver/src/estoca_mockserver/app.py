"""The data plane: a pure-ASGI app over an immutable routing table.

The hot path (a static endpoint with no contract, delay or chaos rate) is one dict lookup, one method
lookup and two sends of precomputed messages. Everything that costs is reserved for the endpoints that
need it (contract, generated body, delay, chaos) or for misses (404 with suggestions, 405, 413).
"""

from __future__ import annotations

import logging
import random
from bisect import bisect_left
from collections.abc import Iterable
from time import perf_counter
from typing import Any, Protocol
from urllib.parse import unquote_plus

import orjson

from estoca_mockserver.asgi import (
    BodyTooLarge,
    ClientGone,
    Headers,
    Receive,
    Scope,
    Send,
    read_body,
    send_response,
    wait_or_disconnect,
)
from estoca_mockserver.chaos import FAULT_HEADER, Chaos, pick_fault
from estoca_mockserver.compile import CompiledEndpoint
from estoca_mockserver.metrics import BUCKETS, Metrics
from estoca_mockserver.problem import problem
from estoca_mockserver.router import EMPTY_TABLE, Route, RoutingTable, build_table
from estoca_mockserver.settings import MockServerSettings

log = logging.getLogger("estoca_mockserver")

SEED_HEADER = b"x-chaos-seed"
NONE_FAULT = b"none"
_TEXT = [(b"content-type", b"text/plain; charset=utf-8")]
_METRICS_CT = [(b"content-type", b"text/plain; version=0.0.4; charset=utf-8")]


class Loader(Protocol):
    """Keeps the app's routing table in step with the database (see ``reload.Reloader``)."""

    def start(self) -> None: ...
    def stop(self) -> None: ...


class MockServerApp:
    """ASGI application serving compiled endpoints, their chaos variants and the operational routes."""

    def __init__(self, settings: MockServerSettings | None = None, loader: Loader | None = None) -> None:
        self.settings = settings or MockServerSettings()
        self.table: RoutingTable = EMPTY_TABLE
        self.ready = False
        self.metrics = Metrics()
        self.chaos = Chaos(self.settings)
        self.loader = loader
        self.rng = random.Random()
        self.max_body = self.settings.max_body_bytes
        self.requests = self.metrics.requests

    # -- configuration ---------------------------------------------------------------------------------
    def set_endpoints(self, endpoints: Iterable[CompiledEndpoint], *, ready: bool = True) -> None:
        """Swap in a new routing table; requests in flight keep the one they started with."""
        eps = list(endpoints)
        for ep in eps:
            ep.hist = self.metrics.histogram(ep.group, ep.name)
        table = build_table(eps)
        self.metrics.endpoints = len(table.endpoints)
        self.table = table
        if ready:
            self.ready = True

    # -- ASGI ------------------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self._lifespan(receive, send)
            return
        t0 = perf_counter()
        path = scope["path"]
        table = self.table
        route = table.static.get(path)
        values: list[str] | None = None
        if route is None:
            match = table.match(path)
            if match is None:
                await self._miss(scope, send, table, path)
                return
            route, values = match
        method = scope["method"]
        ce = route.methods.get(method)
        if ce is None and (method != "HEAD" or (ce := route.methods.get("GET")) is None):
            await self._not_allowed(send, route, method)
            return
        if ce.simple and not route.chaos:
            for name, value in scope["headers"]:  # a few headers: cheaper than a dict
                if name == b"content-length":
                    if value.isdigit() and int(value) > self.max_body:
                        await self._too_large(send)
                        return
                    break
            await send(ce.start_message)
            await send(ce.body_message)
            # metrics inlined: no call, no allocation (the key is precomputed)
            requests = self.requests
            key = ce.ok_key
            requests[key] = requests.get(key, 0) + 1
            hist = ce.hist
            elapsed = perf_counter() - t0
            hist.counts[bisect_left(BUCKETS, elapsed)] += 1
            hist.total += elapsed
            return
        await self._serve(scope, receive, send, ce, route, values, t0)

    async def _serve(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        route: Route,
        values: list[str] | None,
        t0: float,
    ) -> None:
        """Every endpoint that is not a plain static answer: contract, generation, delay, chaos."""
        seed_raw: bytes | None = None
        length: bytes | None = None
        headers: dict[str, str] | None = None
        if ce.contract is not None:
            # one pass: the contract's header dict, from which the seed and length are read
            headers = _header_dict(scope["headers"])
            seed_text = headers.get("x-chaos-seed")
            seed_raw = seed_text.encode("latin-1") if seed_text is not None else None
            length_text = headers.get("content-length")
            length = length_text.encode("latin-1") if length_text is not None else None
        else:
            for name, value in scope["headers"]:
                if name == SEED_HEADER:
                    seed_raw = value
                elif name == b"content-length":
                    length = value
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await self._too_large(send)
            return
        rng = self.rng if seed_raw is None else random.Random(_seed(seed_raw))
        fault: str | None = None
        if route.chaos:
            if not ce.chaos_enabled:
                await self._respond(
                    send,
                    *problem(
                        404,
                        "chaos-disabled",
                        "Chaos is disabled",
                        f"Chaos is disabled for {ce.full_path} ({ce.name}).",
                    ),
                )
                return
            fault = "none" if rng.random() < ce.pass_through else pick_fault(ce, rng)
        elif ce.rate and rng.random() < ce.rate:
            fault = pick_fault(ce, rng)
        body: bytes | None = None
        try:
            if ce.reads_body:
                body = await read_body(receive, self.max_body) or None
        except BodyTooLarge:
            await self._too_large(send)
            return
        except ClientGone:
            return
        real = None
        if ce.contract is not None:
            assert headers is not None
            query = parse_query(scope["query_string"])
            violations = ce.contract.check(query, headers, body, headers.get("content-type"))
            if violations:
                status, err_headers, err_body = ce.contract.error_response(violations, rng)
                real = (status, _encode_headers(err_headers, len(err_body)), err_body)
        if ce.delay_max_s > 0:
            wait = rng.uniform(ce.delay_min_s, ce.delay_max_s)
            if await wait_or_disconnect(receive, wait):
                self._count(ce, 0, fault or "", t0)
                return
        if real is None and fault not in ("reset", "empty", "timeout", "error", "status"):
            real = self._real(ce, rng)
        if fault is None or fault == "none":
            assert real is not None
            status, headers_out, body_out = real
            if fault is not None:
                headers_out = [*headers_out, (FAULT_HEADER, NONE_FAULT)]
            await send_response(send, status, headers_out, body_out)
            self._count(ce, status, fault or "", t0)
            return
        fixed = real
        sent = await self.chaos.run(
            fault, scope, receive, send, ce, rng, lambda: fixed or self._real(ce, rng)
        )
        self._count(ce, sent, fault, t0)

    def _real(self, ce: CompiledEndpoint, rng: random.Random) -> tuple[int, Headers, bytes]:
        """The normal response: static, or freshly generated from the schema."""
        if ce.generator is None:
            return ce.status, ce.start_message["headers"], ce.static_body or b""
        body = orjson.dumps(ce.generator(rng))
        return ce.status, [*ce.headers, (b"content-length", str(len(body)).encode())], body

    def _count(self, ce: CompiledEndpoint, status: int, fault: str, t0: float) -> None:
        self.metrics.count((ce.group, ce.name, status, fault))
        ce.hist.observe(perf_counter() - t0)

    # -- misses and operational routes -----------------------------------------------------------------
    async def _miss(self, scope: Scope, send: Send, table: RoutingTable, path: str) -> None:
        if path == "/healthz":
            await self._respond(send, 200, [*_TEXT, (b"content-length", b"2")], b"ok")
        elif path == "/readyz":
            if self.ready:
                body = orjson.dumps({"status": "ready", "endpoints": len(table.endpoints)})
                await self._respond(send, 200, [(b"content-type", b"application/json")], body)
            else:
                await self._respond(
                    send,
                    *problem(
                        503, "not-ready", "Not ready", "The mock configuration has not been loaded yet."
                    ),
                )
        elif path == "/metrics":
            await self._respond(send, 200, _METRICS_CT, self.metrics.render())
        else:
            group = path.split("/", 2)[1] if path.count("/") else ""
            nearest = table.nearest(path)
            if group not in table.groups:
                detail = f"No mock group {group!r} is served here." if group else "No mock is served at '/'."
                if nearest:
                    nearest = [g + "/..." for g in nearest]
            else:
                detail = f"No mock in group {group!r} matches {path!r}."
            if nearest:
                detail += " Did you mean " + ", ".join(nearest) + "?"
            self.metrics.count(("", "", 404, ""))
            await self._respond(
                send, *problem(404, "not-found", "No such mock", detail, path=path, nearest=nearest)
            )

    async def _not_allowed(self, send: Send, route: Route, method: str) -> None:
        allowed = route.allow.decode()
        await self._respond(
            send,
            *problem(
                405,
                "method-not-allowed",
                "Method not allowed",
                f"{method} is not configured here; allowed: {allowed}.",
                headers=[(b"allow", route.allow)],
                allowed=allowed.split(", "),
            ),
        )

    async def _too_large(self, send: Send) -> None:
        await self._respond(
            send,
            *problem(
                413,
                "body-too-large",
                "Request body too large",
                f"The request body is larger than {self.max_body} bytes (MOCKSERVER_MAX_BODY_BYTES).",
            ),
        )

    @staticmethod
    async def _respond(send: Send, status: int, headers: Headers, body: bytes) -> None:
        if not any(k == b"content-length" for k, _ in headers):
            headers = [*headers, (b"content-length", str(len(body)).encode())]
        await send_response(send, status, headers, body)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    if self.loader is not None:
                        self.loader.start()
                    else:
                        self.ready = True
                except Exception as exc:  # reported to the server, which exits
                    log.exception("mockserver start-up failed")
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.loader is not None:
                    self.loader.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return


def _seed(raw: bytes) -> int:
    """``X-Chaos-Seed`` as an integer; any other text is hashed stably into one."""
    try:
        return int(raw)
    except ValueError:
        return int.from_bytes(raw[:32], "big")


def _header_dict(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Request headers by name (ASGI servers lower-case names); repeated headers are joined with ', '."""
    out: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1")
        if key in out:
            out[key] = out[key] + ", " + value.decode("latin-1")
        else:
            out[key] = value.decode("latin-1")
    return out


def parse_query(raw: bytes) -> dict[str, list[str]]:
    """``parse_qs`` with blank values kept, without its per-call overhead for plain ASCII queries."""
    out: dict[str, list[str]] = {}
    if not raw:
        return out
    text = raw.decode("latin-1")
    escaped = "%" in text or "+" in text
    for part in text.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        if escaped:
            name = unquote_plus(name)
            value = unquote_plus(value)
        values = out.get(name)
        if values is None:
            out[name] = [value]
        else:
            values.append(value)
    return out


def _encode_headers(headers: Any, length: int) -> Headers:
    """Contract error headers as ASGI pairs (whatever shape ``error_response`` used), with Content-Length."""
    items = headers.items() if isinstance(headers, dict) else headers
    out: Headers = []
    for name, value in items:
        key = name.lower() if isinstance(name, bytes) else name.lower().encode("latin-1")
        if key != b"content-length":
            out.append((key, value if isinstance(value, bytes) else str(value).encode("latin-1")))
    out.append((b"content-length", str(length).encode()))
    return out
