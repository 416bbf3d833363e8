"""``KubernetesStore`` (``STORAGE=kubernetes``): writes are MockGroup/MockEndpoint custom resources.

The API writes resources under its ServiceAccount and the operator mirrors them into PostgreSQL, so
reads (lists, details, stats, export) come from the mirror, like everything else the UI shows, and a
write returns once the operator has mirrored it (the record carries the database id the UI needs).

UI edits and kubectl edits meet through ``resourceVersion``: an update is sent with the resourceVersion
of the resource the mirror row came from, so the API server refuses it (409) when someone changed the
resource in between; that, and a resource that moved on but is not mirrored yet, is a
``StaleVersionError`` (409 "changed by someone else"). A duplicate name (409 AlreadyExists) is a
``ConflictError`` and the API server's own validation (422) an ``InvalidArgumentError``.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from estoca_api.problems import ProblemError
from estoca_api.settings import ApiSettings
from estoca_api.storage.base import ImportedResource, ImportResult
from estoca_api.storage.mirror import MirrorReads, check_version
from estoca_core.db.models import Endpoint, Group
from estoca_core.errors import ConflictError, InvalidArgumentError, NotFoundError, StaleVersionError
from estoca_core.repository import EndpointRecord, GroupRecord
from estoca_core.spec import (
    API_GROUP,
    API_VERSION,
    MockEndpoint,
    MockEndpointSpec,
    MockGroup,
    MockGroupSpec,
)

PLURALS = {"MockGroup": "mockgroups", "MockEndpoint": "mockendpoints"}
MERGE_PATCH = "application/merge-patch+json"
CREATED_BY = f"{API_GROUP}/created-by"
R = TypeVar("R", GroupRecord, EndpointRecord)

_client_lock = threading.Lock()
_client: Any = None


def _api_client() -> Any:
    """One Kubernetes client per process: in-cluster ServiceAccount, else ``$KUBECONFIG``."""
    global _client
    import kubernetes

    with _client_lock:
        if _client is None:
            configuration = kubernetes.client.Configuration()
            try:
                kubernetes.config.load_incluster_config(client_configuration=configuration)  # type: ignore[no-untyped-call]
            except kubernetes.config.ConfigException:
                kubernetes.config.load_kube_config(  # type: ignore[no-untyped-call]
                    config_file=os.environ.get("KUBECONFIG") or None, client_configuration=configuration
                )
            _client = kubernetes.client.ApiClient(configuration)
        return _client


def reset_client() -> None:
    """Forget the cached client (tests point the API at another fake API server)."""
    global _client
    with _client_lock:
        _client = None


def merge_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON merge patch that turns ``old`` into ``new``: removed keys become null."""
    diff: dict[str, Any] = {key: None for key in old if key not in new}
    for key, value in new.items():
        before = old.get(key)
        if isinstance(value, Mapping) and isinstance(before, Mapping):
            nested = merge_diff(before, value)
            if nested:
                diff[key] = nested
        elif key not in old or before != value:
            diff[key] = value
    return diff


def api_error(exc: Any, *, kind: str, name: str) -> Exception:
    """The core error (or problem) for an error answer of the API server."""
    status = int(getattr(exc, "status", 0) or 0)
    reason = _status_message(exc)
    if status == 404:
        return NotFoundError(f"{kind} {name!r} does not exist in Kubernetes", field="name")
    if status == 409 and "already exists" in reason.lower():
        return ConflictError(f"a {kind} named {name!r} already exists in this namespace", field="name")
    if status == 409:
        return StaleVersionError(f"{kind} {name!r} was changed by someone else: {reason}")
    if status == 422:
        return InvalidArgumentError(f"the Kubernetes API refused the {kind}: {reason}", field="spec")
    if status in (401, 403):
        return ProblemError(502, f"the API's ServiceAccount may not write {kind} resources: {reason}")
    return ProblemError(502, f"the Kubernetes API answered {status or 'nothing'}: {reason}")


def _status_message(exc: Any) -> str:
    import json

    body = getattr(exc, "body", None)
    try:
        data = json.loads(body) if body else {}
    except (TypeError, ValueError):
        data = {}
    return str(data.get("message") or getattr(exc, "reason", "") or exc)


