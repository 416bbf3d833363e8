"""The group's mockserver Deployment and Service: create when missing, patch when drifted.

Drift is judged on the config-hash annotation written by :mod:`estoca_operator.manifests` plus the
fields people edit by hand (replicas, image), not on a full comparison: a real API server adds defaults
to every object, so a field-by-field equality check would never settle.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from kubernetes.client.exceptions import ApiException

from estoca_core.spec import MockGroup
from estoca_operator.manifests import CONFIG_HASH_ANNOTATION, build_deployment, build_service, service_name
from estoca_operator.reconcile.context import OperatorContext

MERGE_PATCH = "application/merge-patch+json"
Outcome = Literal["created", "patched", "unchanged"]


def _to_dict(ctx: OperatorContext, obj: Any) -> dict[str, Any]:
    data = ctx.api_client.sanitize_for_serialization(obj)  # type: ignore[no-untyped-call]
    return data if isinstance(data, dict) else {}


def read_deployment(ctx: OperatorContext, namespace: str, name: str) -> dict[str, Any] | None:
    """The Deployment as a wire dict, or None if it does not exist."""
    try:
        return _to_dict(ctx, ctx.apps.read_namespaced_deployment(name=name, namespace=namespace))
    except ApiException as exc:
        if exc.status == 404:
            return None
        raise


def _deployment_drifted(current: dict[str, Any], desired: dict[str, Any]) -> bool:
    annotations = current.get("metadata", {}).get("annotations") or {}
    if annotations.get(CONFIG_HASH_ANNOTATION) != desired["metadata"]["annotations"][CONFIG_HASH_ANNOTATION]:
        return True
    spec, want = current.get("spec") or {}, desired["spec"]
    if spec.get("replicas") != want["replicas"]:
        return True
    containers = spec.get("template", {}).get("spec", {}).get("containers") or [{}]
    want_container = want["template"]["spec"]["containers"][0]
    return any(containers[0].get(key) != want_container[key] for key in ("image", "args", "env"))


def ensure_deployment(ctx: OperatorContext, group: MockGroup) -> tuple[dict[str, Any], Outcome]:
    """Make the group's Deployment match the desired one; return it and what was done."""
    desired = build_deployment(group, ctx.settings)
    namespace, name = desired["metadata"]["namespace"], desired["metadata"]["name"]
    current = read_deployment(ctx, namespace, name)
    if current is None:
        try:
            created = ctx.apps.create_namespaced_deployment(namespace=namespace, body=cast(Any, desired))
            return _to_dict(ctx, created), "created"
        except ApiException as exc:
            if exc.status != 409:  # created meanwhile (another event): fall through and compare
                raise
            current = read_deployment(ctx, namespace, name) or {}
    if not _deployment_drifted(current, desired):
        return current, "unchanged"
    patched = ctx.apps.patch_namespaced_deployment(
        name=name, namespace=namespace, body=desired, _content_type=MERGE_PATCH
    )
    return _to_dict(ctx, patched), "patched"


def ensure_service(ctx: OperatorContext, group: MockGroup) -> Outcome:
    """Make the group's Service match the desired one."""
    desired = build_service(group, ctx.settings)
    namespace, name = desired["metadata"]["namespace"], desired["metadata"]["name"]
    try:
        current = _to_dict(ctx, ctx.core.read_namespaced_service(name=name, namespace=namespace))
    except ApiException as exc:
        if exc.status != 404:
            raise
        try:
            ctx.core.create_namespaced_service(namespace=namespace, body=cast(Any, desired))
            return "created"
        except ApiException as create_exc:
            if create_exc.status != 409:
                raise
            return "unchanged"
    annotations = current.get("metadata", {}).get("annotations") or {}
    selector = (current.get("spec") or {}).get("selector")
    want = desired["metadata"]["annotations"][CONFIG_HASH_ANNOTATION]
    if annotations.get(CONFIG_HASH_ANNOTATION) == want and selector == desired["spec"]["selector"]:
        return "unchanged"
    ctx.core.patch_namespaced_service(name=name, namespace=namespace, body=desired, _content_type=MERGE_PATCH)
    return "patched"


def delete_children(ctx: OperatorContext, namespace: str, group: str) -> None:
    """Delete the group's Deployment and Service now (the garbage collector would, later)."""
    name = service_name(ctx.settings, group)
    for delete in (ctx.apps.delete_namespaced_deployment, ctx.core.delete_namespaced_service):
        try:
            delete(name=name, namespace=namespace)
        except ApiException as exc:
            if exc.status != 404:
                raise


def deployment_available(deployment: dict[str, Any] | None) -> tuple[bool, str]:
    """Whether the Deployment serves (every wanted replica available), and why not."""
    if deployment is None:
        return False, "the mockserver Deployment does not exist yet"
    wanted = int((deployment.get("spec") or {}).get("replicas", 1) or 0)
    status = deployment.get("status") or {}
    available = int(status.get("availableReplicas") or 0)
    if available >= wanted:
        return True, ""
    return False, f"mockserver Deployment has {available}/{wanted} replicas available"
