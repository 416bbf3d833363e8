"""The chaos fault catalogue: each fault is a coroutine that answers (or refuses to answer) one request.

Every wait is bounded by a setting and ends early when the client disconnects. Faults that act on the
connection itself (reset, empty, timeout, truncate) need the asyncio transport, which the bundled uvicorn
protocol puts into the scope; the in-memory runner instead records the outcome in its scope extension.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

import orjson

from estoca_mockserver.asgi import (
    RUNNER_EXT,
    TRANSPORT_EXT,
    Headers,
    Receive,
    Scope,
    Send,
    extension,
    header_value,
    reset_transport,
    send_response,
    wait_or_disconnect,
)
from estoca_mockserver.compile import JSON_CT, CompiledEndpoint
from estoca_mockserver.problem import problem
from estoca_mockserver.settings import MockServerSettings

log = logging.getLogger("estoca_mockserver.chaos")

FAULT_HEADER = b"x-chaos-fault"
DETAIL_HEADER = b"x-chaos-detail"
ERROR_STATUSES = (500, 502, 503, 504)
STATUS_CHOICES = (400, 401, 403, 404, 409, 410, 422, 429, 500, 501, 503, 204)
RealResponse = Callable[[], tuple[int, Headers, bytes]]


def pick_fault(ce: CompiledEndpoint, rng: random.Random) -> str:
    """Choose a fault by weight: one random number and one bisect into the cumulative table."""
    cumulative = ce.chaos_cumulative
    index = bisect_right(cumulative, rng.random() * cumulative[-1])
    return ce.chaos_faults[min(index, len(cumulative) - 1)]


def _tagged(headers: Headers, fault: str, detail: str | None = None) -> Headers:
    out = [*headers, (FAULT_HEADER, fault.encode())]
    if detail:
        out.append((DETAIL_HEADER, header_value(detail)))
    return out


def _with_length(headers: Headers, length: int) -> Headers:
    return [(k, v) for k, v in headers if k != b"content-length"] + [
        (b"content-length", str(length).encode())
    ]


class Chaos:
    """Runs faults with the caps of one ``MockServerSettings``."""

    def __init__(self, settings: MockServerSettings) -> None:
        self.settings = settings

    async def run(
        self,
        fault: str,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        """Apply ``fault``; return the status sent (0 when no response was sent)."""
        log.info(
            "chaos fault %s on %s %s",
            fault,
            ce.method,
            ce.full_path,
            extra={"fault": fault, "group": ce.group, "endpoint": ce.name},
        )
        runner = extension(scope, RUNNER_EXT)
        if runner is not None:
            runner["fault"] = fault
        handler = getattr(self, "_" + fault)
        status: int = await handler(scope, receive, send, ce, rng, real)
        return status

    # -- faults that answer ---------------------------------------------------------------------------
    async def _error(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        code = rng.choice(ERROR_STATUSES)
        extra: Headers = [(b"retry-after", str(rng.randint(1, 30)).encode())] if code == 503 else []
        status, headers, body = problem(
            code,
            "chaos-error",
            "Injected server error",
            f"Chaos fault 'error' answered {code}.",
            headers=extra,
        )
        await send_response(send, status, _tagged(headers, "error"), body)
        return status

    async def _status(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        code = rng.choice(STATUS_CHOICES)
        if code == 204:
            await send_response(send, 204, _tagged([], "status"), b"")
            return 204
        status, headers, body = problem(
            code, "chaos-status", "Injected unexpected status", f"Chaos fault 'status' answered {code}."
        )
        await send_response(send, status, _tagged(headers, "status"), body)
        return status

    async def _slow(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        s = self.settings
        wait = rng.uniform(min(s.chaos_slow_min_s, s.chaos_slow_cap_s), s.chaos_slow_cap_s)
        return await self._late(receive, send, real, wait, "slow")

    async def _delay(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        s = self.settings
        low = min(s.chaos_delay_min_ms, s.chaos_delay_max_ms)
        wait = rng.uniform(low, s.chaos_delay_max_ms) / 1000.0
        return await self._late(receive, send, real, min(wait, s.chaos_timeout_cap_s), "delay")

    async def _late(self, receive: Receive, send: Send, real: RealResponse, wait: float, fault: str) -> int:
        status, headers, body = real()
        if await wait_or_disconnect(receive, wait):
            return 0
        await send_response(send, status, _tagged(headers, fault, f"waited {wait * 1000:.0f} ms"), body)
        return status

    async def _body(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
        fault: str = "body",
    ) -> int:
        status, headers, body = real()
        variant = rng.choice(("not-json", "cut", "random-bytes"))
        if variant == "not-json":
            bad = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
        elif variant == "cut":
            source = body if len(body) >= 2 else b'{"id": 1, "status": "shipped"}'
            bad = source[: max(1, len(source) // 2)]
        else:
            bad = rng.randbytes(rng.randint(16, 64))
        if status in (204, 304) or status < 200:
            status = 200
            headers = [(b"content-type", ce.content_type), *headers]
        await send_response(send, status, _tagged(_with_length(headers, len(bad)), fault, variant), bad)
        return status

    async def _contract(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        schema = ce.contract_schema()
        if schema is None:
            # a text body has no schema to break: break it as a body, named as the fault asked
            return await self._body(scope, receive, send, ce, rng, real, fault="contract")
        from estoca_core.datagen import violate

        value: Any = ce.generator(rng) if ce.generator is not None else ce.static_value
        bad, description = violate(value, schema, rng)
        body = orjson.dumps(bad)
        status = ce.status if ce.status not in (204, 304) and ce.status >= 200 else 200
        headers = [(b"content-type", ce.content_type or JSON_CT)] + [
            (k, v) for k, v in ce.headers if k != b"content-type"
        ]
        await send_response(
            send, status, _tagged(_with_length(headers, len(body)), "contract", description), body
        )
        return status

    async def _header(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        status, headers, body = real()
        variant = rng.choice(("missing-content-type", "wrong-content-type", "duplicated", "garbage"))
        rest = [(k, v) for k, v in headers if k != b"content-type"]
        ct = next((v for k, v in headers if k == b"content-type"), JSON_CT)
        if variant == "missing-content-type":
            out = rest
        elif variant == "wrong-content-type":
            out = [(b"content-type", b"text/html; charset=iso-8859-1" if b"json" in ct else JSON_CT), *rest]
        elif variant == "duplicated":
            out = [(b"content-type", ct), (b"content-type", b"text/xml"), *rest, *rest[:1]]
        else:
            junk = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789;=,/ ") for _ in range(24))
            out = [
                (b"content-type", b"application/x-" + junk.strip().encode()),
                *rest,
                (b"x-garbage", junk.encode()),
            ]
        await send_response(send, status, _tagged(out, "header", variant), body)
        return status

    async def _dribble(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        s = self.settings
        status, headers, body = real()
        pause = s.chaos_dribble_pause_ms / 1000.0
        max_chunks = max(1, int(s.chaos_dribble_cap_s / pause))
        size = max(rng.randint(4, 16), math.ceil(len(body) / max_chunks))
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": _tagged(_with_length(headers, len(body)), "dribble", f"{size}-byte chunks"),
            }
        )
        for start in range(0, len(body), size):
            await send({"type": "http.response.body", "body": body[start : start + size], "more_body": True})
            if await wait_or_disconnect(receive, pause):
                await self._drop(scope, receive, "timeout")
                return status
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return status

    # -- faults that break the connection -------------------------------------------------------------
    async def _timeout(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        await wait_or_disconnect(receive, self.settings.chaos_timeout_cap_s)
        await self._drop(scope, receive, "timeout")
        return 0

    async def _reset(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        await self._drop(scope, receive, "reset")
        return 0

    async def _empty(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        await self._drop(scope, receive, "empty")
        return 0

    async def _truncate(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        ce: CompiledEndpoint,
        rng: random.Random,
        real: RealResponse,
    ) -> int:
        status, headers, body = real()
        if status in (204, 304) or status < 200:
            status, headers = 200, [(b"content-type", ce.content_type), *headers]
        promised = len(body) if len(body) >= 2 else len(body) + 16
        sent = body[: len(body) // 2]
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": _tagged(
                    _with_length(headers, promised), "truncate", f"{len(sent)} of {promised} bytes"
                ),
            }
        )
        await send({"type": "http.response.body", "body": sent, "more_body": True})
        await self._drop(scope, receive, "truncated")
        return status

    async def _drop(self, scope: Scope, receive: Receive, outcome: str) -> None:
        """End the connection without (the rest of) a response: RST for ``reset``, else a plain close."""
        runner = extension(scope, RUNNER_EXT)
        if runner is not None:
            runner["outcome"] = outcome
            return
        transport: asyncio.Transport | None = extension(scope, TRANSPORT_EXT)
        if transport is None:
            raise ConnectionAbortedError(
                f"chaos outcome {outcome!r} needs the estoca.transport scope extension "
                "(run with estoca_mockserver.protocol.TransportHttpToolsProtocol)"
            )
        if outcome == "reset":
            reset_transport(transport)
        else:
            transport.close()
        # Let the server see the connection loss, so it does not answer on our behalf.
        await wait_or_disconnect(receive, 5.0)
