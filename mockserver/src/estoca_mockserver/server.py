"""Build the data-plane app and run it on uvicorn (uvloop + httptools with the transport extension)."""

from __future__ import annotations

import logging
import socket
from typing import Any

import uvicorn

from estoca_mockserver.app import MockServerApp
from estoca_mockserver.protocol import TransportHttpToolsProtocol
from estoca_mockserver.reload import Reloader
from estoca_mockserver.settings import MockServerSettings

log = logging.getLogger("estoca_mockserver")


def configure_logging(settings: MockServerSettings) -> None:
    """Structured logs through estoca_core.logging (JSON lines when ``log_json``)."""
    from estoca_core.logging import configure_logging as configure

    configure(settings.log_level, json=settings.log_json)


def create_app(settings: MockServerSettings | None = None, database_url: str | None = None) -> MockServerApp:
    """An app that loads its endpoints from the database at start-up and follows every change."""
    settings = settings or MockServerSettings()
    app = MockServerApp(settings)
    app.loader = Reloader(app, settings, database_url)
    return app


def app_factory() -> MockServerApp:
    """Entry point for uvicorn worker processes (``--workers`` > 1): settings from the environment."""
    settings = MockServerSettings()
    configure_logging(settings)
    return create_app(settings)


def uvicorn_config(app: Any, settings: MockServerSettings, **overrides: Any) -> uvicorn.Config:
    """The uvicorn configuration every entry point uses (the chaos faults need this protocol class)."""
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "loop": "uvloop",
        "http": TransportHttpToolsProtocol,
        "lifespan": "on",
        "access_log": settings.access_log,
        "log_config": None,
        "log_level": settings.log_level.lower(),
        "server_header": False,
        "date_header": False,
    }
    options.update(overrides)
    return uvicorn.Config(app, **options)


def bind(host: str, port: int) -> socket.socket:
    """Bind the listening socket up front, so that port 0 resolves to a real port before serving."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def serve(app: Any, settings: MockServerSettings, sock: socket.socket | None = None) -> None:
    """Run ``app`` (one process) or ``app_factory`` in ``settings.workers`` processes until stopped."""
    if settings.workers > 1:
        config = uvicorn_config(
            "estoca_mockserver.server:app_factory", settings, factory=True, workers=settings.workers
        )
        sock = sock or config.bind_socket()
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
        return
    server = uvicorn.Server(uvicorn_config(app, settings))
    server.run(sockets=[sock] if sock is not None else None)
