"""Entry points that build the app and its uvicorn configuration."""

from __future__ import annotations

import pytest

from estoca_mockserver.app import MockServerApp
from estoca_mockserver.protocol import TransportHttpToolsProtocol
from estoca_mockserver.reload import Reloader, psycopg2_dsn
from estoca_mockserver.server import app_factory, uvicorn_config
from estoca_mockserver.settings import MockServerSettings


def test_worker_factory_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKSERVER_GROUPS", "erp,shop")
    monkeypatch.setenv("MOCKSERVER_NAMESPACE", "team-a")
    app = app_factory()
    assert isinstance(app, MockServerApp)
    assert isinstance(app.loader, Reloader)
    assert app.loader.groups == ["erp", "shop"]
    assert app.loader.namespace == "team-a"
    assert not app.ready


def test_uvicorn_config_uses_the_transport_protocol() -> None:
    settings = MockServerSettings(host="127.0.0.1", port=0, log_level="WARNING")
    config = uvicorn_config(MockServerApp(settings), settings)
    config.load()
    assert config.http_protocol_class is TransportHttpToolsProtocol
    assert config.access_log is False
    assert config.lifespan == "on"


def test_psycopg2_dsn_drops_the_sqlalchemy_driver() -> None:
    assert psycopg2_dsn("postgresql+psycopg2://u:p@h:5/db") == "postgresql://u:p@h:5/db"
    assert psycopg2_dsn("postgres://u@h/db") == "postgresql://u@h/db"
