"""Settings of the data plane, read from ``MOCKSERVER_*`` environment variables.

Every field has a description: docs/mockserver.md lists them all, and the CLI flags of
``estoca-mock mockserver`` override the matching fields.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class MockServerSettings(BaseSettings):
    """What the mockserver serves, where it listens and how hard chaos may push."""

    model_config = SettingsConfigDict(env_prefix="MOCKSERVER_", extra="ignore")

    groups: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Groups to serve, as a comma-separated list (e.g. `erp,shop`); empty serves every group.",
    )
    namespace: str | None = Field(
        None, description="Serve only groups of this namespace; unset serves every namespace."
    )
    host: str = Field("0.0.0.0", description="Interface to listen on.")  # noqa: S104 - a data plane for pods
    port: int = Field(8080, ge=0, le=65535, description="TCP port to listen on (0 picks a free port).")
    workers: int = Field(
        1, ge=1, le=64, description="Number of uvicorn worker processes; each loads its own copy."
    )
    max_body_bytes: int = Field(
        1_048_576, ge=0, description="Largest accepted request body in bytes; larger bodies get 413."
    )
    chaos_timeout_cap_s: float = Field(
        30.0, gt=0, le=600, description="How long the `timeout` fault holds a connection before closing it."
    )
    chaos_slow_min_s: float = Field(2.0, ge=0, description="Shortest wait of the `slow` fault, in seconds.")
    chaos_slow_cap_s: float = Field(
        10.0, gt=0, le=600, description="Longest wait of the `slow` fault, in seconds."
    )
    chaos_delay_min_ms: int = Field(100, ge=0, description="Shortest extra wait of the `delay` fault, in ms.")
    chaos_delay_max_ms: int = Field(900, ge=0, description="Longest extra wait of the `delay` fault, in ms.")
    chaos_dribble_cap_s: float = Field(
        5.0, gt=0, le=600, description="Upper bound on the total duration of the `dribble` fault, in seconds."
    )
    chaos_dribble_pause_ms: int = Field(
        200, ge=1, le=10_000, description="Pause between the chunks of the `dribble` fault, in ms."
    )
    resync_interval_s: float = Field(
        30.0,
        gt=0,
        description="Full reload from the database every this many seconds (safety net for NOTIFY).",
    )
    reconnect_max_backoff_s: float = Field(
        10.0, gt=0, description="Longest wait between attempts to reconnect to the database."
    )
    log_level: str = Field("INFO", description="Log level (DEBUG, INFO, WARNING, ERROR).")
    log_json: bool = Field(False, description="Write logs as JSON lines.")
    access_log: bool = Field(False, description="Write one uvicorn access-log line per request (costly).")

    @field_validator("groups", mode="before")
    @classmethod
    def _split_groups(cls, value: object) -> object:
        if isinstance(value, str):
            return [g.strip() for g in value.split(",") if g.strip()]
        return value
