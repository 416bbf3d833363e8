"""The only module that talks to kopf's registry: every handler is a one-line delegation.

Handlers are registered on an explicit registry with the run's :class:`OperatorContext` bound in, so
that the same process (the tests) can run several operators with different settings and databases.
Handler ids are fixed strings because kopf stores progress under them in annotations: renaming a
function must not make a restarted operator forget what it already did.
"""

from __future__ import annotations

from typing import Any

import kopf

from estoca_core.spec import API_GROUP, API_VERSION
from estoca_operator import reconcile
from estoca_operator.manifests import MANAGED_BY
from estoca_operator.reconcile.common import Logger

GROUPS = (API_GROUP, API_VERSION, "mockgroups")
ENDPOINTS = (API_GROUP, API_VERSION, "mockendpoints")
OURS = {"app.kubernetes.io/managed-by": MANAGED_BY}


def register_handlers(registry: kopf.OperatorRegistry, ctx: reconcile.OperatorContext) -> None:
    """Register every handler of the operator on ``registry``."""
    drift = ctx.settings.drift_interval_s

    @kopf.on.login(id="login", registry=registry)
    def login(**kwargs: Any) -> kopf.ConnectionInfo | None:
        # In-cluster ServiceAccount token, else $KUBECONFIG, as the kubernetes client resolves them.
        return kopf.login_via_client(**kwargs)

    @kopf.on.resume(*GROUPS, id="group", registry=registry)
    @kopf.on.create(*GROUPS, id="group", registry=registry)
    @kopf.on.update(*GROUPS, id="group", registry=registry)
    def group_changed(
        *, body: kopf.Body, patch: kopf.Patch, logger: Logger, retry: int = 0, **_: Any
    ) -> None:
        reconcile.reconcile_group(ctx, body, patch, logger, retry)

    @kopf.timer(*GROUPS, id="group-drift", interval=drift, initial_delay=drift, registry=registry)
    def group_drift(*, body: kopf.Body, patch: kopf.Patch, logger: Logger, retry: int = 0, **_: Any) -> None:
        reconcile.reconcile_group(ctx, body, patch, logger, retry)

    @kopf.on.delete(*GROUPS, id="group-delete", registry=registry)
    def group_deleted(*, body: kopf.Body, logger: Logger, retry: int = 0, **_: Any) -> None:
        reconcile.delete_group(ctx, body, logger, retry)

    @kopf.on.resume(*ENDPOINTS, id="endpoint", registry=registry)
    @kopf.on.create(*ENDPOINTS, id="endpoint", registry=registry)
    @kopf.on.update(*ENDPOINTS, id="endpoint", registry=registry)
    def endpoint_changed(
        *, body: kopf.Body, patch: kopf.Patch, logger: Logger, retry: int = 0, **_: Any
    ) -> None:
        reconcile.reconcile_endpoint(ctx, body, patch, logger, retry)

    @kopf.timer(*ENDPOINTS, id="endpoint-drift", interval=drift, initial_delay=drift, registry=registry)
    def endpoint_drift(
        *, body: kopf.Body, patch: kopf.Patch, logger: Logger, retry: int = 0, **_: Any
    ) -> None:
        reconcile.reconcile_endpoint(ctx, body, patch, logger, retry)

    @kopf.on.delete(*ENDPOINTS, id="endpoint-delete", registry=registry)
    def endpoint_deleted(*, body: kopf.Body, logger: Logger, retry: int = 0, **_: Any) -> None:
        reconcile.delete_endpoint(ctx, body, logger, retry)

    @kopf.on.event("apps", "v1", "deployments", id="mockserver-deployment", labels=OURS, registry=registry)
    @kopf.on.event("", "v1", "services", id="mockserver-service", labels=OURS, registry=registry)
    def child_event(*, type: str, body: kopf.Body, logger: Logger, **_: Any) -> None:
        reconcile.on_child_event(ctx, type, body, logger)
