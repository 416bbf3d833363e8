"""Endpoint operations of the repository: list, get, create, update, delete and restore."""

from __future__ import annotations

import uuid
from dataclasses import replace

from sqlalchemy import func, select

from estoca_core.db.base import utcnow
from estoca_core.db.models import Endpoint, Group
from estoca_core.errors import ConflictError, InvalidArgumentError, NotFoundError
from estoca_core.repository.base import (
    RepositoryBase,
    as_uuid,
    check_name,
    check_page,
    order_clause,
    search_clause,
)
from estoca_core.repository.mapping import apply_endpoint_spec, endpoint_spec
from estoca_core.repository.records import EndpointRecord
from estoca_core.spec import MockEndpointSpec

ENDPOINT_SORTS = ("name", "path", "method", "created_at", "updated_at")


class EndpointOps(RepositoryBase):
    def list_endpoints(
        self,
        group_id: uuid.UUID | str | None = None,
        *,
        namespace: str | None = None,
        q: str | None = None,
        sort: str = "path",
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[EndpointRecord], int]:
        """One page of live endpoints (of one group, or of every live group) and the total count."""
        check_page(offset, limit)
        order = order_clause(Endpoint, sort, ENDPOINT_SORTS)
        stmt = self._endpoint_select().where(Group.deleted_at.is_(None))
        if group_id is not None:
            stmt = stmt.where(Endpoint.group_id == self._group_row(group_id).id)
        if namespace is not None:
            stmt = stmt.where(Endpoint.namespace == namespace)
        if (
            match := search_clause(q, Endpoint.name, Endpoint.path, Endpoint.description, Endpoint.method)
        ) is not None:
            stmt = stmt.where(match)
        total = self.session.scalar(select(func.count()).select_from(stmt.options().subquery())) or 0
        rows = self.session.execute(stmt.order_by(*order).offset(offset).limit(limit)).all()
        return [self._endpoint_record(*row) for row in rows], int(total)

    def get_endpoint(self, id: uuid.UUID | str) -> EndpointRecord:
        """The live endpoint ``id``; NotFoundError if it does not exist or is deleted."""
        return self._endpoint_record_by_id(as_uuid(id))

    def get_endpoint_by_name(self, namespace: str, name: str) -> EndpointRecord:
        row = self._live_endpoint_by_name(namespace, name)
        if row is None:
            raise NotFoundError(f"endpoint {name!r} not found in namespace {namespace!r}", field="name")
        return self._endpoint_record_by_id(row.id)

    # ------------------------------------------------------------ checks

    def _live_endpoint_by_name(self, namespace: str, name: str) -> Endpoint | None:
        return self.session.scalars(
            select(Endpoint).where(
                Endpoint.namespace == namespace, Endpoint.name == name, Endpoint.deleted_at.is_(None)
            )
        ).first()

    def _target_group(self, namespace: str, group_name: str) -> Group:
        group = self._live_group_by_name(namespace, group_name)
        if group is None:
            raise NotFoundError(
                f"group {group_name!r} does not exist in namespace {namespace!r}", field="spec.group"
            )
        return group

    def _check_endpoint_free(
        self, group: Group, name: str, spec: MockEndpointSpec, exclude: uuid.UUID | None = None
    ) -> None:
        other = self._live_endpoint_by_name(group.namespace, name)
        if other is not None and other.id != exclude:
            raise ConflictError(
                f"an endpoint named {name!r} already exists in namespace {group.namespace!r}", field="name"
            )
        same_route = self.session.scalars(
            select(Endpoint).where(
                Endpoint.group_id == group.id,
                Endpoint.method == spec.method,
                Endpoint.path == spec.path,
                Endpoint.deleted_at.is_(None),
            )
        ).first()
        if same_route is not None and same_route.id != exclude:
            raise ConflictError(
                f"group {group.name!r} already has {spec.method} {spec.path} (endpoint {same_route.name!r})",
                field="path",
            )

    # ------------------------------------------------------------ writes

    def create_endpoint(
        self,
        *,
        name: str,
        spec: MockEndpointSpec,
        group_id: uuid.UUID | str | None = None,
        namespace: str | None = None,
        created_by: uuid.UUID | str | None = None,
        source: str = "api",
        labels: dict[str, str] | None = None,
        k8s_uid: str | None = None,
        k8s_generation: int | None = None,
    ) -> EndpointRecord:
        """Create a live endpoint in group ``group_id`` (or the group ``spec.group`` of ``namespace``).

        With ``group_id``, ``spec.group`` must name that group. Conflicts: field ``name`` (the namespace
        has an endpoint so named) or ``path`` (the group already has this method + path).
        """
        check_name(name, group=False)
        if group_id is not None:
            group = self._group_row(group_id)
            if spec.group != group.name:
                raise InvalidArgumentError(
                    f"names group {spec.group!r}, but the endpoint is created in group {group.name!r}",
                    field="spec.group",
                )
        else:
            from estoca_core.settings import get_settings

            group = self._target_group(namespace or get_settings().default_namespace, spec.group)
        self._check_endpoint_free(group, name, spec)
        row = Endpoint(
            group_id=group.id,
            namespace=group.namespace,
            name=name,
            source=source,
            labels=dict(labels or {}),
            k8s_uid=k8s_uid,
            k8s_generation=k8s_generation,
            created_by=self._user_id(created_by),
        )
        apply_endpoint_spec(row, spec)
        with self._writing():
            self.session.add(row)
        return self._endpoint_record_by_id(row.id)

    def update_endpoint(
        self,
        id: uuid.UUID | str,
        *,
        name: str | None = None,
        spec: MockEndpointSpec | None = None,
        expected_version: int | None = None,
        labels: dict[str, str] | None = None,
    ) -> EndpointRecord:
        """Rename and/or replace the spec (a new ``spec.group`` moves it to that group of the namespace).

        Writes (and bumps ``version``) only when something changes.
        """
        row = self._endpoint_row(id)
        self._check_version(row, expected_version)
        group = self.session.get_one(Group, row.group_id)
        current = endpoint_spec(row, group.name, row.url_parameters, row.headers, row.request_body)
        new_name = row.name if name is None else check_name(name, group=False)
        new_spec = current if spec is None else spec
        if new_spec.group != group.name:
            group = self._target_group(row.namespace, new_spec.group)
        if new_name != row.name or new_spec != current or group.id != row.group_id:
            self._check_endpoint_free(group, new_name, new_spec, exclude=row.id)
        with self._writing():
            if new_name != row.name:
                row.name = new_name
            if group.id != row.group_id:
                row.group_id = group.id
            if new_spec != current:
                apply_endpoint_spec(row, new_spec)
                row.updated_at = utcnow()  # the contract rows may be all that changed: bump the version
            if labels is not None and labels != row.labels:
                row.labels = dict(labels)
        return self._endpoint_record_by_id(row.id)

    def delete_endpoint(self, id: uuid.UUID | str) -> EndpointRecord:
        """Soft-delete the endpoint (``restore_endpoint`` brings it back)."""
        record = self.get_endpoint(id)
        row = self._endpoint_row(record.id)
        with self._writing():
            row.soft_delete()
        return replace(record, deleted_at=row.deleted_at, version=row.version)

    def restore_endpoint(self, id: uuid.UUID | str) -> EndpointRecord:
        """Bring back a deleted endpoint; its group must be live and its name and route free."""
        row = self._endpoint_row(id, deleted=True)
        group = self.session.get_one(Group, row.group_id)
        if group.deleted_at is not None:
            raise NotFoundError(
                f"group {group.name!r} of this endpoint is deleted; restore it first", field="spec.group"
            )
        spec = endpoint_spec(row, group.name, row.url_parameters, row.headers, row.request_body)
        self._check_endpoint_free(group, row.name, spec)
        with self._writing():
            row.restore()
        return self._endpoint_record_by_id(row.id)
