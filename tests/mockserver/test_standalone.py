"""The one-port dispatcher of `estoca-mock up`: API prefixes to the API, the rest to the mocks."""

from __future__ import annotations

import sys
from typing import Any

from mockhelpers import call, compiled, make_app

from estoca_mockserver.standalone import Standalone, load_api_app


class FakeApi:
    """An ASGI app that answers 'api' and records its lifespan."""

    def __init__(self, fail: bool = False) -> None:
        self.events: list[str] = []
        self.fail = fail

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                self.events.append(message["type"])
                kind = message["type"].removeprefix("lifespan.")
                if self.fail:
                    await send({"type": f"lifespan.{kind}.failed", "message": "boom"})
                    return
                await send({"type": f"lifespan.{kind}.complete"})
                if kind == "shutdown":
                    return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"api"})


async def lifespan(app: Any) -> list[str]:
    queue = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[str] = []

    async def receive() -> dict[str, Any]:
        return queue.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message["type"])

    await app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)
    return sent


async def test_paths_are_split_between_api_and_mocks() -> None:
    mocks = make_app(compiled("p", method="GET", path="/ping", response={"body": "mock"}))
    app = Standalone(mocks, FakeApi())
    for path in ("/api", "/api/groups", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"):
        assert (await call(app, "GET", path)).body == b"api", path
    assert (await call(app, "GET", "/erp/ping")).body == b"mock"
    assert (await call(app, "GET", "/apis")).status == 404
    assert (await call(app, "GET", "/healthz")).body == b"ok"


async def test_without_api_everything_goes_to_the_mocks() -> None:
    app = Standalone(make_app(), None)
    assert (await call(app, "GET", "/api/groups")).status == 404


async def test_lifespan_runs_for_both_apps() -> None:
    api = FakeApi()
    mocks = make_app()
    sent = await lifespan(Standalone(mocks, api))
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert api.events == ["lifespan.startup", "lifespan.shutdown"]


async def test_a_failing_startup_is_reported() -> None:
    sent = await lifespan(Standalone(make_app(), FakeApi(fail=True)))
    assert sent == ["lifespan.startup.failed"]


async def test_app_without_lifespan_support() -> None:
    async def plain(scope: dict[str, Any], receive: Any, send: Any) -> None:
        raise RuntimeError("no lifespan here")

    sent = await lifespan(Standalone(make_app(), plain))
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_load_api_app_without_the_api(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "estoca_api.app", None)
    assert load_api_app() is None
