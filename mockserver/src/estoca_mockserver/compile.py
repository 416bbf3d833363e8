"""Turn an ``EndpointRecord`` into a ``CompiledEndpoint``: everything the request path needs, precomputed.

The request path must not parse specs, build header lists or encode static bodies: all of that happens
here, once per endpoint and per change. The compiled object is immutable by convention: a reload builds
a new one and swaps the routing table, so in-flight requests keep the snapshot they started with.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

import orjson

from estoca_core.datagen import compile_generator
from estoca_core.spec import BODY_METHODS, Fault, MockEndpointSpec, path_parameters
from estoca_mockserver.metrics import Histogram

JSON_CT = b"application/json"
TEXT_CT = b"text/plain; charset=utf-8"
NO_BODY_STATUSES = frozenset({204, 304}) | frozenset(range(100, 200))
ALL_FAULTS: tuple[str, ...] = tuple(f.value for f in Fault)

Headers = list[tuple[bytes, bytes]]
Generator = Callable[[random.Random], Any]


class ContractLike(Protocol):
    """What the request path uses of ``estoca_mockserver.contract.Contract``."""

    def check(
        self,
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes | None,
        content_type: str | None,
    ) -> list[Any]: ...

    def error_response(self, violations: list[Any], rng: random.Random) -> tuple[int, Any, bytes]: ...


class RecordLike(Protocol):
    """The fields of ``estoca_core.repository.EndpointRecord`` the compiler reads."""

    @property
    def id(self) -> Any: ...
    @property
    def group_id(self) -> Any: ...
    @property
    def group(self) -> str: ...
    @property
    def namespace(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def spec(self) -> MockEndpointSpec: ...


@dataclass(eq=False, slots=True)
class CompiledEndpoint:
    """One endpoint, ready to answer: ASGI messages, generator, contract, delay and chaos table."""

    id: str
    group_id: str
    group: str
    namespace: str
    name: str
    method: str
    path: str  # the template under the group, e.g. /orders/{orderId}
    full_path: str  # /<group><path>
    params: tuple[str, ...]
    status: int
    headers: Headers  # response headers without Content-Length
    content_type: bytes
    static_body: bytes | None
    static_value: Any  # the parsed static JSON body (for the contract fault), or None
    schema: dict[str, Any] | None  # the response schema; None for a static body (see contract_schema)
    generator: Generator | None
    contract: ContractLike | None
    reads_body: bool
    delay_min_s: float
    delay_max_s: float
    chaos_enabled: bool
    chaos_faults: tuple[str, ...]
    chaos_cumulative: tuple[float, ...]
    pass_through: float
    rate: float
    start_message: dict[str, Any] = field(default_factory=dict)
    body_message: dict[str, Any] = field(default_factory=dict)
    simple: bool = False  # static body, no contract, no delay, no rate: two precomputed sends
    hist: Histogram = field(default_factory=Histogram)  # replaced by the app's shared one
    ok_key: tuple[str, str, int, str] = ("", "", 0, "")  # metrics key of a normal answer

    @property
    def template(self) -> str:
        """The public path template, e.g. /erp/orders/{orderId}."""
        return self.full_path

    def contract_schema(self) -> dict[str, Any] | None:
        """The schema the ``contract`` fault breaks: the response schema, or one inferred from a static
        JSON body (computed on demand: only chaos needs it, and 10,000 endpoints load faster without)."""
        if self.schema is not None:
            return self.schema
        return infer_schema(self.static_value) if self.static_value is not None else None


def full_path_of(group: str, path: str) -> str:
    """``/<group><path>``; the group root (path ``/``) is served at ``/<group>``."""
    return f"/{group}" if path == "/" else f"/{group}{path}"


def infer_schema(value: Any) -> dict[str, Any]:
    """A strict schema that a static JSON body satisfies, so the contract fault can break it."""
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, str):
        return {"type": "string"}
    if value is None:
        return {"type": "null"}
    if isinstance(value, list):
        return {"type": "array", "items": infer_schema(value[0])} if value else {"type": "array"}
    props = {k: infer_schema(v) for k, v in value.items()}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def chaos_table(faults: dict[Any, int] | None) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Fault names and their cumulative weights, for one ``bisect`` per chaos request."""
    if not faults:
        return DEFAULT_CHAOS
    return _chaos_table(tuple(faults.items()))


