"""MockGroup: mirror row, mockserver Deployment + Service, and a Ready status that says why not."""

from __future__ import annotations

import kopf
from kubernetes.client.exceptions import ApiException
from pydantic import ValidationError

from estoca_core.errors import ConflictError, EstocaError, NotFoundError
from estoca_core.spec import MockGroup
from estoca_operator.conditions import Reason
from estoca_operator.manifests import GROUP_LABEL
from estoca_operator.reconcile.children import delete_children, ensure_deployment, ensure_service
from estoca_operator.reconcile.common import Logger, describe_errors, generation_of, wire
from estoca_operator.reconcile.context import OperatorContext
from estoca_operator.reconcile.database import DatabaseDown, backoff, repository
from estoca_operator.reconcile.endpoints import sync_group_endpoints
from estoca_operator.reconcile.status import (
    ENDPOINTS,
    GROUPS,
    list_endpoints_of,
    patch_status,
    read_object,
    refresh_group_status,
    status_with_ready,
    write_status,
)


def reconcile_group(
    ctx: OperatorContext, body: kopf.Body, patch: kopf.Patch, logger: Logger, retry: int
) -> None:
    """Create/update/resume/drift: upsert the row, converge the children, report Ready."""
    generation = generation_of(body)
    current = body.get("status")
    try:
        group = MockGroup.model_validate(wire(body))
    except ValidationError as exc:
        message = describe_errors(exc)
        write_status(
            body,
            patch,
            status_with_ready(
                current, status="False", reason=Reason.INVALID_SPEC, message=message, generation=generation
            ),
        )
        kopf.warn(body, reason=Reason.INVALID_SPEC, message=message)
        return  # nothing to retry until the spec changes

    try:
        with repository(ctx) as repo:
            _, outcome = repo.upsert_group(group, source="kubernetes")
        logger.debug("mirror row %s", outcome)
    except DatabaseDown as exc:
        _fail(body, patch, Reason.DATABASE_UNAVAILABLE, f"database unavailable, retrying: {exc}", retry)
        raise kopf.TemporaryError(f"database unavailable: {exc}", delay=backoff(ctx, retry)) from exc
    except (ConflictError, NotFoundError) as exc:
        _fail(body, patch, Reason.CONFLICT, str(exc), retry)
        raise kopf.TemporaryError(str(exc), delay=ctx.settings.drift_interval_s) from exc

    namespace, name = group.metadata.namespace, group.metadata.name
    try:
        # Endpoints that waited for this group (GroupNotFound) are mirrored now, not at their next retry.
        sync_group_endpoints(ctx, namespace, name, logger)
        ensure_deployment(ctx, group)
        ensure_service(ctx, group)
        # Written directly (not through kopf's patch) and under the group's lock: see refresh_group_status.
        refresh_group_status(ctx, namespace, name, handled_generation=generation)
    except ApiException as exc:
        message = f"Kubernetes API error {exc.status}: {exc.reason}"
        _fail(body, patch, Reason.KUBERNETES_ERROR, message, retry)
        raise kopf.TemporaryError(message, delay=backoff(ctx, retry)) from exc


def _fail(body: kopf.Body, patch: kopf.Patch, reason: Reason, message: str, retry: int) -> None:
    new = status_with_ready(
        body.get("status"), status="False", reason=reason, message=message, generation=generation_of(body)
    )
    write_status(body, patch, new)
    if retry == 0:  # one Event per episode, not one per retry
        kopf.warn(body, reason=reason, message=message)


def on_child_event(ctx: OperatorContext, event_type: str | None, body: kopf.Body, logger: Logger) -> None:
    """A Deployment/Service of ours changed: recreate it if it was deleted, refresh the group's Ready."""
    namespace = body.get("metadata", {}).get("namespace")
    group_name = (body.get("metadata", {}).get("labels") or {}).get(GROUP_LABEL)
    if not namespace or not group_name:
        return
    if event_type == "DELETED":
        obj = read_object(ctx, GROUPS, namespace, group_name)
        if obj is None or obj.get("metadata", {}).get("deletionTimestamp"):
            return
        try:
            group = MockGroup.model_validate(wire(obj))
        except ValidationError:
            return  # an invalid group has no children to keep
        logger.info(
            "%s %s/%s was deleted; recreating it",
            body.get("kind", "child"),
            namespace,
            body.get("metadata", {}).get("name"),
        )
        ensure_deployment(ctx, group)
        ensure_service(ctx, group)
    refresh_group_status(ctx, namespace, group_name)


def delete_group(ctx: OperatorContext, body: kopf.Body, logger: Logger, retry: int) -> None:
    """Soft-delete the row (and its endpoints' rows), delete the children now, tell the endpoints."""
    metadata = body.get("metadata") or {}
    namespace, name, uid = metadata.get("namespace") or "", metadata.get("name") or "", metadata.get("uid")
    try:
        with repository(ctx) as repo:
            if not uid or not repo.soft_delete_by_uid("MockGroup", uid):
                logger.debug("no live row for MockGroup %s/%s (never mirrored)", namespace, name)
    except DatabaseDown as exc:
        raise kopf.TemporaryError(f"database unavailable: {exc}", delay=backoff(ctx, retry)) from exc
    except EstocaError as exc:
        logger.warning("could not soft-delete MockGroup %s/%s: %s", namespace, name, exc)
    delete_children(ctx, namespace, name)
    for endpoint in list_endpoints_of(ctx, namespace, name):
        message = f"MockGroup {name} does not exist in {namespace}"
        new = status_with_ready(
            endpoint.get("status"),
            status="False",
            reason=Reason.GROUP_NOT_FOUND,
            message=message,
            generation=generation_of(endpoint),
        )
        patch_status(ctx, ENDPOINTS, namespace, endpoint["metadata"]["name"], new)
