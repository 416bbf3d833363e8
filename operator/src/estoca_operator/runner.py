"""Run the operator: kopf settings (finalizer, annotations, peering) and the event loop.

``estoca-mock operator`` calls :func:`main`; the tests call :func:`run` in a thread with their own
stop and ready flags.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import kopf

from estoca_core.db import resolve_database_url
from estoca_operator.handlers import register_handlers
from estoca_operator.manifests import FINALIZER, PREFIX
from estoca_operator.reconcile import OperatorContext
from estoca_operator.settings import OperatorSettings

log = logging.getLogger(__name__)


def kopf_settings(settings: OperatorSettings) -> kopf.OperatorSettings:
    """kopf's settings: our own finalizer and annotation prefix, peering, Events, watching."""
    ks = kopf.OperatorSettings()
    ks.persistence.finalizer = FINALIZER
    ks.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix=PREFIX)
    ks.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(
        prefix=PREFIX, key="last-handled-configuration"
    )
    ks.posting.reporting_component = "estoca-mock-operator"
    ks.posting.level = logging.WARNING  # Events for problems, not for every log line
    ks.peering.name = settings.peering_name
    ks.peering.priority = settings.priority
    ks.peering.mandatory = settings.peering
    ks.peering.standalone = not settings.peering
    ks.peering.clusterwide = not settings.namespaces
    # Listing namespaces needs cluster-wide RBAC; with an explicit list there is nothing to discover.
    ks.scanning.disabled = bool(settings.namespaces)
    ks.watching.server_timeout = 300
    ks.watching.client_timeout = 330
    ks.watching.connect_timeout = 10
    return ks


async def run(
    settings: OperatorSettings,
    *,
    database_url: str | None = None,
    stop_flag: threading.Event | asyncio.Event | None = None,
    ready_flag: threading.Event | asyncio.Event | None = None,
    liveness: bool = True,
) -> None:
    """Run kopf until ``stop_flag`` is set (or forever)."""
    ctx = OperatorContext.create(settings, database_url or resolve_database_url())
    registry = kopf.OperatorRegistry()
    register_handlers(registry, ctx)
    liveness_endpoint = (
        f"http://0.0.0.0:{settings.liveness_port}/healthz" if liveness and settings.liveness_port else None
    )
    kwargs: dict[str, Any] = (
        {"clusterwide": True} if not settings.namespaces else {"namespaces": settings.namespaces}
    )
    try:
        await kopf.operator(
            registry=registry,
            settings=kopf_settings(settings),
            standalone=not settings.peering,
            peering_name=settings.peering_name if settings.peering else None,
            priority=settings.priority,
            liveness_endpoint=liveness_endpoint,
            stop_flag=stop_flag,
            ready_flag=ready_flag,
            **kwargs,
        )
    finally:
        ctx.close()


def main(settings: OperatorSettings, *, verbose: bool = False) -> int:
    """Blocking entry point of ``estoca-mock operator``; returns the exit code."""
    kopf.configure(verbose=verbose, log_format=kopf.LogFormat.PLAIN)
    scope = ", ".join(settings.namespaces) if settings.namespaces else "all namespaces"
    log.info("estoca-mock operator watching %s (peering %s)", scope, "on" if settings.peering else "off")
    try:
        asyncio.run(run(settings))
    except KeyboardInterrupt:
        return 130
    return 0
