"""Engines built from the settings, and the database URL (``DATABASE_URL`` or the embedded server).

With ``DATABASE_URL`` unset the product still works out of the box: ``resolve_database_url()`` starts
an embedded PostgreSQL (pgserver) in ``<data_dir>/pg`` once per process. Its data stays on disk, so
mocks survive restarts; pgserver stops the server when the last process using it exits.
"""

from __future__ import annotations

import atexit
import logging
import threading
import warnings
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL, make_url

from estoca_core.errors import DatabaseUnavailableError
from estoca_core.settings import CoreSettings, get_settings

log = logging.getLogger(__name__)

_lock = threading.Lock()
_embedded: dict[Path, Any] = {}
_engines: dict[str, Engine] = {}


def normalize_url(url: str | URL) -> URL:
    """``postgresql://`` / ``postgres://`` -> ``postgresql+psycopg2://`` (the driver we ship)."""
    text_url = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
    if text_url.startswith("postgres://"):
        text_url = "postgresql://" + text_url[len("postgres://") :]
    parsed = make_url(text_url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg2")
    return parsed


def url_string(url: str | URL) -> str:
    """The normalised URL as text, password included (for child processes and alembic)."""
    return normalize_url(url).render_as_string(hide_password=False)


def start_embedded(pgdata: Path) -> str:
    """Start (or join) the embedded PostgreSQL whose data lives in ``pgdata``; return its URL.

    The server is started once per process and per folder; pgserver stops it when the last process
    that uses it exits (``cleanup_mode="stop"``), keeping the data.
    """
    pgdata = pgdata.expanduser().resolve()
    with _lock:
        server = _embedded.get(pgdata)
        if server is None:
            try:
                with warnings.catch_warnings():
                    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); the /tmp
                    # fallback it picks for pgserver's lock file is fine.
                    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
                    import pgserver

                pgdata.parent.mkdir(parents=True, exist_ok=True)
                log.info("starting embedded PostgreSQL", extra={"pgdata": str(pgdata)})
                server = pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
            except Exception as exc:
                raise DatabaseUnavailableError(
                    f"could not start the embedded PostgreSQL in {pgdata}: {exc}. "
                    "Set DATABASE_URL to use another server."
                ) from exc
            _embedded[pgdata] = server
        return url_string(server.get_uri())


def stop_embedded(pgdata: Path) -> None:
    """Release this process's handle on the embedded server (stops it if no other process uses it)."""
    pgdata = pgdata.expanduser().resolve()
    with _lock:
        server = _embedded.pop(pgdata, None)
    if server is not None:
        host = make_url(server.get_uri()).query.get("host")
        with _lock:
            mine = [u for u in _engines if make_url(u).query.get("host") == host]
            engines = [_engines.pop(u) for u in mine]
        for engine in engines:
            engine.dispose()
        server.cleanup()
        atexit.unregister(server._cleanup)


def resolve_database_url(settings: CoreSettings | None = None) -> str:
    """``DATABASE_URL`` if set, else the URL of the embedded server in ``<data_dir>/pg``."""
    settings = settings or get_settings()
    if settings.database_url:
        return url_string(settings.database_url)
    return start_embedded(Path(settings.data_dir) / "pg")


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def create_db_engine(url: str | URL, settings: CoreSettings | None = None, **overrides: Any) -> Engine:
    """A new engine with pool and timeouts from the settings (``overrides`` win)."""
    settings = settings or get_settings()
    options = f"-c statement_timeout={settings.db_statement_timeout_ms}"
    kwargs: dict[str, Any] = {
        # orjson: several times faster than json for the many small JSON columns, keeps key order
        "json_serializer": _json_dumps,
        "json_deserializer": orjson.loads,
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_pre_ping": settings.db_pool_pre_ping,
        "pool_recycle": settings.db_pool_recycle_s,
        "pool_timeout": settings.db_pool_timeout_s,
        "connect_args": {
            "connect_timeout": settings.db_connect_timeout_s,
            "options": options,
            "application_name": settings.db_application_name,
        },
    }
    kwargs.update(overrides)
    return create_engine(normalize_url(url), **kwargs)


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for ``url`` (default: ``resolve_database_url()``), created once."""
    resolved = url_string(url) if url else resolve_database_url()
    with _lock:
        engine = _engines.get(resolved)
        if engine is None:
            engine = create_db_engine(resolved)
            _engines[resolved] = engine
        return engine


def dispose_engines() -> None:
    """Close every pooled connection (tests, forks and shutdown)."""
    with _lock:
        engines = list(_engines.values())
        _engines.clear()
    for engine in engines:
        engine.dispose()
