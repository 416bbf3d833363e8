"""RFC 7807 problem+json responses of the data plane itself (404, 405, 413, chaos errors).

They are built on the miss/error paths only, so they may allocate freely.
"""

from __future__ import annotations

from typing import Any

import orjson

PROBLEM_BASE = "https://estoca.io/problems/"
PROBLEM_JSON = b"application/problem+json"

Headers = list[tuple[bytes, bytes]]


def problem(
    status: int, slug: str, title: str, detail: str, *, headers: Headers | None = None, **extra: Any
) -> tuple[int, Headers, bytes]:
    """A complete response: status, headers (with Content-Type and Content-Length) and the body bytes."""
    doc: dict[str, Any] = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail}
    doc.update(extra)
    body = orjson.dumps(doc)
    out: Headers = [(b"content-type", PROBLEM_JSON), (b"content-length", str(len(body)).encode())]
    if headers:
        out.extend(headers)
    return status, out, body
