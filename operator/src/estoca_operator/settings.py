"""Operator settings, read from ``OPERATOR_*`` variables (the chart sets them from its values).

Kept in one class with a description per field so that ``values.yaml``, ``docs/kubernetes.md`` and
``estoca-mock operator --help`` can say the same thing. The database URL is not here: it is the core's
``DATABASE_URL`` (the chart injects it from the database Secret).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_RESOURCES: dict[str, dict[str, str]] = {
    "requests": {"cpu": "50m", "memory": "64Mi"},
    "limits": {"memory": "256Mi"},
}


class OperatorSettings(BaseSettings):
    """How the operator watches resources and what it runs for each MockGroup."""

    model_config = SettingsConfigDict(env_prefix="OPERATOR_", extra="ignore")

    namespaces: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Namespaces to watch (JSON list or comma-separated). Empty: every namespace.",
    )
    mockserver_image: str = Field(
        "estoca-mock-api:0.1.0", description="Image of the per-group mockserver Deployments."
    )
    mockserver_image_pull_policy: str = Field(
        "IfNotPresent", description="imagePullPolicy of mockserver pods."
    )
    mockserver_port: int = Field(8080, ge=1, le=65535, description="Container port of the mockserver.")
    mockserver_service_account: str = Field(
        "",
        description="ServiceAccount of mockserver pods (empty: the namespace default, no API token mounted).",
    )
    default_resources: dict[str, dict[str, str]] = Field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_RESOURCES.items()},
        description="Resources of mockserver pods when a MockGroup's spec.server.resources is unset (JSON).",
    )
    service_name_template: str = Field(
        "mock-{group}", description="Name of a group's Deployment and Service; {group} is the MockGroup name."
    )
    database_secret_name: str = Field(
        "estoca-mock-database",
        description="Secret (in each watched namespace) holding the database URL for mockserver pods.",
    )
    database_secret_key: str = Field("url", description="Key of the database URL in that Secret.")
    public_url_template: str = Field(
        "http://{service}.{namespace}.svc.cluster.local/{group}",
        description="Base URL of a group's mocks in status; fills {service}, {namespace} and {group}.",
    )
    drift_interval_s: float = Field(
        60.0, gt=0, description="Seconds between drift checks that repair Deployments, Services and rows."
    )
    retry_base_s: float = Field(
        1.0, gt=0, description="First retry delay when the database is down (seconds)."
    )
    retry_max_s: float = Field(
        60.0, gt=0, description="Longest retry delay when the database is down (seconds)."
    )
    group_wait_s: float = Field(
        10.0, gt=0, description="Retry delay of a MockEndpoint whose MockGroup does not exist yet (seconds)."
    )
    peering: bool = Field(
        True, description="Use kopf peering (KopfPeering objects) so that only one replica acts at a time."
    )
    peering_name: str = Field("estoca-mock-operator", description="Name of the kopf peering object.")
    priority: int = Field(0, description="kopf peering priority of this replica (highest acts).")
    liveness_port: int = Field(
        8081, ge=0, le=65535, description="Port of kopf's /healthz liveness endpoint (0 disables it)."
    )

    @field_validator("namespaces", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("service_name_template")
    @classmethod
    def _has_group(cls, value: str) -> str:
        if "{group}" not in value:
            raise ValueError("must contain '{group}' so that each MockGroup gets its own Service")
        return value


@lru_cache(maxsize=1)
def get_operator_settings() -> OperatorSettings:
    """Process-wide settings (cached; tests build ``OperatorSettings(...)`` directly)."""
    return OperatorSettings()
