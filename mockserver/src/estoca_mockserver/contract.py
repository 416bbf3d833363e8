"""Request contracts: compiled once per endpoint, checked on every request in a few µs.

``compile_contract(method, request)`` turns a ``RequestSpec`` into a ``Contract`` at load time:
jsonschema_rs validators, precomputed labels and precomputed error answers. On the request path
``Contract.check(query, headers, body, content_type)`` returns the list of ``Violation``s (empty
when the request is fine, immediately for an empty contract) and
``Contract.error_response(violations, rng)`` builds the answer: the first broken item's ``onError``
(static body, or a body generated from its schema), else RFC 7807 problem+json listing every
violation, with status 400 (422 when every problem is a body schema violation).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from estoca_core.datagen import compile_generator
from estoca_core.spec import BODY_METHODS, ErrorResponse, RequestSpec
from estoca_mockserver.contract_rules import ParamRule, Rule, Violation, body_rule

__all__ = ["PROBLEM_TITLE", "PROBLEM_TYPE", "Contract", "Violation", "compile_contract"]

PROBLEM_TYPE = "https://estoca.io/problems/contract-violation"
PROBLEM_TITLE = "Request does not match the mock's contract"
Headers = list[tuple[bytes, bytes]]
_PROBLEM_CT = (b"content-type", b"application/problem+json")
_DETAIL_MAX = 600


@dataclass(frozen=True, slots=True)
class _OnError:
    """An ``onError`` answer, ready to send: status, encoded headers, and a body (static or generated)."""

    status: int | None
    headers: Headers
    body: bytes | None
    generate: Callable[[random.Random], Any] | None
    has_content_type: bool

    @classmethod
    def compile(cls, spec: ErrorResponse | None) -> _OnError | None:
        if spec is None:
            return None
        headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in spec.headers.items()]
        has_ct = any(k == b"content-type" for k, _ in headers)
        body: bytes | None = None
        generate = None
        if spec.body is not None:
            body = spec.body.encode("utf-8")
            if not has_ct:
                try:
                    orjson.loads(body)
                    headers.append((b"content-type", b"application/json"))
                except orjson.JSONDecodeError:
                    headers.append((b"content-type", b"text/plain; charset=utf-8"))
        elif spec.schema_ is not None:
            generate = compile_generator(spec.schema_)
            if not has_ct:
                headers.append((b"content-type", b"application/json"))
        return cls(spec.status, headers, body, generate, has_ct)

    @property
    def answers(self) -> bool:
        """Whether it has its own body (else the problem+json body is sent with its status/headers)."""
        return self.body is not None or self.generate is not None


class Contract:
    """The compiled request contract of one endpoint."""

    __slots__ = ("_on_error", "_rules", "empty")

    def __init__(self, rules: Sequence[Rule], on_error: Sequence[_OnError | None]) -> None:
        self._rules = tuple(rules)
        self._on_error = tuple(on_error)
        self.empty = not self._rules
        """True when there is nothing to check (the server may skip ``check`` altogether)."""

    def check(
        self,
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes | None,
        content_type: str | None = None,
    ) -> list[Violation]:
        """Every violation of the contract by this request, in contract order (query, headers, body).

        ``query`` is the parsed query string (name -> values), ``headers`` has lower-case names.
        """
        if self.empty:
            return []
        out: list[Violation] = []
        for rule in self._rules:
            rule(query, headers, body, content_type, out)
        return out

    def error_response(
        self, violations: Sequence[Violation], rng: random.Random
    ) -> tuple[int, Headers, bytes]:
        """``(status, headers, body)`` for a request with ``violations`` (ASGI header pairs, no length)."""
        default_status = 422 if all(v.rule == "schema" for v in violations) else 400
        first = violations[0] if violations else None
        on_error = (
            self._on_error[first.item]
            if first is not None and 0 <= first.item < len(self._on_error)
            else None
        )
        if on_error is not None and on_error.answers:
            if on_error.generate is not None:
                body = orjson.dumps(on_error.generate(rng))
            else:
                assert on_error.body is not None
                body = on_error.body
            return on_error.status or default_status, list(on_error.headers), body
        status = (on_error.status if on_error is not None else None) or default_status
        headers = [_PROBLEM_CT]
        if on_error is not None:
            headers += [h for h in on_error.headers if h[0] != b"content-type"]
        return status, headers, problem_body(status, violations)


def problem_body(status: int, violations: Sequence[Violation]) -> bytes:
    """The RFC 7807 body listing every violation."""
    detail = "; ".join(v.message for v in violations) or "the request does not match the contract"
    if len(detail) > _DETAIL_MAX:
        detail = detail[: _DETAIL_MAX - 1] + "…"
    return orjson.dumps(
        {
            "type": PROBLEM_TYPE,
            "title": PROBLEM_TITLE,
            "status": status,
            "detail": detail,
            "violations": [v.to_problem() for v in violations],
        }
    )


def compile_contract(method: str, request: RequestSpec) -> Contract:
    """Compile ``request`` for an endpoint answering ``method`` (the body is checked on POST/PUT/PATCH)."""
    rules: list[Rule] = []
    on_error: list[_OnError | None] = []
    for location, params in (("query", request.query), ("header", request.headers)):
        for param in params:
            key = param.name if location == "query" else param.name.lower()
            item = len(on_error)
            rule = ParamRule(location, param.name, key, param.required, param.value, param.schema_, item)  # type: ignore[arg-type]
            rules.append(rule.compile())
            on_error.append(_OnError.compile(param.on_error))
    if request.body is not None and method.upper() in BODY_METHODS:
        rules.append(body_rule(request.body.required, request.body.schema_, len(on_error)))
        on_error.append(_OnError.compile(request.body.on_error))
    return Contract(rules, on_error)
