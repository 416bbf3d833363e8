"""Fixtures for the mockserver tests (helpers live in mockhelpers.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from mockhelpers import LiveServer, serve_in_thread

from estoca_mockserver.settings import MockServerSettings


@pytest.fixture
def live_server() -> Iterator[Callable[..., LiveServer]]:
    """Start uvicorn (uvloop + httptools + transport extension) for an app; stopped after the test."""
    stack: list[Iterator[LiveServer]] = []

    def start(app: Any, **settings: Any) -> LiveServer:
        gen = serve_in_thread(app, MockServerSettings(**settings))
        stack.append(gen)
        return next(gen)

    yield start
    for gen in reversed(stack):
        for _ in gen:
            pass
