"""Core settings shared by every component: database, data folder, limits of the mock language.

Each service has its own settings class with its own env prefix (``MOCKSERVER_``, ``API_``,
``OPERATOR_``); these are the ones they all share. ``DATABASE_URL`` keeps its conventional name.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("estoca-mock", appauthor=False)


class CoreSettings(BaseSettings):
    """Settings read from ``ESTOCA_*`` variables (and ``DATABASE_URL``)."""

    model_config = SettingsConfigDict(env_prefix="ESTOCA_", extra="ignore", populate_by_name=True)

    database_url: str | None = Field(
        None,
        validation_alias=AliasChoices("DATABASE_URL", "ESTOCA_DATABASE_URL"),
        description="PostgreSQL URL. Unset: an embedded PostgreSQL (pgserver) in the data folder.",
    )
    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Folder for the embedded PostgreSQL's data (default: the user's data dir).",
    )
    db_pool_size: int = Field(5, ge=1, description="SQLAlchemy pool size.")
    db_max_overflow: int = Field(10, ge=0, description="Connections allowed above the pool size.")
    db_pool_pre_ping: bool = Field(True, description="Test connections before use.")
    db_pool_recycle_s: int = Field(1800, ge=-1, description="Recycle connections older than this (seconds).")
    db_pool_timeout_s: float = Field(10.0, gt=0, description="Wait for a pooled connection (seconds).")
    db_connect_timeout_s: int = Field(5, ge=1, description="Timeout to open a database connection (seconds).")
    db_statement_timeout_ms: int = Field(15000, ge=0, description="Server-side statement timeout (0 = none).")
    db_application_name: str = Field(
        "estoca-mock", description="application_name of database connections (shown in pg_stat_activity)."
    )
    max_delay_ms: int = Field(
        60000, ge=0, description="Cap on an endpoint's delay.maxMs; larger values are refused."
    )
    default_namespace: str = Field("default", description="Namespace used when a resource gives none.")
    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="Base URL where mocks are reachable; used to show mock and chaos URLs.",
    )
    log_level: str = Field("INFO", description="Log level (DEBUG, INFO, WARNING, ERROR).")
    log_json: bool = Field(False, description="Write logs as JSON lines.")


@lru_cache(maxsize=1)
def get_settings() -> CoreSettings:
    """The process-wide settings (cached; tests call ``get_settings.cache_clear()``)."""
    return CoreSettings()
