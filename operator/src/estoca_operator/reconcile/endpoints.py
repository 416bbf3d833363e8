"""MockEndpoint: validate with the spec models, upsert the mirror rows, report Ready with the URLs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import kopf
from kubernetes.client.exceptions import ApiException
from pydantic import ValidationError

from estoca_core.errors import ConflictError, EstocaError, NotFoundError
from estoca_core.spec import MockEndpoint
from estoca_operator.conditions import Reason
from estoca_operator.manifests import endpoint_urls
from estoca_operator.reconcile.common import Logger, describe_errors, generation_of, wire
from estoca_operator.reconcile.context import OperatorContext
from estoca_operator.reconcile.database import DatabaseDown, backoff, repository
from estoca_operator.reconcile.status import (
    ENDPOINTS,
    changed_fields,
    endpoint_synced,
    list_endpoints_of,
    patch_status,
    refresh_group_status,
    status_with_ready,
    write_status,
)


@dataclass(frozen=True)
class Mirrored:
    """What mirroring one endpoint produced: its new status and, on failure, when to retry."""

    status: dict[str, Any]
    reason: Reason
    message: str
    retry_in: float | None = None


def mirror_endpoint(ctx: OperatorContext, obj: Any, retry: int) -> Mirrored:
    """Validate and upsert one MockEndpoint object; never raises for expected failures."""
    generation = generation_of(obj)
    current = obj.get("status")
    namespace = obj.get("metadata", {}).get("namespace") or ""

    def failed(reason: Reason, message: str, retry_in: float | None) -> Mirrored:
        status = status_with_ready(
            current, status="False", reason=reason, message=message, generation=generation
        )
        return Mirrored(status, reason, message, retry_in)

    try:
        endpoint = MockEndpoint.model_validate(wire(obj))
    except ValidationError as exc:
        return failed(Reason.INVALID_SPEC, describe_errors(exc), None)  # nothing written, nothing to retry
    group = endpoint.spec.group
    try:
        with repository(ctx) as repo:
            repo.upsert_endpoint(endpoint, source="kubernetes")
    except DatabaseDown as exc:
        return failed(
            Reason.DATABASE_UNAVAILABLE, f"database unavailable, retrying: {exc}", backoff(ctx, retry)
        )
    except NotFoundError as exc:
        if exc.field not in (None, "spec.group"):
            return failed(Reason.CONFLICT, str(exc), ctx.settings.drift_interval_s)
        return failed(
            Reason.GROUP_NOT_FOUND,
            f"MockGroup {group} does not exist in {namespace}",
            ctx.settings.group_wait_s,
        )
    except (ConflictError, EstocaError) as exc:
        return failed(Reason.CONFLICT, str(exc), ctx.settings.drift_interval_s)
    url, chaos_url = endpoint_urls(ctx.settings, namespace, group, endpoint.spec.path)
    message = f"served at {url}"
    status = status_with_ready(
        current,
        status="True",
        reason=Reason.SYNCED,
        message=message,
        generation=generation,
        url=url,
        chaosUrl=chaos_url,
    )
    return Mirrored(status, Reason.SYNCED, message)


def reconcile_endpoint(
    ctx: OperatorContext, body: kopf.Body, patch: kopf.Patch, logger: Logger, retry: int
) -> None:
    """Create/update/resume/drift: mirror the endpoint, or say precisely why it is not served."""
    result = mirror_endpoint(ctx, body, retry)
    write_status(body, patch, result.status)
    if result.reason is not Reason.SYNCED and retry == 0:  # one Event per episode, not one per retry
        kopf.warn(body, reason=result.reason, message=result.message)
    metadata = body.get("metadata") or {}
    known = {metadata.get("name", ""): result.reason is Reason.SYNCED}
    _refresh_group(ctx, metadata.get("namespace") or "", (body.get("spec") or {}).get("group"), logger, known)
    if result.retry_in is not None:
        raise kopf.TemporaryError(result.message, delay=result.retry_in)


def sync_group_endpoints(ctx: OperatorContext, namespace: str, group: str, logger: Logger) -> None:
    """Mirror the group's endpoints that are not synced yet (they waited for the group to exist)."""
    for obj in list_endpoints_of(ctx, namespace, group):
        if endpoint_synced(obj):
            continue
        result = mirror_endpoint(ctx, obj, 0)
        changes = changed_fields(obj.get("status"), result.status)
        if changes:
            patch_status(ctx, ENDPOINTS, namespace, obj["metadata"]["name"], changes)
        logger.debug("endpoint %s: %s", obj["metadata"]["name"], result.reason)


def delete_endpoint(ctx: OperatorContext, body: kopf.Body, logger: Logger, retry: int) -> None:
    """Soft-delete the endpoint's rows; the finalizer holds the resource until that is done."""
    metadata = body.get("metadata") or {}
    try:
        with repository(ctx) as repo:
            if not metadata.get("uid") or not repo.soft_delete_by_uid("MockEndpoint", metadata["uid"]):
                logger.debug("no live rows for MockEndpoint %s (never mirrored)", metadata.get("name"))
    except DatabaseDown as exc:
        raise kopf.TemporaryError(f"database unavailable: {exc}", delay=backoff(ctx, retry)) from exc
    _refresh_group(ctx, metadata.get("namespace") or "", (body.get("spec") or {}).get("group"), logger)


def _refresh_group(
    ctx: OperatorContext, namespace: str, group: Any, logger: Logger, known: dict[str, bool] | None = None
) -> None:
    """Best effort: the group's endpoint count changed; the group's timer repairs a missed update."""
    if not isinstance(group, str) or not group:
        return
    try:
        refresh_group_status(ctx, namespace, group, known)
    except ApiException as exc:
        logger.warning("could not refresh MockGroup %s/%s status: %s", namespace, group, exc.reason)
