"""Pure builders of the Kubernetes objects the operator owns: no API calls, no I/O.

Keeping them pure lets the tests check every field without a server and lets the reconcilers compare
what is (read from the API) with what should be (built here). Names, labels, URLs and the config hash
all come from here so that every caller agrees on them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from estoca_core.spec import FULL_API_VERSION, MockGroup
from estoca_operator.settings import OperatorSettings

PREFIX = "mock.estoca.io"
FINALIZER = f"{PREFIX}/finalizer"
CONFIG_HASH_ANNOTATION = f"{PREFIX}/config-hash"
GROUP_LABEL = f"{PREFIX}/group"
MANAGED_BY = "estoca-mock-operator"
HTTP_PORT_NAME = "http"
SERVICE_PORT = 80


def service_name(settings: OperatorSettings, group: str) -> str:
    """Name of the group's Deployment and Service (``mock-<group>`` by default)."""
    return settings.service_name_template.format(group=group)


def selector_labels(group: str) -> dict[str, str]:
    """Labels that select the group's mockserver pods (immutable once the Deployment exists)."""
    return {
        "app.kubernetes.io/name": "estoca-mockserver",
        "app.kubernetes.io/instance": f"mock-{group}",
        GROUP_LABEL: group,
    }


def labels(group: str) -> dict[str, str]:
    """Every label of the objects the operator creates for a group."""
    return {
        **selector_labels(group),
        "app.kubernetes.io/component": "mockserver",
        "app.kubernetes.io/part-of": "estoca-mock-api",
        "app.kubernetes.io/managed-by": MANAGED_BY,
    }


def group_url(settings: OperatorSettings, namespace: str, group: str) -> str:
    """Base URL of a group's mocks, as shown in MockGroup status."""
    return settings.public_url_template.format(
        service=service_name(settings, group), namespace=namespace, group=group
    ).rstrip("/")


def endpoint_urls(settings: OperatorSettings, namespace: str, group: str, path: str) -> tuple[str, str]:
    """(url, chaos url) of an endpoint, as shown in MockEndpoint status."""
    base = group_url(settings, namespace, group)
    url = base if path == "/" else base + path
    return url, url.rstrip("/") + "/chaos"


def owner_reference(group: MockGroup) -> dict[str, Any]:
    """Owner reference to the MockGroup, so that the garbage collector removes the children with it."""
    return {
        "apiVersion": FULL_API_VERSION,
        "kind": "MockGroup",
        "name": group.metadata.name,
        "uid": group.metadata.uid,
        "controller": True,
        "blockOwnerDeletion": True,
    }


def resources_for(group: MockGroup, settings: OperatorSettings) -> dict[str, dict[str, str]]:
    """The group's own resources if it sets any, else the operator's defaults."""
    own = group.spec.server.resources
    if own is not None and (own.requests or own.limits):
        return {
            key: dict(value) for key, value in (("requests", own.requests), ("limits", own.limits)) if value
        }
    return {key: dict(value) for key, value in settings.default_resources.items() if value}


def _container(group: MockGroup, settings: OperatorSettings) -> dict[str, Any]:
    name = group.metadata.name
    probe = {
        "httpGet": {"path": "/readyz", "port": HTTP_PORT_NAME},
        "periodSeconds": 5,
        "failureThreshold": 3,
    }
    env = [
        {
            "name": "DATABASE_URL",
            "valueFrom": {
                "secretKeyRef": {"name": settings.database_secret_name, "key": settings.database_secret_key}
            },
        },
        {"name": "MOCKSERVER_GROUPS", "value": name},
        {"name": "MOCKSERVER_NAMESPACE", "value": group.metadata.namespace},
        {"name": "MOCKSERVER_HOST", "value": "0.0.0.0"},  # noqa: S104 - a pod must listen on its own IP
        {"name": "MOCKSERVER_PORT", "value": str(settings.mockserver_port)},
    ]
    return {
        "name": "mockserver",
        "image": settings.mockserver_image,
        "imagePullPolicy": settings.mockserver_image_pull_policy,
        "args": ["mockserver", "--group", name],
        "env": env,
        "ports": [{"name": HTTP_PORT_NAME, "containerPort": settings.mockserver_port, "protocol": "TCP"}],
        "readinessProbe": probe,
        "livenessProbe": {
            "httpGet": {"path": "/healthz", "port": HTTP_PORT_NAME},
            "periodSeconds": 10,
            "failureThreshold": 3,
        },
        "startupProbe": {
            "httpGet": {"path": "/healthz", "port": HTTP_PORT_NAME},
            "periodSeconds": 2,
            "failureThreshold": 30,
        },
        "resources": resources_for(group, settings),
        "securityContext": {
            "runAsNonRoot": True,
            "readOnlyRootFilesystem": True,
            "allowPrivilegeEscalation": False,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],  # noqa: S108 - an emptyDir, not the host's
    }


def config_hash(manifest: dict[str, Any]) -> str:
    """A stable digest of a desired manifest: a changed hash means the object must be patched."""
    text = json.dumps(manifest, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build_deployment(group: MockGroup, settings: OperatorSettings) -> dict[str, Any]:
    """The group's mockserver Deployment, owned by the MockGroup."""
    name = service_name(settings, group.metadata.name)
    pod_spec: dict[str, Any] = {
        "automountServiceAccountToken": False,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 10001,
            "runAsGroup": 10001,
            "fsGroup": 10001,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "containers": [_container(group, settings)],
        "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}],
    }
    if settings.mockserver_service_account:
        pod_spec["serviceAccountName"] = settings.mockserver_service_account
    spec: dict[str, Any] = {
        "replicas": group.spec.server.replicas,
        "selector": {"matchLabels": selector_labels(group.metadata.name)},
        "template": {"metadata": {"labels": labels(group.metadata.name)}, "spec": pod_spec},
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": name,
            "namespace": group.metadata.namespace,
            "labels": labels(group.metadata.name),
            "annotations": {CONFIG_HASH_ANNOTATION: config_hash(spec)},
            "ownerReferences": [owner_reference(group)],
        },
        "spec": spec,
    }


def build_service(group: MockGroup, settings: OperatorSettings) -> dict[str, Any]:
    """The group's ClusterIP Service in front of its mockserver pods."""
    spec: dict[str, Any] = {
        "type": "ClusterIP",
        "selector": selector_labels(group.metadata.name),
        "ports": [
            {"name": HTTP_PORT_NAME, "port": SERVICE_PORT, "targetPort": HTTP_PORT_NAME, "protocol": "TCP"}
        ],
    }
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": service_name(settings, group.metadata.name),
            "namespace": group.metadata.namespace,
            "labels": labels(group.metadata.name),
            "annotations": {CONFIG_HASH_ANNOTATION: config_hash(spec)},
            "ownerReferences": [owner_reference(group)],
        },
        "spec": spec,
    }
