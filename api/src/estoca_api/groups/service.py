"""Group use cases over the storage seam: records -> API shapes, spec models in."""

from __future__ import annotations

import uuid

from estoca_api.auth.security import Principal
from estoca_api.groups.schemas import Group, GroupIn
from estoca_api.http import sort_key
from estoca_api.schemas import Page
from estoca_api.storage.base import MockStore
from estoca_core.repository import GroupRecord
from estoca_core.settings import get_settings


def group_out(record: GroupRecord) -> Group:
    """The API shape of a group record."""
    base = get_settings().public_url.rstrip("/")
    return Group(
        id=record.id,
        name=record.name,
        namespace=record.namespace,
        description=record.spec.description,
        server=record.spec.server,
        endpoint_count=record.endpoint_count,
        mock_url=f"{base}/{record.name}",
        created_by=record.created_by,
        created_at=record.created_at,
        updated_at=record.updated_at,
        version=record.version,
        source=record.source,
    )


class GroupService:
    """Groups for one request."""

    def __init__(self, store: MockStore) -> None:
        self.store = store

    def list(self, *, q: str | None, sort: str, page: int, page_size: int) -> Page[Group]:
        records, total = self.store.list_groups(
            namespace=None, q=q, sort=sort_key(sort), offset=(page - 1) * page_size, limit=page_size
        )
        return Page[Group](items=[group_out(r) for r in records], total=total, page=page, page_size=page_size)

    def get(self, group_id: uuid.UUID) -> Group:
        return group_out(self.store.get_group(group_id))

    def create(self, body: GroupIn, principal: Principal) -> Group:
        record = self.store.create_group(
            namespace=body.namespace, name=body.name, spec=body.to_spec(), created_by=principal.email
        )
        return group_out(record)

    def replace(self, group_id: uuid.UUID, body: GroupIn, expected_version: int | None) -> Group:
        current = self.store.get_group(group_id)
        if body.namespace != current.namespace:
            from estoca_api.i18n import _
            from estoca_api.problems import ProblemError

            raise ProblemError(
                422,
                _("The request has invalid fields."),
                errors=[
                    {
                        "field": "namespace",
                        "message": _("A group cannot move to another namespace."),
                        "type": "value_error",
                    }
                ],
            )
        record = self.store.update_group(
            group_id, name=body.name, spec=body.to_spec(), expected_version=expected_version
        )
        return group_out(record)

    def delete(self, group_id: uuid.UUID, expected_version: int | None) -> None:
        self.store.delete_group(group_id, expected_version=expected_version)
