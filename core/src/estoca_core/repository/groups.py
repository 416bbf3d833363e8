"""Group operations of the repository: list, get, create, update, delete and restore."""

from __future__ import annotations

import uuid
from dataclasses import replace

from sqlalchemy import func, select, update

from estoca_core.db.base import utcnow
from estoca_core.db.models import Endpoint, Group
from estoca_core.errors import ConflictError, NotFoundError
from estoca_core.repository.base import (
    RepositoryBase,
    check_name,
    check_namespace,
    check_page,
    order_clause,
    search_clause,
)
from estoca_core.repository.mapping import apply_group_spec, group_spec
from estoca_core.repository.records import GroupRecord
from estoca_core.spec import MockGroupSpec

GROUP_SORTS = ("name", "namespace", "created_at", "updated_at")


class GroupOps(RepositoryBase):
    def list_groups(
        self,
        *,
        namespace: str | None = None,
        q: str | None = None,
        sort: str = "name",
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[GroupRecord], int]:
        """One page of live groups and the total count; ``q`` matches name and description words."""
        check_page(offset, limit)
        order = order_clause(Group, sort, GROUP_SORTS)
        stmt = self._group_select()
        if namespace is not None:
            stmt = stmt.where(Group.namespace == namespace)
        if (match := search_clause(q, Group.name, Group.description)) is not None:
            stmt = stmt.where(match)
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.execute(stmt.order_by(*order).offset(offset).limit(limit)).all()
        return [self._group_record(*row) for row in rows], int(total)

    def get_group(self, id: uuid.UUID | str) -> GroupRecord:
        """The live group ``id``; NotFoundError if it does not exist or is deleted."""
        return self._group_record_by_id(self._group_row(id).id)

    def get_group_by_name(self, namespace: str, name: str) -> GroupRecord:
        row = self._live_group_by_name(namespace, name)
        if row is None:
            raise NotFoundError(f"group {name!r} not found in namespace {namespace!r}", field="name")
        return self._group_record_by_id(row.id)

    def _check_group_name_free(self, namespace: str, name: str, exclude: uuid.UUID | None = None) -> None:
        other = self._live_group_by_name(namespace, name)
        if other is not None and other.id != exclude:
            raise ConflictError(
                f"a group named {name!r} already exists in namespace {namespace!r}", field="name"
            )

    def create_group(
        self,
        *,
        namespace: str,
        name: str,
        spec: MockGroupSpec,
        created_by: uuid.UUID | str | None = None,
        source: str = "api",
        labels: dict[str, str] | None = None,
        k8s_uid: str | None = None,
        k8s_generation: int | None = None,
    ) -> GroupRecord:
        """Create a live group; ConflictError(field="name") if the namespace already has one so named."""
        check_namespace(namespace)
        check_name(name, group=True)
        self._check_group_name_free(namespace, name)
        row = Group(
            namespace=namespace,
            name=name,
            source=source,
            labels=dict(labels or {}),
            k8s_uid=k8s_uid,
            k8s_generation=k8s_generation,
            created_by=self._user_id(created_by),
        )
        apply_group_spec(row, spec)
        with self._writing():
            self.session.add(row)
        return self._group_record_by_id(row.id)

    def update_group(
        self,
        id: uuid.UUID | str,
        *,
        name: str | None = None,
        spec: MockGroupSpec | None = None,
        expected_version: int | None = None,
        labels: dict[str, str] | None = None,
    ) -> GroupRecord:
        """Rename and/or replace the spec. Writes (and bumps ``version``) only when something changes."""
        row = self._group_row(id)
        self._check_version(row, expected_version)
        with self._writing():
            if name is not None and name != row.name:
                check_name(name, group=True)
                self._check_group_name_free(row.namespace, name, exclude=row.id)
                row.name = name
            if spec is not None and spec != group_spec(row):
                apply_group_spec(row, spec)
            if labels is not None and labels != row.labels:
                row.labels = dict(labels)
        return self._group_record_by_id(row.id)

    def delete_group(self, id: uuid.UUID | str) -> GroupRecord:
        """Soft-delete the group and its live endpoints (same ``deleted_at``, so a restore finds them)."""
        row = self._group_row(id)
        when = utcnow()
        record = self._group_record_by_id(row.id)
        with self._writing():
            self.session.execute(
                update(Endpoint)
                .where(Endpoint.group_id == row.id, Endpoint.deleted_at.is_(None))
                .values(deleted_at=when, updated_at=when, version=Endpoint.version + 1)
                .execution_options(synchronize_session="fetch")
            )
            row.soft_delete(when)
        return replace(record, deleted_at=when, version=row.version)

    def restore_group(self, id: uuid.UUID | str) -> GroupRecord:
        """Bring back a deleted group and the endpoints deleted with it.

        ConflictError if a live group (or endpoint) took the name, or method + path, in the meantime.
        """
        row = self._group_row(id, deleted=True)
        self._check_group_name_free(row.namespace, row.name)
        deleted_at = row.deleted_at
        endpoints = self.session.scalars(
            select(Endpoint).where(Endpoint.group_id == row.id, Endpoint.deleted_at == deleted_at)
        ).all()
        with self._writing():
            row.restore()
            for endpoint in endpoints:
                endpoint.restore()
        return self._group_record_by_id(row.id)
