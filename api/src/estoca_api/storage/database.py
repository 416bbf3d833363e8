"""``DatabaseStore``: writes go straight to PostgreSQL through the core's repository (standalone mode).

The repository flushes but never commits; each write here is one transaction, committed before the
answer is sent, so the database triggers' NOTIFY reaches the mockserver right away. Import and export go
through ``estoca_core.apply``, the same code path as ``estoca-mock apply``/``export``.
"""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from estoca_api.storage.base import ImportedResource, ImportResult
from estoca_api.storage.mirror import MirrorReads, check_version
from estoca_core.repository import EndpointRecord, GroupRecord
from estoca_core.spec import MockEndpointSpec, MockGroupSpec


class DatabaseStore(MirrorReads):
    """Groups and endpoints in PostgreSQL (the request's session)."""

    kind = "database"

    def ready(self) -> bool:
        try:
            self.session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        finally:
            self.session.rollback()
        return True

    # ------------------------------------------------------------ groups

    def create_group(
        self, *, namespace: str, name: str, spec: MockGroupSpec, created_by: str | None
    ) -> GroupRecord:
        record = self.repo.create_group(
            namespace=namespace, name=name, spec=spec, created_by=created_by, source="api"
        )
        self.session.commit()
        return record

    def update_group(
        self, group_id: uuid.UUID, *, name: str, spec: MockGroupSpec, expected_version: int | None
    ) -> GroupRecord:
        record = self.repo.update_group(group_id, name=name, spec=spec, expected_version=expected_version)
        self.session.commit()
        return record

    def delete_group(self, group_id: uuid.UUID, *, expected_version: int | None) -> None:
        check_version(self.repo.get_group(group_id).version, expected_version)
        self.repo.delete_group(group_id)
        self.session.commit()

    # ------------------------------------------------------------ endpoints

    def create_endpoint(
        self, group_id: uuid.UUID, *, name: str, spec: MockEndpointSpec, created_by: str | None
    ) -> EndpointRecord:
        record = self.repo.create_endpoint(
            name=name, spec=spec, group_id=group_id, created_by=created_by, source="api"
        )
        self.session.commit()
        return record

    def update_endpoint(
        self,
        group_id: uuid.UUID,
        endpoint_id: uuid.UUID,
        *,
        name: str,
        spec: MockEndpointSpec,
        expected_version: int | None,
    ) -> EndpointRecord:
        self.get_endpoint(group_id, endpoint_id)
        record = self.repo.update_endpoint(
            endpoint_id, name=name, spec=spec, expected_version=expected_version
        )
        self.session.commit()
        return record

    def delete_endpoint(
        self, group_id: uuid.UUID, endpoint_id: uuid.UUID, *, expected_version: int | None
    ) -> None:
        check_version(self.get_endpoint(group_id, endpoint_id).version, expected_version)
        self.repo.delete_endpoint(endpoint_id)
        self.session.commit()

    # ------------------------------------------------------------ the rest

    def import_yaml(self, text: str, *, created_by: str | None) -> ImportResult:
        from estoca_core.apply import apply_text

        result = apply_text(self.repo, text, source="api", created_by=created_by)
        self.session.commit()
        return ImportResult(
            resources=[
                ImportedResource(
                    kind=r.kind,
                    namespace=r.namespace,
                    name=r.name,
                    action="created"
                    if r.action == "created"
                    else "unchanged"
                    if r.action == "unchanged"
                    else "updated",
                )
                for r in result
            ]
        )
