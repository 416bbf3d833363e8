"""The API's Kubernetes storage against KMock with the real operator mirroring into PostgreSQL.

The store is synchronous and waits for the mirror, so it runs in a worker thread while the test's
event loop keeps serving KMock.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes
import pytest
import pytest_asyncio
import yaml
from operator_rig import BASE, ENDPOINTS, GROUPS, NAMESPACE, endpoint_body, ready_generation, wait_for
from sqlalchemy.orm import Session

from estoca_core.errors import ConflictError, InvalidArgumentError, NotFoundError, StaleVersionError
from estoca_core.spec import MockEndpointSpec, MockGroupSpec

pytestmark = pytest.mark.asyncio
CRDS = Path(__file__).resolve().parents[2] / "crds"


def crd_schema(kind: str) -> dict[str, Any]:
    crd = next(d for d in yaml.safe_load_all((CRDS / f"{kind.lower()}s.yaml").read_text()) if d)
    return dict(crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"])


def endpoint_spec(body: str = '{"ok": true}', status: int = 200) -> MockEndpointSpec:
    return MockEndpointSpec.model_validate(
        {
            "group": "erp",
            "method": "GET",
            "path": "/orders/{id}",
            "response": {"status": status, "body": body},
        }
    )


@pytest.fixture
def session(committed_database_url: str) -> Iterator[Session]:
    from estoca_core.db import create_db_engine, make_sessionmaker

    engine = create_db_engine(committed_database_url)
    session = make_sessionmaker(engine)()
    yield session
    session.close()
    engine.dispose()


@pytest_asyncio.fixture
async def operator(k8s: Any, start_operator: Any) -> Any:
    return await start_operator()


@pytest_asyncio.fixture
async def store(k8s: Any, operator: Any, session: Session) -> AsyncIterator[Any]:
    from estoca_api.settings import ApiSettings
    from estoca_api.storage import make_store
    from estoca_api.storage.kubernetes import reset_client

    reset_client()  # the client is cached per process; this test's KUBECONFIG points at this KMock
    settings = ApiSettings(storage="kubernetes", secret_key="k" * 48, env="test")
    yield make_store(settings, session)
    reset_client()


async def test_writes_are_custom_resources_valid_against_the_crds_and_reads_come_from_the_mirror(
    k8s: Any, store: Any
) -> None:
    assert store.kind == "kubernetes"
    assert await asyncio.to_thread(store.ready)
    spec = MockGroupSpec.model_validate({"description": "ERP", "server": {"replicas": 2}})
    group = await asyncio.to_thread(
        store.create_group, namespace=NAMESPACE, name="erp", spec=spec, created_by="ana@example.com"
    )
    cr = copy.deepcopy(k8s.objects[GROUPS, NAMESPACE, "erp"].raw)
    jsonschema.validate(cr, crd_schema("MockGroup"))
    assert cr["spec"] == {"description": "ERP", "server": {"replicas": 2}}
    assert cr["metadata"]["annotations"]["mock.estoca.io/created-by"] == "ana@example.com"
    assert (group.source, group.k8s_uid, group.name) == ("kubernetes", cr["metadata"]["uid"], "erp")

    endpoint = await asyncio.to_thread(
        store.create_endpoint, group.id, name="get-order", spec=endpoint_spec(), created_by=None
    )
    cr = copy.deepcopy(k8s.objects[ENDPOINTS, NAMESPACE, "get-order"].raw)
    jsonschema.validate(cr, crd_schema("MockEndpoint"))
    assert cr["spec"]["group"] == "erp"
    assert endpoint.k8s_uid == cr["metadata"]["uid"]
    assert endpoint.group_id == group.id
    listed, total = await asyncio.to_thread(
        store.list_endpoints, group.id, q=None, sort="name", offset=0, limit=10
    )
    assert (total, [e.name for e in listed]) == (1, ["get-order"])
    assert (await asyncio.to_thread(store.stats)).endpoints == 1
    exported = await asyncio.to_thread(store.export_group, group.id)
    assert "kind: MockEndpoint" in exported
    # Importing what was exported writes nothing: same specs, so no new resourceVersion.
    before = k8s.objects[ENDPOINTS, NAMESPACE, "get-order"].raw["metadata"]["resourceVersion"]
    result = await asyncio.to_thread(store.import_yaml, exported, created_by=None)
    assert [r.action for r in result.resources] == ["unchanged", "unchanged"]
    assert k8s.objects[ENDPOINTS, NAMESPACE, "get-order"].raw["metadata"]["resourceVersion"] == before

    # duplicate names are refused by the API server (409 AlreadyExists) -> ConflictError
    with pytest.raises(ConflictError) as conflict:
        await asyncio.to_thread(
            store.create_group, namespace=NAMESPACE, name="erp", spec=spec, created_by=None
        )
    assert conflict.value.field == "name"


async def test_kubectl_edits_show_up_and_stale_ui_edits_get_409(k8s: Any, store: Any, operator: Any) -> None:
    group = await asyncio.to_thread(
        store.create_group, namespace=NAMESPACE, name="erp", spec=MockGroupSpec(), created_by=None
    )
    endpoint = await asyncio.to_thread(
        store.create_endpoint, group.id, name="get-order", spec=endpoint_spec(), created_by=None
    )

    # a UI edit with the current version goes through and is mirrored
    updated = await asyncio.to_thread(
        store.update_endpoint,
        group.id,
        endpoint.id,
        name="get-order",
        spec=endpoint_spec('{"ok": "ui"}'),
        expected_version=endpoint.version,
    )
    assert updated.spec.response.body == '{"ok": "ui"}'
    assert k8s.objects[ENDPOINTS, NAMESPACE, "get-order"]["spec"]["response"]["body"] == '{"ok": "ui"}'

    # kubectl edits the resource: the API reads it back once the operator has mirrored it
    await k8s.patch(f"{BASE}/mockendpoints/get-order", json={"spec": {"response": {"status": 202}}})
    await wait_for(lambda: ready_generation(k8s, ENDPOINTS, "get-order") == 3, what="the edit mirrored")

    def read() -> Any:
        store.session.expire_all()
        return store.get_endpoint(group.id, endpoint.id)

    seen = await wait_for(lambda: (r := read()).spec.response.status == 202 and r, what="the kubectl edit")
    assert seen.version > updated.version

    # the UI still holds the version it read before kubectl's edit: 412 (If-Match) ...
    with pytest.raises(StaleVersionError) as stale:
        await asyncio.to_thread(
            store.update_endpoint,
            group.id,
            endpoint.id,
            name="get-order",
            spec=endpoint_spec("late"),
            expected_version=updated.version,
        )
    assert stale.value.current_version == seen.version

    # ... and an edit of a resource that changed in Kubernetes but is not mirrored yet: 409
    await operator.stop()
    await k8s.patch(f"{BASE}/mockendpoints/get-order", json={"spec": {"response": {"status": 204}}})
    with pytest.raises(StaleVersionError) as moved:
        await asyncio.to_thread(
            store.update_endpoint,
            group.id,
            endpoint.id,
            name="get-order",
            spec=endpoint_spec(),
            expected_version=None,
        )
    assert moved.value.current_version is None  # -> 409 "changed by someone else"

    with pytest.raises(InvalidArgumentError):
        await asyncio.to_thread(
            store.update_group, group.id, name="renamed", spec=MockGroupSpec(), expected_version=None
        )


async def test_api_server_errors_become_core_errors(k8s: Any, store: Any) -> None:
    """Real error answers (from KMock) through the store's mapping: 409, 422, 404."""
    from estoca_api.storage.kubernetes import _api_client, api_error

    await k8s.post(f"{BASE}/mockendpoints", json=endpoint_body())
    custom = kubernetes.client.CustomObjectsApi(_api_client())

    def call(body: Any, content_type: str) -> BaseException:
        try:
            custom.patch_namespaced_custom_object(
                group="mock.estoca.io",
                version="v1alpha1",
                namespace=NAMESPACE,
                plural="mockendpoints",
                name="get-order",
                body=body,
                _content_type=content_type,
            )
        except kubernetes.client.exceptions.ApiException as exc:
            return exc
        raise AssertionError("the API server accepted the request")

    stale = await asyncio.to_thread(
        call, {"metadata": {"resourceVersion": "1"}, "spec": {"path": "/x"}}, "application/merge-patch+json"
    )
    assert isinstance(api_error(stale, kind="MockEndpoint", name="get-order"), StaleVersionError)
    invalid = await asyncio.to_thread(
        call, [{"op": "test", "path": "/spec/method", "value": "PUT"}], "application/json-patch+json"
    )
    mapped = api_error(invalid, kind="MockEndpoint", name="get-order")
    assert isinstance(mapped, InvalidArgumentError)
    assert mapped.field == "spec"
    with pytest.raises(NotFoundError):
        await asyncio.to_thread(store._read, "MockEndpoint", NAMESPACE, "nope")


async def test_delete_goes_through_the_operator(k8s: Any, store: Any) -> None:
    group = await asyncio.to_thread(
        store.create_group, namespace=NAMESPACE, name="erp", spec=MockGroupSpec(), created_by=None
    )
    endpoint = await asyncio.to_thread(
        store.create_endpoint, group.id, name="get-order", spec=endpoint_spec(), created_by=None
    )
    await asyncio.to_thread(store.delete_endpoint, group.id, endpoint.id, expected_version=endpoint.version)
    # the rows are soft-deleted before the store returns; the finalizer is released right after
    await wait_for(lambda: k8s.objects[ENDPOINTS, NAMESPACE, "get-order"].deleted, what="the CR to go")
    with pytest.raises(NotFoundError):
        await asyncio.to_thread(store.get_endpoint, group.id, endpoint.id)
    await asyncio.to_thread(store.delete_group, group.id, expected_version=None)
    await wait_for(lambda: k8s.objects[GROUPS, NAMESPACE, "erp"].deleted, what="the group to go")
    listed, total = await asyncio.to_thread(
        store.list_groups, namespace=NAMESPACE, q=None, sort="name", offset=0, limit=10
    )
    assert (listed, total) == ([], 0)
