"""Writing status: through kopf's ``patch`` inside a handler, or directly for another object.

Both paths write only what changed, so that a timer that finds everything in order does not produce
a watch event (and a new resourceVersion) every interval.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import kopf
from kubernetes.client.exceptions import ApiException

from estoca_core.spec import API_GROUP, API_VERSION
from estoca_operator.conditions import (
    ConditionStatus,
    Reason,
    make_condition,
    merge_conditions,
    ready_condition,
)
from estoca_operator.manifests import group_url, service_name
from estoca_operator.reconcile.children import deployment_available, read_deployment
from estoca_operator.reconcile.common import generation_of
from estoca_operator.reconcile.context import OperatorContext

MERGE_PATCH = "application/merge-patch+json"
GROUPS = "mockgroups"
ENDPOINTS = "mockendpoints"

# Ready reasons that only the group handler may set; a refresh from a child event leaves them alone.
_HANDLER_OWNED = {
    Reason.INVALID_SPEC,
    Reason.DATABASE_UNAVAILABLE,
    Reason.CONFLICT,
    Reason.KUBERNETES_ERROR,
}


def status_with_ready(
    current: Mapping[str, Any] | None,
    *,
    status: ConditionStatus,
    reason: Reason,
    message: str,
    generation: int | None,
    **fields: Any,
) -> dict[str, Any]:
    """A full status: ``fields`` plus the Ready condition merged into the current conditions."""
    previous = (current or {}).get("conditions") or []
    condition = make_condition(previous, status=status, reason=reason, message=message, generation=generation)
    new: dict[str, Any] = {key: value for key, value in fields.items() if value is not None}
    new["conditions"] = merge_conditions(previous, condition)
    new["observedGeneration"] = generation
    return new


def changed_fields(current: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of ``new`` whose value differs from ``current``."""
    current = current or {}
    return {key: value for key, value in new.items() if current.get(key) != value}


def write_status(body: kopf.Body, patch: kopf.Patch, new: Mapping[str, Any]) -> None:
    """Put the changed parts of ``new`` into kopf's patch for the handled object."""
    for key, value in changed_fields(body.get("status"), new).items():
        patch.status[key] = value


def patch_status(
    ctx: OperatorContext, plural: str, namespace: str, name: str, new: Mapping[str, Any]
) -> None:
    """Merge-patch another object's status subresource (404: it is gone, nothing to report)."""
    try:
        ctx.custom.patch_namespaced_custom_object_status(
            group=API_GROUP,
            version=API_VERSION,
            namespace=namespace,
            plural=plural,
            name=name,
            body={"status": dict(new)},
            _content_type=MERGE_PATCH,
        )
    except ApiException as exc:
        if exc.status != 404:
            raise


def read_object(ctx: OperatorContext, plural: str, namespace: str, name: str) -> dict[str, Any] | None:
    """A MockGroup or MockEndpoint as a dict, or None if it does not exist."""
    try:
        obj = ctx.custom.get_namespaced_custom_object(
            group=API_GROUP, version=API_VERSION, namespace=namespace, plural=plural, name=name
        )
    except ApiException as exc:
        if exc.status == 404:
            return None
        raise
    return obj if isinstance(obj, dict) else None


def list_endpoints_of(ctx: OperatorContext, namespace: str, group: str) -> list[dict[str, Any]]:
    """The MockEndpoints of a namespace whose ``spec.group`` is ``group`` (and not being deleted)."""
    listing = ctx.custom.list_namespaced_custom_object(
        group=API_GROUP, version=API_VERSION, namespace=namespace, plural=ENDPOINTS
    )
    items = listing.get("items", []) if isinstance(listing, dict) else []
    return [
        item
        for item in items
        if (item.get("spec") or {}).get("group") == group
        and not item.get("metadata", {}).get("deletionTimestamp")
    ]


def endpoint_synced(endpoint: Mapping[str, Any]) -> bool:
    """Whether an endpoint's current generation is mirrored (Ready=True for this generation)."""
    status = endpoint.get("status") or {}
    generation = endpoint.get("metadata", {}).get("generation")
    for condition in status.get("conditions") or ():
        if condition.get("type") == "Ready":
            fresh = generation is None or condition.get("observedGeneration") == generation
            return bool(condition.get("status") == "True" and fresh)
    return False


def group_status(
    ctx: OperatorContext,
    current: Any,
    namespace: str,
    name: str,
    deployment: dict[str, Any] | None,
    generation: int | None,
    known: Mapping[str, bool] | None = None,
) -> dict[str, Any]:
    """Ready once the Deployment is available and every endpoint of the group is synced.

    ``known`` overrides what the API server says about some endpoints: an endpoint handler calls this
    before kopf has written the endpoint's own new status.
    """
    endpoints = list_endpoints_of(ctx, namespace, name)
    known = known or {}
    synced = sum(
        1 for endpoint in endpoints if known.get(endpoint["metadata"]["name"], endpoint_synced(endpoint))
    )
    available, why = deployment_available(deployment)
    url = group_url(ctx.settings, namespace, name)
    if not available:
        ready = status_with_ready(
            current,
            status="False",
            reason=Reason.DEPLOYMENT_PROGRESSING,
            message=why,
            generation=generation,
            endpoints=synced,
            url=url,
        )
    elif synced < len(endpoints):
        message = f"{synced}/{len(endpoints)} endpoints synced"
        ready = status_with_ready(
            current,
            status="False",
            reason=Reason.ENDPOINTS_PENDING,
            message=message,
            generation=generation,
            endpoints=synced,
            url=url,
        )
    else:
        message = f"{synced} endpoints served"
        ready = status_with_ready(
            current,
            status="True",
            reason=Reason.SYNCED,
            message=message,
            generation=generation,
            endpoints=synced,
            url=url,
        )
    return ready


def refresh_group_status(
    ctx: OperatorContext,
    namespace: str,
    name: str,
    known: Mapping[str, bool] | None = None,
    *,
    handled_generation: int | None = None,
) -> None:
    """Recompute and write a group's Ready from what the API server says now.

    Every writer of a group's Ready (its handler, child events, endpoint handlers) goes through here
    under one lock per group, reading the Deployment and the endpoints inside the lock: the last write
    is always computed from the freshest state, so a slow handler cannot overwrite a newer answer.
    ``handled_generation`` is set by the group's handler, which settles that generation; other callers
    leave the status alone until the handler has written it (and while it reports a failure).
    """
    with ctx.group_lock(namespace, name):
        obj = read_object(ctx, GROUPS, namespace, name)
        if obj is None or obj.get("metadata", {}).get("deletionTimestamp"):
            return
        current = obj.get("status") or {}
        generation = handled_generation
        if generation is None:
            ready = ready_condition(current)
            generation = generation_of(obj)
            if (
                ready is None
                or current.get("observedGeneration") != generation
                or ready.get("reason") in _HANDLER_OWNED
            ):
                return  # the group's handler has not settled this generation; it will write the status
        deployment = read_deployment(ctx, namespace, service_name(ctx.settings, name))
        new = group_status(ctx, current, namespace, name, deployment, generation, known)
        changes = changed_fields(current, new)
        if changes:
            patch_status(ctx, GROUPS, namespace, name, changes)
