"""The ceiling: a bare ASGI app returning the static endpoint's bytes, on the same uvicorn setup.

Run by bench/run.py with ``python bench/ceiling.py PORT``; the mockserver's rows are compared to it.
"""

from __future__ import annotations

import sys
from typing import Any

BODY = b'{"id": 1, "status": "shipped", "total": 129.9, "currency": "BRL"}'
START = {
    "type": "http.response.start",
    "status": 200,
    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())],
}
MESSAGE = {"type": "http.response.body", "body": BODY, "more_body": False}


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send(START)
    await send(MESSAGE)


if __name__ == "__main__":
    import uvicorn

    from estoca_mockserver.server import uvicorn_config
    from estoca_mockserver.settings import MockServerSettings

    settings = MockServerSettings(host="127.0.0.1", port=int(sys.argv[1]), log_level="WARNING")
    uvicorn.Server(uvicorn_config(app, settings, lifespan="off")).run()
