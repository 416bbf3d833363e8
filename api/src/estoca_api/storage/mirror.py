"""Reads from the PostgreSQL mirror, shared by every store.

Whether mocks are written straight to the database (standalone) or as custom resources that the operator
mirrors (cluster), lists, lookups, stats and exports always come from the same tables; only writes differ.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from estoca_api.settings import ApiSettings
from estoca_api.storage.base import StoreStats
from estoca_core.errors import NotFoundError, StaleVersionError
from estoca_core.repository import EndpointRecord, GroupRecord, MockRepository


class MirrorReads:
    """The read half of :class:`estoca_api.storage.base.MockStore`, over the request's session."""

    def __init__(self, session: Session, settings: ApiSettings) -> None:
        self.session = session
        self.settings = settings
        self.repo = MockRepository(session)

    def list_groups(
        self, *, namespace: str | None, q: str | None, sort: str, offset: int, limit: int
    ) -> tuple[list[GroupRecord], int]:
        return self.repo.list_groups(namespace=namespace, q=q, sort=sort, offset=offset, limit=limit)

    def get_group(self, group_id: uuid.UUID) -> GroupRecord:
        return self.repo.get_group(group_id)

    def list_endpoints(
        self, group_id: uuid.UUID, *, q: str | None, sort: str, offset: int, limit: int
    ) -> tuple[list[EndpointRecord], int]:
        return self.repo.list_endpoints(group_id, q=q, sort=sort, offset=offset, limit=limit)

    def get_endpoint(self, group_id: uuid.UUID, endpoint_id: uuid.UUID) -> EndpointRecord:
        record = self.repo.get_endpoint(endpoint_id)
        if record.group_id != group_id:
            raise NotFoundError("endpoint not found in this group", field="id")
        return record

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


def check_version(current: int, expected: int | None) -> None:
    """Refuse a write made against an older version (If-Match / a stale edit)."""
    if expected is not None and expected != current:
        raise StaleVersionError(
            f"version {expected} is not the current version {current}",
            current_version=current,
            field="version",
        )
