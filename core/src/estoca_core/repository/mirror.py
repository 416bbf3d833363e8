"""Idempotent upserts of whole resources (apply, operator), export, stats, users and the served set."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any, Literal

from sqlalchemy import func, select

from estoca_core.db.base import utcnow
from estoca_core.db.models import Endpoint, Group
from estoca_core.errors import ConflictError, InvalidArgumentError, NotFoundError
from estoca_core.repository.base import as_uuid
from estoca_core.repository.endpoints import EndpointOps
from estoca_core.repository.groups import GroupOps
from estoca_core.repository.mapping import apply_endpoint_spec, apply_group_spec, endpoint_spec, group_spec
from estoca_core.repository.records import EndpointRecord, GroupRecord, UserRecord
from estoca_core.repository.served import load_served
from estoca_core.spec import MockEndpoint, MockGroup

UpsertResult = Literal["created", "updated", "unchanged"]
KIND_ALIASES = {
    "mockgroup": "MockGroup",
    "group": "MockGroup",
    "mockendpoint": "MockEndpoint",
    "endpoint": "MockEndpoint",
}


class MirrorOps(GroupOps, EndpointOps):
    # ------------------------------------------------------------ upserts

    def _find_mirrored(
        self, model: type[Group] | type[Endpoint], namespace: str, name: str, uid: str | None
    ) -> Any:
        if uid:
            row = self.session.scalars(
                select(model).where(model.k8s_uid == uid, model.deleted_at.is_(None))
            ).first()
            if row is not None:
                return row
        return self.session.scalars(
            select(model).where(model.namespace == namespace, model.name == name, model.deleted_at.is_(None))
        ).first()

    def upsert_group(
        self, resource: MockGroup, *, source: str, created_by: uuid.UUID | str | None = None
    ) -> tuple[GroupRecord, UpsertResult]:
        """Create or update by Kubernetes uid (when given), else by (namespace, name); unchanged: no write."""
        meta = resource.metadata
        row: Group | None = self._find_mirrored(Group, meta.namespace, meta.name, meta.uid)
        if row is None:
            try:
                record = self.create_group(
                    namespace=meta.namespace,
                    name=meta.name,
                    spec=resource.spec,
                    created_by=created_by,
                    source=source,
                    labels=meta.labels,
                    k8s_uid=meta.uid,
                    k8s_generation=meta.generation,
                )
                return record, "created"
            except ConflictError:
                # A concurrent upsert of the same resource committed first: update that row instead.
                row = self._find_mirrored(Group, meta.namespace, meta.name, meta.uid)
                if row is None:
                    raise
        same = (
            group_spec(row) == resource.spec
            and row.labels == meta.labels
            and row.name == meta.name
            and (meta.uid is None or row.k8s_uid == meta.uid)
            and (meta.generation is None or row.k8s_generation == meta.generation)
        )
        if same:
            return self._group_record_by_id(row.id), "unchanged"
        with self._writing():
            apply_group_spec(row, resource.spec)
            row.labels = dict(meta.labels)
            row.source = source
            if meta.uid is not None:
                row.k8s_uid = meta.uid
            if meta.generation is not None:
                row.k8s_generation = meta.generation
            row.updated_at = utcnow()
        return self._group_record_by_id(row.id), "updated"

    def upsert_endpoint(
        self, resource: MockEndpoint, *, source: str, created_by: uuid.UUID | str | None = None
    ) -> tuple[EndpointRecord, UpsertResult]:
        """Like ``upsert_group``; ``spec.group`` must be a live group of the namespace (field spec.group)."""
        meta = resource.metadata
        group = self._target_group(meta.namespace, resource.spec.group)
        row: Endpoint | None = self._find_mirrored(Endpoint, meta.namespace, meta.name, meta.uid)
        if row is None:
            try:
                record = self.create_endpoint(
                    name=meta.name,
                    spec=resource.spec,
                    group_id=group.id,
                    created_by=created_by,
                    source=source,
                    labels=meta.labels,
                    k8s_uid=meta.uid,
                    k8s_generation=meta.generation,
                )
                return record, "created"
            except ConflictError:
                # A concurrent upsert of the same resource committed first: update that row instead.
                row = self._find_mirrored(Endpoint, meta.namespace, meta.name, meta.uid)
                if row is None:
                    raise
        current = endpoint_spec(row, group.name, row.url_parameters, row.headers, row.request_body)
        same = (
            row.group_id == group.id
            and current == resource.spec
            and row.labels == meta.labels
            and row.name == meta.name
            and (meta.uid is None or row.k8s_uid == meta.uid)
            and (meta.generation is None or row.k8s_generation == meta.generation)
        )
        if same:
            return self._endpoint_record_by_id(row.id), "unchanged"
        self._check_endpoint_free(group, meta.name, resource.spec, exclude=row.id)
        with self._writing():
            row.group_id = group.id
            if current != resource.spec:
                apply_endpoint_spec(row, resource.spec)
            row.labels = dict(meta.labels)
            row.source = source
            if meta.uid is not None:
                row.k8s_uid = meta.uid
            if meta.generation is not None:
                row.k8s_generation = meta.generation
            row.updated_at = utcnow()
        return self._endpoint_record_by_id(row.id), "updated"

    def soft_delete_by_uid(self, kind: str, uid: str) -> bool:
        """Soft-delete the live row mirrored from Kubernetes object ``uid``; False if there is none.

        A MockGroup takes its endpoints along, like ``delete_group``.
        """
        canonical = KIND_ALIASES.get(kind.lower())
        if canonical is None:
            raise InvalidArgumentError(f"kind must be MockGroup or MockEndpoint, not {kind!r}", field="kind")
        model = Group if canonical == "MockGroup" else Endpoint
        row = self.session.scalars(
            select(model).where(model.k8s_uid == uid, model.deleted_at.is_(None))
        ).first()
        if row is None:
            return False
        if model is Group:
            self.delete_group(row.id)
        else:
            self.delete_endpoint(row.id)
        return True

    # ------------------------------------------------------------ users

    def ensure_user(self, email: str, name: str | None = None) -> UserRecord:
        """The user with this email, created on first login; ``name`` and ``last_login_at`` refreshed."""
        if "@" not in email:
            raise InvalidArgumentError(f"{email.strip()!r} is not an email address", field="email")
        user = self._user_row(email, name or "")
        with self._writing():
            if name and name != user.name:
                user.name = name
            user.last_login_at = utcnow()
        return UserRecord(
            id=user.id,
            email=user.email,
            name=user.name,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
        )

    # ------------------------------------------------------------ reading many

    def stats(self, namespace: str | None = None) -> dict[str, Any]:
        """Counts for the dashboard: live groups, live endpoints of live groups, per method, chaos on."""
        groups = select(func.count(Group.id)).where(Group.deleted_at.is_(None))
        live = (
            select(Endpoint.method, Endpoint.chaos_mode, func.count(Endpoint.id))
            .join(Group, Group.id == Endpoint.group_id)
            .where(Endpoint.deleted_at.is_(None), Group.deleted_at.is_(None))
            .group_by(Endpoint.method, Endpoint.chaos_mode)
        )
        if namespace is not None:
            groups = groups.where(Group.namespace == namespace)
            live = live.where(Group.namespace == namespace)
        by_method: dict[str, int] = defaultdict(int)
        chaos_enabled = 0
        for method, chaos_mode, count in self.session.execute(live).all():
            by_method[method] += count
            chaos_enabled += count if chaos_mode else 0
        return {
            "groups": int(self.session.scalar(groups) or 0),
            "endpoints": sum(by_method.values()),
            "byMethod": dict(sorted(by_method.items())),
            "chaosEnabled": chaos_enabled,
        }

    def export_group(self, id: uuid.UUID | str) -> list[MockGroup | MockEndpoint]:
        """The group and its live endpoints as resources (ordered by path, method), ready for apply."""
        group = self.get_group(id)
        resources: list[MockGroup | MockEndpoint] = [group.to_resource()]
        endpoints = self._served(Group.__table__.c.id == group.id)
        resources.extend(
            e.to_resource() for e in sorted(endpoints, key=lambda e: (e.spec.path, e.spec.method))
        )
        return resources

    def list_group_ids(
        self, *, namespace: str | None = None, names: list[str] | None = None
    ) -> list[uuid.UUID]:
        """Ids of live groups, by namespace and/or names, ordered by (namespace, name)."""
        stmt = select(Group.id).where(Group.deleted_at.is_(None)).order_by(Group.namespace, Group.name)
        if namespace is not None:
            stmt = stmt.where(Group.namespace == namespace)
        if names is not None:
            stmt = stmt.where(Group.name.in_(names))
        return list(self.session.scalars(stmt).all())

    def served_endpoints(
        self, groups: list[str] | None = None, namespace: str | None = None
    ) -> list[EndpointRecord]:
        """Every live endpoint of the live groups selected (all, or those named in ``groups``).

        Four queries whatever the size: the endpoints, then each contract table filtered the same way.
        """
        criteria: list[Any] = []
        if groups is not None:
            criteria.append(Group.__table__.c.name.in_(groups))
        if namespace is not None:
            criteria.append(Group.__table__.c.namespace == namespace)
        return self._served(*criteria)

    def served_endpoint(self, id: uuid.UUID | str) -> EndpointRecord | None:
        """The endpoint if it and its group are live, else None (the mockserver drops it)."""
        try:
            endpoint_id = as_uuid(id)
        except NotFoundError:
            return None
        found = self._served(Endpoint.__table__.c.id == endpoint_id)
        return found[0] if found else None

    def _served(self, *criteria: Any) -> list[EndpointRecord]:
        return load_served(self.session, *criteria)
