"""Immutable records the repository returns: the spec model plus the row's identity and bookkeeping.

Callers (API, CLI, mockserver, operator) never see ORM rows, so they cannot lazy-load or write by
accident, and the records can be cached and shared across threads.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from estoca_core.spec import MockEndpoint, MockEndpointSpec, MockGroup, MockGroupSpec


def _metadata(namespace: str, name: str, labels: dict[str, str]) -> dict[str, object]:
    meta: dict[str, object] = {"name": name, "namespace": namespace}
    if labels:
        meta["labels"] = dict(labels)
    return meta


@dataclass(frozen=True, slots=True)
class GroupRecord:
    """A live (or just deleted) MockGroup row."""

    id: uuid.UUID
    namespace: str
    name: str
    spec: MockGroupSpec
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    source: str
    k8s_uid: str | None
    k8s_generation: int | None
    endpoint_count: int
    labels: dict[str, str] = field(default_factory=dict)
    deleted_at: datetime | None = None

    def to_resource(self) -> MockGroup:
        """The resource as ``kubectl``/``estoca-mock apply`` take it (no uid: it is portable)."""
        return MockGroup.model_validate(
            {"metadata": _metadata(self.namespace, self.name, self.labels), "spec": self.spec}
        )


@dataclass(frozen=True, slots=True)
class EndpointRecord:
    """A live (or just deleted) MockEndpoint row; ``group`` is the group's name."""

    id: uuid.UUID
    group_id: uuid.UUID
    group: str
    namespace: str
    name: str
    spec: MockEndpointSpec
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    source: str
    k8s_uid: str | None
    k8s_generation: int | None
    labels: dict[str, str] = field(default_factory=dict)
    deleted_at: datetime | None = None

    def to_resource(self) -> MockEndpoint:
        """The resource as ``kubectl``/``estoca-mock apply`` take it."""
        # The spec instance is not validated again (pydantic keeps model instances as they are):
        # stored specs were validated when written.
        return MockEndpoint.model_validate(
            {"metadata": _metadata(self.namespace, self.name, self.labels), "spec": self.spec}
        )


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A signed-in user."""

    id: uuid.UUID
    email: str
    name: str
    created_at: datetime
    last_login_at: datetime | None
