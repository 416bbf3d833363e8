"""The storage seam: what the routers read and write, independent of where mocks live.

``DatabaseStore`` (standalone) writes straight to PostgreSQL through the core's repository; the database
triggers notify the mockservers. A ``KubernetesStore`` (``STORAGE=kubernetes``) will write MockGroup and
MockEndpoint custom resources instead and read lists from the operator's PostgreSQL mirror. So:

- writes take spec models and an optional ``expected_version`` (If-Match), and return records;
- reads return the core's ``GroupRecord`` / ``EndpointRecord``;
- errors are the core's ``NotFoundError`` / ``ConflictError`` / ``StaleVersionError`` whatever the backend;
- a store lives for one request (it holds that request's database session) and is built by
  :func:`estoca_api.storage.make_store` from the settings.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from estoca_core.repository.records import EndpointRecord, GroupRecord
from estoca_core.spec import MockEndpointSpec, MockGroupSpec


@dataclass(frozen=True)
class StoreStats:
    """Counts for the home page."""

    groups: int
    endpoints: int
    by_method: dict[str, int] = field(default_factory=dict)
    chaos_enabled: int = 0


@dataclass(frozen=True)
class ImportedResource:
    """One resource written by an import."""

    kind: str
    namespace: str
    name: str
    action: Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote (all or nothing)."""

    resources: list[ImportedResource]

    @property
    def created(self) -> int:
        return sum(1 for r in self.resources if r.action == "created")

    @property
    def updated(self) -> int:
        return sum(1 for r in self.resources if r.action == "updated")

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.resources if r.action == "unchanged")


@runtime_checkable
class MockStore(Protocol):
    """Reads and writes of groups and endpoints for the API's routers."""

    kind: str

    def ready(self) -> bool:
        """Whether the backing store answers (for /api/readyz)."""

    def list_groups(
        self, *, namespace: str | None, q: str | None, sort: str, offset: int, limit: int
    ) -> tuple[list[GroupRecord], int]:
        """One page of live groups and the total matching ``q`` (a name search)."""

    def get_group(self, group_id: uuid.UUID) -> GroupRecord:
        """A live group, or ``NotFoundError``."""

    def create_group(
        self, *, namespace: str, name: str, spec: MockGroupSpec, created_by: str | None
    ) -> GroupRecord:
        """Create a group; ``ConflictError`` for a duplicate name in the namespace."""

    def update_group(
        self, group_id: uuid.UUID, *, name: str, spec: MockGroupSpec, expected_version: int | None
    ) -> GroupRecord:
        """Replace a group's name and spec; ``StaleVersionError`` when ``expected_version`` is not current."""

    def delete_group(self, group_id: uuid.UUID, *, expected_version: int | None) -> None:
        """Soft-delete a group and its endpoints."""

    def list_endpoints(
        self, group_id: uuid.UUID, *, q: str | None, sort: str, offset: int, limit: int
    ) -> tuple[list[EndpointRecord], int]:
        """One page of a group's live endpoints."""

    def get_endpoint(self, group_id: uuid.UUID, endpoint_id: uuid.UUID) -> EndpointRecord:
        """A live endpoint of the group, or ``NotFoundError``."""

    def create_endpoint(
        self, group_id: uuid.UUID, *, name: str, spec: MockEndpointSpec, created_by: str | None
    ) -> EndpointRecord:
        """Create an endpoint; ``ConflictError`` for a duplicate method + path in the group."""

    def update_endpoint(
        self,
        group_id: uuid.UUID,
        endpoint_id: uuid.UUID,
        *,
        name: str,
        spec: MockEndpointSpec,
        expected_version: int | None,
    ) -> EndpointRecord:
        """Replace an endpoint."""

    def delete_endpoint(
        self, group_id: uuid.UUID, endpoint_id: uuid.UUID, *, expected_version: int | None
    ) -> None:
        """Soft-delete an endpoint."""

    def stats(self) -> StoreStats:
        """Counts of live groups and endpoints."""

    def export_group(self, group_id: uuid.UUID) -> str:
        """The group and its endpoints as multi-document YAML in the CR format."""

    def import_yaml(self, text: str, *, created_by: str | None) -> ImportResult:
        """Apply multi-document YAML (CR format), all or nothing."""
