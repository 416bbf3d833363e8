"""Server-level helpers: create and drop whole databases (test isolation, ``db create`` tooling)."""

from __future__ import annotations

import re

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from estoca_core.db.engine import normalize_url, url_string

_SAFE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _check_name(name: str) -> str:
    if not _SAFE_NAME.match(name):
        raise ValueError(f"database name {name!r} must match {_SAFE_NAME.pattern}")
    return name


def database_url(server_url: str, name: str) -> str:
    """``server_url`` with its database replaced by ``name`` (host, port, socket and user kept)."""
    return url_string(normalize_url(server_url).set(database=_check_name(name)))


def create_database(server_url: str, name: str) -> str:
    """Create database ``name`` on the server of ``server_url``; return its URL."""
    engine = create_engine(normalize_url(server_url), poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{_check_name(name)}"'))
    finally:
        engine.dispose()
    return database_url(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    """Drop database ``name`` (if it exists), ending the other connections to it first."""
    engine = create_engine(normalize_url(server_url), poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": _check_name(name)},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        engine.dispose()