@lru_cache(maxsize=1024)
def _chaos_table(faults: tuple[tuple[Any, int], ...]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    items = [(str(getattr(f, "value", f)), w) for f, w in faults if w > 0]
    if not items:
        items = [(f, 1) for f in ALL_FAULTS]
    names: list[str] = []
    cumulative: list[float] = []
    total = 0.0
    for name, weight in items:
        total += weight
        names.append(name)
        cumulative.append(total)
    return tuple(names), tuple(cumulative)


DEFAULT_CHAOS = _chaos_table(())


def _header_bytes(name: str, value: str) -> bytes:
    """A response header value as bytes (UTF-8); control characters would break the response."""
    if any((ord(ch) < 32 and ch != "\t") or ord(ch) == 127 for ch in value):
        raise ValueError(f"response.headers.{name}: control characters are not allowed in a header value")
    return value.encode("utf-8")


def _content_type(headers: dict[str, str], body: str | None, schema: bool) -> tuple[bytes, Any]:
    """The Content-Type to send and the parsed JSON value of a static body (or None)."""
    value: Any = None
    is_json = schema
    if body is not None:
        try:
            value = orjson.loads(body)
            is_json = True
        except orjson.JSONDecodeError:
            is_json = False
    for name, val in headers.items():
        if name.lower() == "content-type":
            return _header_bytes(name, val), value
    return (JSON_CT if is_json else TEXT_CT), value


def compile_endpoint(record: RecordLike) -> CompiledEndpoint:
    """Precompute everything that serves ``record``; raises if a part cannot be compiled."""
    spec = record.spec
    resp = spec.response
    content_type, static_value = _content_type(resp.headers, resp.body, resp.schema_ is not None)
    headers: Headers = [
        (k.lower().encode("ascii"), _header_bytes(k, v))
        for k, v in resp.headers.items()
        if k.lower() != "content-type"
    ]
    no_body = resp.status in NO_BODY_STATUSES
    if not no_body:
        headers.insert(0, (b"content-type", content_type))
    generator = compile_generator(resp.schema_) if resp.schema_ is not None and not no_body else None
    static_body: bytes | None = None
    if generator is None:
        static_body = b"" if no_body or resp.body is None else resp.body.encode("utf-8")
    schema = resp.schema_
    req = spec.request
    contract: ContractLike | None = None
    if req.query or req.headers or req.body is not None:
        from estoca_mockserver.contract import compile_contract

        contract = compile_contract(spec.method, req)
    faults, cumulative = chaos_table(spec.chaos.faults)
    full = full_path_of(record.group, spec.path)
    ce = CompiledEndpoint(
        id=str(record.id),
        group_id=str(record.group_id),
        group=record.group,
        namespace=record.namespace,
        name=record.name,
        method=spec.method,
        path=spec.path,
        full_path=full,
        params=tuple(path_parameters(spec.path)),
        status=resp.status,
        headers=headers,
        content_type=content_type,
        static_body=static_body,
        static_value=static_value,
        schema=schema,
        generator=generator,
        contract=contract,
        reads_body=req.body is not None and spec.method in BODY_METHODS,
        delay_min_s=spec.delay.min_ms / 1000.0,
        delay_max_s=spec.delay.max_ms / 1000.0,
        chaos_enabled=spec.chaos.enabled,
        chaos_faults=faults,
        chaos_cumulative=cumulative,
        pass_through=spec.chaos.pass_through,
        rate=spec.chaos.rate,
    )
    if static_body is not None:
        final = list(headers)
        if not no_body:
            final.append((b"content-length", str(len(static_body)).encode()))
        ce.start_message = {"type": "http.response.start", "status": resp.status, "headers": final}
        ce.body_message = {"type": "http.response.body", "body": static_body, "more_body": False}
    ce.ok_key = (ce.group, ce.name, ce.status, "")
    ce.simple = static_body is not None and contract is None and ce.delay_max_s == 0 and ce.rate == 0
    return ce
