"""Fixtures for the mockserver tests (helpers live in mockhelpers.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# the test modules import their helpers as `mockhelpers` whatever pytest's import mode
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

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