class KubernetesStore(MirrorReads):
    """Writes as custom resources, reads from the operator's PostgreSQL mirror."""

    kind = "kubernetes"

    def __init__(self, session: Session, settings: ApiSettings) -> None:
        import kubernetes

        super().__init__(session, settings)
        self.custom = kubernetes.client.CustomObjectsApi(_api_client())
        self.mirror_timeout_s = float(getattr(settings, "kubernetes_mirror_timeout_s", 10.0))

    def ready(self) -> bool:
        import kubernetes

        try:
            self.session.execute(text("SELECT 1"))
            # Also proves that the CRDs are installed and the ServiceAccount may discover them.
            self.custom.get_api_resources(group=API_GROUP, version=API_VERSION)
        except (SQLAlchemyError, kubernetes.client.exceptions.ApiException, OSError):
            return False
        finally:
            self.session.rollback()
        return True

    # ------------------------------------------------------------ Kubernetes calls

    def _call(self, kind: str, label: str, fn: Callable[..., Any], **kwargs: Any) -> Any:
        """Call the custom-objects API for ``kind``; ``label`` names the resource in errors."""
        from kubernetes.client.exceptions import ApiException

        try:
            return fn(group=API_GROUP, version=API_VERSION, plural=PLURALS[kind], **kwargs)
        except ApiException as exc:
            raise api_error(exc, kind=kind, name=label) from exc

    def _read(self, kind: str, namespace: str, name: str) -> dict[str, Any]:
        obj = self._call(kind, name, self.custom.get_namespaced_custom_object, namespace=namespace, name=name)
        return dict(obj)

    def _create(self, resource: MockGroup | MockEndpoint, created_by: str | None) -> dict[str, Any]:
        body = resource.to_wire()
        body.pop("status", None)
        if created_by:
            body["metadata"].setdefault("annotations", {})[CREATED_BY] = created_by
        meta = resource.metadata
        obj = self._call(
            resource.kind,
            meta.name,
            self.custom.create_namespaced_custom_object,
            namespace=meta.namespace,
            body=body,
        )
        return dict(obj)

    def _replace_spec(
        self, kind: str, record: GroupRecord | EndpointRecord, spec: dict[str, Any]
    ) -> dict[str, Any]:
        """Send the new spec with the resourceVersion the mirror row was made from (409 if it moved)."""
        current = self._read(kind, record.namespace, record.name)
        meta = current.get("metadata") or {}
        if meta.get("uid") != record.k8s_uid or meta.get("generation") != record.k8s_generation:
            raise StaleVersionError(
                f"{kind} {record.name!r} was changed in Kubernetes since it was read; reload it and try again"
            )
        patch = merge_diff(current.get("spec") or {}, spec)
        if not patch:
            return current
        body = {"metadata": {"resourceVersion": meta.get("resourceVersion")}, "spec": patch}
        obj = self._call(
            kind,
            record.name,
            self.custom.patch_namespaced_custom_object,
            namespace=record.namespace,
            name=record.name,
            body=body,
            _content_type=MERGE_PATCH,
        )
        return dict(obj) if obj else self._read(kind, record.namespace, record.name)

    def _delete(self, kind: str, record: GroupRecord | EndpointRecord) -> None:
        self._call(
            kind,
            record.name,
            self.custom.delete_namespaced_custom_object,
            namespace=record.namespace,
            name=record.name,
            body={"preconditions": {"uid": record.k8s_uid}},
        )

    # ------------------------------------------------------------ the mirror

    def _await(self, find: Callable[[], R | None], what: str) -> R:
        """Wait until the operator has mirrored a write (each query sees the latest commits)."""
        deadline = time.monotonic() + self.mirror_timeout_s
        while True:
            self.session.expire_all()
            found = find()
            self.session.rollback()  # end the read transaction: the next poll sees new commits
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                raise ProblemError(
                    503,
                    f"{what} was written to Kubernetes but the operator has not mirrored it within "
                    f"{self.mirror_timeout_s:g} s; check the operator and the resource's Ready condition",
                )
            time.sleep(0.05)

    def _mirrored_group(self, obj: Mapping[str, Any]) -> GroupRecord:
        meta = obj["metadata"]

        def find() -> GroupRecord | None:
            row = self.session.scalars(
                select(Group).where(Group.k8s_uid == meta["uid"], Group.deleted_at.is_(None))
            ).first()
            if row is None or (row.k8s_generation or 0) < int(meta.get("generation") or 0):
                return None
            return self.repo.get_group(row.id)

        return self._await(find, f"MockGroup {meta['name']!r}")

    def _mirrored_endpoint(self, obj: Mapping[str, Any]) -> EndpointRecord:
        meta = obj["metadata"]

        def find() -> EndpointRecord | None:
            row = self.session.scalars(
                select(Endpoint).where(Endpoint.k8s_uid == meta["uid"], Endpoint.deleted_at.is_(None))
            ).first()
            if row is None or (row.k8s_generation or 0) < int(meta.get("generation") or 0):
                return None
            return self.repo.get_endpoint(row.id)

        return self._await(find, f"MockEndpoint {meta['name']!r}")

    def _await_gone(self, model: type[Group] | type[Endpoint], uid: str | None) -> None:
        """Best effort: wait for the operator to soft-delete the row (the finalizer holds the resource)."""
        deadline = time.monotonic() + self.mirror_timeout_s
        while time.monotonic() < deadline:
            self.session.expire_all()
            live = self.session.scalars(
                select(model.id).where(model.k8s_uid == uid, model.deleted_at.is_(None))
            )
            found = live.first()
            self.session.rollback()
            if found is None:
                return
            time.sleep(0.05)

    # ------------------------------------------------------------ groups

    def create_group(
        self, *, namespace: str, name: str, spec: MockGroupSpec, created_by: str | None
    ) -> GroupRecord:
        resource = MockGroup.model_validate(
            {"metadata": {"name": name, "namespace": namespace}, "spec": spec}
        )
        return self._mirrored_group(self._create(resource, created_by))

    def update_group(
        self, group_id: uuid.UUID, *, name: str, spec: MockGroupSpec, expected_version: int | None
    ) -> GroupRecord:
        record = self.repo.get_group(group_id)
        check_version(record.version, expected_version)
        _check_same_name("MockGroup", record.name, name)
        return self._mirrored_group(self._replace_spec("MockGroup", record, spec.to_wire()))

    def delete_group(self, group_id: uuid.UUID, *, expected_version: int | None) -> None:
        record = self.repo.get_group(group_id)
        check_version(record.version, expected_version)
        self._delete("MockGroup", record)
        self._await_gone(Group, record.k8s_uid)

    # ------------------------------------------------------------ endpoints

    def create_endpoint(
        self, group_id: uuid.UUID, *, name: str, spec: MockEndpointSpec, created_by: str | None
    ) -> EndpointRecord:
        group = self.repo.get_group(group_id)
        wire = {**spec.to_wire(), "group": group.name}
        resource = MockEndpoint.model_validate(
            {"metadata": {"name": name, "namespace": group.namespace}, "spec": wire}
        )
        return self._mirrored_endpoint(self._create(resource, created_by))

    def update_endpoint(
        self,
        group_id: uuid.UUID,
        endpoint_id: uuid.UUID,
        *,
        name: str,
        spec: MockEndpointSpec,
        expected_version: int | None,
    ) -> EndpointRecord:
        record = self.get_endpoint(group_id, endpoint_id)
        check_version(record.version, expected_version)
        _check_same_name("MockEndpoint", record.name, name)
        wire = {**spec.to_wire(), "group": record.group}
        return self._mirrored_endpoint(self._replace_spec("MockEndpoint", record, wire))

    def delete_endpoint(
        self, group_id: uuid.UUID, endpoint_id: uuid.UUID, *, expected_version: int | None
    ) -> None:
        record = self.get_endpoint(group_id, endpoint_id)
        check_version(record.version, expected_version)
        self._delete("MockEndpoint", record)
        self._await_gone(Endpoint, record.k8s_uid)

    # ------------------------------------------------------------ the rest

    def import_yaml(self, text: str, *, created_by: str | None) -> ImportResult:
        """Validate every document first (nothing is written if one is wrong), then create or update."""
        from estoca_core.apply import parse_text, validate_documents

        valid = validate_documents(parse_text(text))
        # Groups first, so that their endpoints find them.
        ordered = sorted(valid, key=lambda item: 0 if item.resource.kind == "MockGroup" else 1)
        written: list[ImportedResource] = []
        for item in ordered:
            resource = item.resource
            meta = resource.metadata
            action: Literal["created", "updated", "unchanged"]
            try:
                self._read(resource.kind, meta.namespace, meta.name)
            except NotFoundError:
                self._create(resource, created_by)
                action = "created"
            else:
                record: GroupRecord | EndpointRecord = (
                    self.repo.get_group_by_name(meta.namespace, meta.name)
                    if resource.kind == "MockGroup"
                    else self.repo.get_endpoint_by_name(meta.namespace, meta.name)
                )
                if record.spec == resource.spec:
                    action = "unchanged"  # no write: the resourceVersion and generation stay
                else:
                    self._replace_spec(resource.kind, record, resource.spec.to_wire())
                    action = "updated"
            written.append(
                ImportedResource(kind=resource.kind, namespace=meta.namespace, name=meta.name, action=action)
            )
        return ImportResult(resources=written)


def _check_same_name(kind: str, current: str, wanted: str) -> None:
    if current != wanted:
        raise InvalidArgumentError(
            f"a {kind} cannot be renamed in Kubernetes mode; create a new one and delete {current!r}",
            field="name",
        )
