"""Alembic migrations shipped inside the package, so an installed wheel can migrate its database.

``upgrade(url)`` / ``downgrade(url, "base")`` / ``current(url)`` run alembic programmatically; the
CLI's ``estoca-mock db ...`` commands call them. A PostgreSQL advisory lock serialises concurrent
upgrades (several replicas or processes starting at once).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from estoca_core.db.engine import url_string

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(url: str) -> Config:
    """An alembic ``Config`` pointing at the packaged scripts and at ``url``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # '%' is alembic's interpolation character: escape it so passwords with '%' survive.
    config.set_main_option("sqlalchemy.url", url_string(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision`` (default: the newest)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "-1") -> None:
    """Migrate down to ``revision`` (``"base"`` removes every table; default: one step)."""
    command.downgrade(alembic_config(url), revision)


def head() -> str:
    """The newest revision shipped with this package."""
    heads = ScriptDirectory.from_config(alembic_config("postgresql://localhost/x")).get_heads()
    return ",".join(heads)


def current(url: str) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    engine = create_engine(url_string(url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            heads = MigrationContext.configure(conn).get_current_heads()
    finally:
        engine.dispose()
    return ",".join(heads) if heads else None
