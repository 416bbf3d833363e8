"""``DatabaseStore``: writes go straight to PostgreSQL through the core's repository (standalone mode).

The repository flushes but never commits; each write here is one transaction, committed before the
answer is sent, so the database triggers' NOTIFY reaches the mockserver right away. Import and export go
through ``estoca_core.apply``, the same code path as ``estoca-mock apply``/``export``.
"""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from estoca_api.settings import ApiSettings
from estoca_api.storage.base import ImportedResource, ImportResult, StoreStats
from estoca_core.errors import NotFoundError, StaleVersionError
from estoca_core.repository import EndpointRecord, GroupRecord, MockRepository
from estoca_core.spec import MockEndpointSpec, MockGroupSpec


class DatabaseStore:
    """Groups and endpoints in PostgreSQL (the request's session)."""

    kind = "database"

    def __init__(self, session: Session, settings: ApiSettings) -> None:
        self.session = session
        self.settings = settings
        self.repo = MockRepository(session)

    def ready(self) -> bool:
        try:
            self.session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        finally:
            self.session.rollback()
        return True

    # ------------------------------------------------------------ groups

    def list_groups(
        self, *, namespace: str | None, q: str | None, sort: str, offset: int, limit: int
    ) -> tuple[list[GroupRecord], int]:
        return self.repo.list_groups(namespace=namespace, q=q, sort=sort, offset=offset, limit=limit)

    def get_group(self, group_id: uuid.UUID) -> GroupRecord:
        return self.repo.get_group(group_id)

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
        _check_version(self.repo.get_group(group_id).version, expected_version)
        self.repo.delete_group(group_id)
        self.session.commit()

    # ------------------------------------------------------------ endpoints

    def list_endpoints(
        self, group_id: uuid.UUID, *, q: str | None, sort: str, offset: int, limit: int
    ) -> tuple[list[EndpointRecord], int]:
        return self.repo.list_endpoints(group_id, q=q, sort=sort, offset=offset, limit=limit)

    def get_endpoint(self, group_id: uuid.UUID, endpoint_id: uuid.UUID) -> EndpointRecord:
        record = self.repo.get_endpoint(endpoint_id)
        if record.group_id != group_id:
            raise NotFoundError("endpoint not found in this group", field="id")
        return record

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
        _check_version(self.get_endpoint(group_id, endpoint_id).version, expected_version)
        self.repo.delete_endpoint(endpoint_id)
        self.session.commit()

    # ------------------------------------------------------------ the rest

    def stats(self) -> StoreStats:
        data = self.repo.stats()
        return StoreStats(
            groups=int(data["groups"]),
            endpoints=int(data["endpoints"]),
            by_method={str(k): int(v) for k, v in data["byMethod"].items()},
            chaos_enabled=int(data["chaosEnabled"]),
        )

    def export_group(self, group_id: uuid.UUID) -> str:
        from estoca_core.apply import dump_resources

        return dump_resources(self.repo.export_group(group_id))

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
                    action="created" if r.action == "created" else "updated",
                )
                for r in result
            ]
        )


def _check_version(current: int, expected: int | None) -> None:
    if expected is not None and expected != current:
        raise StaleVersionError(
            f"version {expected} is not the current version {current}",
            current_version=current,
            field="version",
        )
