"""Endpoint use cases: records -> API shapes, derived names, and test runs through the mockserver."""

from __future__ import annotations

import base64
import re
import uuid

from estoca_api.auth.security import Principal
from estoca_api.endpoints.schemas import Endpoint, EndpointIn, TestRunIn, TestRunOut
from estoca_api.http import sort_key
from estoca_api.i18n import _
from estoca_api.problems import ProblemError
from estoca_api.schemas import Page
from estoca_api.storage.base import MockStore
from estoca_core.repository import EndpointRecord
from estoca_core.settings import get_settings
from estoca_mockserver.compile import full_path_of

MAX_NAME = 63


def derive_name(group: str, method: str, path: str) -> str:
    """A DNS-1123 name from group, method and path: ``erp`` GET ``/orders/{id}`` -> ``erp-get-orders-id``.

    The group is part of it because endpoint names are unique per namespace (as Kubernetes names are).
    """
    words = re.sub(r"[^a-z0-9]+", "-", f"{group}-{method}-{path}".lower()).strip("-")
    name = words[:MAX_NAME].strip("-")
    return name if path != "/" else f"{name}-root"[:MAX_NAME].strip("-")


def endpoint_out(record: EndpointRecord) -> Endpoint:
    """The API shape of an endpoint record."""
    spec = record.spec
    mock_url = get_settings().public_url.rstrip("/") + full_path_of(record.group, spec.path)
    return Endpoint(
        id=record.id,
        group_id=record.group_id,
        group=record.group,
        namespace=record.namespace,
        name=record.name,
        method=spec.method,
        path=spec.path,
        description=spec.description,
        delay=spec.delay,
        response=spec.response,
        request=spec.request,
        chaos=spec.chaos,
        mock_url=mock_url,
        chaos_url=mock_url + "/chaos",
        created_by=record.created_by,
        created_at=record.created_at,
        updated_at=record.updated_at,
        version=record.version,
        source=record.source,
    )


class EndpointService:
    """Endpoints of one group for one request."""

    def __init__(self, store: MockStore) -> None:
        self.store = store

    def list(
        self, group_id: uuid.UUID, *, q: str | None, sort: str, page: int, page_size: int
    ) -> Page[Endpoint]:
        self.store.get_group(group_id)
        records, total = self.store.list_endpoints(
            group_id, q=q, sort=sort_key(sort), offset=(page - 1) * page_size, limit=page_size
        )
        return Page[Endpoint](
            items=[endpoint_out(r) for r in records], total=total, page=page, page_size=page_size
        )

    def get(self, group_id: uuid.UUID, endpoint_id: uuid.UUID) -> Endpoint:
        return endpoint_out(self.store.get_endpoint(group_id, endpoint_id))

    def create(self, group_id: uuid.UUID, body: EndpointIn, principal: Principal) -> Endpoint:
        group = self.store.get_group(group_id)
        name = body.name or derive_name(group.name, body.method, body.path)
        record = self.store.create_endpoint(
            group_id, name=name, spec=body.to_spec(group.name), created_by=principal.email
        )
        return endpoint_out(record)

    def replace(
        self, group_id: uuid.UUID, endpoint_id: uuid.UUID, body: EndpointIn, expected_version: int | None
    ) -> Endpoint:
        current = self.store.get_endpoint(group_id, endpoint_id)
        record = self.store.update_endpoint(
            group_id,
            endpoint_id,
            name=body.name or current.name,
            spec=body.to_spec(current.group),
            expected_version=expected_version,
        )
        return endpoint_out(record)

    def delete(self, group_id: uuid.UUID, endpoint_id: uuid.UUID, expected_version: int | None) -> None:
        self.store.delete_endpoint(group_id, endpoint_id, expected_version=expected_version)

    async def test(self, record: EndpointRecord, body: TestRunIn, timeout_s: float) -> TestRunOut:
        """Run one request through the mockserver's own code path (in memory), bounded by ``timeout_s``."""
        from estoca_mockserver.runner import run_test_request

        try:
            result = await run_test_request(
                record,
                mode=body.mode,
                path_params=body.path_params,
                query=body.query,
                headers=body.headers,
                body=body.body,
                seed=body.seed,
                timeout_s=timeout_s,
            )
        except ValueError as exc:
            field, _sep, reason = str(exc).partition(": ")
            raise ProblemError(
                422,
                _("The request has invalid fields."),
                errors=[
                    {
                        "field": "pathParams" if field == "path_params" else field,
                        "message": _("Invalid value: {error}", error=reason or str(exc)),
                        "type": "value_error",
                    }
                ],
            ) from exc
        try:
            text, binary = result.body.decode("utf-8"), False
        except UnicodeDecodeError:
            text, binary = base64.b64encode(result.body).decode("ascii"), True
        return TestRunOut(
            url=result.url,
            status=result.status,
            headers=list(result.headers),
            body=text,
            body_is_binary=binary,
            elapsed_ms=round(result.elapsed_ms, 3),
            fault=result.fault,
            outcome=result.outcome,
        )
