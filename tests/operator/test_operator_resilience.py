"""Failures the operator must survive: database outage, restarts, deleted children, drifted rows."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from operator_rig import (
    BASE,
    DEPLOYMENTS,
    ENDPOINTS,
    GROUPS,
    NAMESPACE,
    SERVICES,
    DatabaseProxy,
    endpoint_body,
    group_body,
    make_available,
    ready_generation,
    ready_is,
    rows,
    wait_for,
)

pytestmark = pytest.mark.asyncio

LIVE = "SELECT name, k8s_generation FROM endpoints WHERE deleted_at IS NULL ORDER BY name"


def answer(url: str) -> tuple[int, str]:
    """(status, body) of a GET; (0, error) while the server does not accept connections yet."""
    try:
        response = httpx.get(url, timeout=2.0)
    except httpx.TransportError as exc:
        return 0, repr(exc)
    return response.status_code, response.text


async def test_database_outage_is_reported_then_caught_up_without_loss(
    k8s: Any, start_operator: Any, start_mockserver: Any, committed_database_url: str
) -> None:
    proxy = await DatabaseProxy(committed_database_url).start()
    try:
        await start_operator(database_url=proxy.url)
        await k8s.post(f"{BASE}/mockgroups", json=group_body())
        await k8s.post(f"{BASE}/mockendpoints", json=endpoint_body())
        await k8s.post(f"{BASE}/mockendpoints", json=endpoint_body("doomed", path="/doomed"))
        for name in ("get-order", "doomed"):
            await wait_for(lambda name=name: ready_is(k8s, ENDPOINTS, name, "True"), what=f"{name} Ready")
        server = start_mockserver("erp")  # direct connection: the outage is the operator's only
        url = f"{server.url}/erp/orders/7"
        assert await wait_for(lambda: answer(url)[1] == '{"id": 1, "status": "shipped"}', what="v1 served")

        await proxy.stop()
        await k8s.patch(f"{BASE}/mockendpoints/get-order", json={"spec": {"response": {"body": "v2"}}})
        await k8s.post(f"{BASE}/mockendpoints", json=endpoint_body("list-orders", path="/orders"))
        await k8s.delete(f"{BASE}/mockendpoints/doomed")
        await k8s.patch(f"{BASE}/mockgroups/erp", json={"spec": {"description": "changed while down"}})

        for name in ("get-order", "list-orders"):
            condition = await wait_for(
                lambda name=name: ready_is(k8s, ENDPOINTS, name, "False", "DatabaseUnavailable"),
                what=f"{name} DatabaseUnavailable",
            )
            assert "retrying" in condition["message"]
        group = await wait_for(
            lambda: ready_is(k8s, GROUPS, "erp", "False", "DatabaseUnavailable"),
            what="group DatabaseUnavailable",
        )
        assert group["observedGeneration"] == 2
        # the finalizer holds the deleted endpoint until its rows can be soft-deleted
        assert not k8s.objects[ENDPOINTS, NAMESPACE, "doomed"].deleted
        assert answer(url)[1] == '{"id": 1, "status": "shipped"}'  # still served from memory

        await proxy.start()  # the database is back on the same address
        await wait_for(lambda: ready_is(k8s, ENDPOINTS, "get-order", "True"), within=15, what="recovery")
        await wait_for(lambda: ready_is(k8s, ENDPOINTS, "list-orders", "True"), within=15, what="recovery")
        await wait_for(lambda: k8s.objects[ENDPOINTS, NAMESPACE, "doomed"].deleted, within=15, what="delete")
        assert rows(committed_database_url, LIVE) == [("get-order", 2), ("list-orders", 1)]
        description = "SELECT description, k8s_generation FROM groups WHERE deleted_at IS NULL"
        await wait_for(lambda: rows(committed_database_url, description) == [("changed while down", 2)])
        assert await wait_for(lambda: answer(url) == (200, "v2"), what="v2 served")
        assert await wait_for(lambda: answer(f"{server.url}/erp/orders")[0] == 200, what="new endpoint")
        assert await wait_for(lambda: answer(f"{server.url}/erp/doomed")[0] == 404, what="deleted endpoint")
    finally:
        await proxy.stop()


async def test_restarted_operator_resumes_without_duplicates(
    k8s: Any, start_operator: Any, committed_database_url: str
) -> None:
    first = await start_operator()
    await k8s.post(f"{BASE}/mockgroups", json=group_body())
    for index in range(3):
        await k8s.post(f"{BASE}/mockendpoints", json=endpoint_body(f"e{index}", path=f"/e{index}"))
    for index in range(3):
        await wait_for(lambda i=index: ready_is(k8s, ENDPOINTS, f"e{i}", "True"), what="endpoints Ready")
    await first.stop()

    # changed while no operator runs: the restarted one resumes and applies it
    await k8s.patch(f"{BASE}/mockendpoints/e1", json={"spec": {"response": {"body": "changed"}}})
    await start_operator()
    await wait_for(lambda: ready_generation(k8s, ENDPOINTS, "e1") == 2, what="resume")
    await wait_for(lambda: ready_is(k8s, GROUPS, "erp", "False"), what="group status after resume")

    assert rows(committed_database_url, "SELECT count(*) FROM groups") == [(1,)]
    assert rows(committed_database_url, LIVE) == [("e0", 1), ("e1", 2), ("e2", 1)]
    assert rows(committed_database_url, "SELECT count(*) FROM endpoints") == [(3,)]
    assert rows(committed_database_url, "SELECT response_body FROM endpoints WHERE name = 'e1'") == [
        ("changed",)
    ]
    deployments = [key for key in list(k8s.objects) if key[0] == DEPLOYMENTS and not k8s.objects[key].deleted]
    assert len(deployments) == 1


async def test_deleted_deployment_and_service_are_recreated(k8s: Any, start_operator: Any) -> None:
    await start_operator()
    await k8s.post(f"{BASE}/mockgroups", json=group_body())
    await wait_for(lambda: k8s.objects[SERVICES, NAMESPACE, "mock-erp"], what="Service")
    await make_available(k8s, "mock-erp")
    await wait_for(lambda: ready_is(k8s, GROUPS, "erp", "True"), what="Ready")
    first_uid = k8s.objects[DEPLOYMENTS, NAMESPACE, "mock-erp"]["metadata"]["uid"]

    await k8s.delete(f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments/mock-erp")
    await k8s.delete(f"/api/v1/namespaces/{NAMESPACE}/services/mock-erp")
    deployment = await wait_for(
        lambda: (
            not k8s.objects[DEPLOYMENTS, NAMESPACE, "mock-erp"].deleted
            and k8s.objects[DEPLOYMENTS, NAMESPACE, "mock-erp"]
        ),
        what="the Deployment to be recreated",
    )
    assert deployment["metadata"]["uid"] != first_uid
    await wait_for(lambda: not k8s.objects[SERVICES, NAMESPACE, "mock-erp"].deleted, what="the Service back")
    # the new Deployment has no available replica yet: the group says so
    condition = await wait_for(lambda: ready_is(k8s, GROUPS, "erp", "False"), what="not Ready")
    assert condition["reason"] == "DeploymentProgressing"
    await make_available(k8s, "mock-erp")
    await wait_for(lambda: ready_is(k8s, GROUPS, "erp", "True"), what="Ready again")


async def test_drift_timer_repairs_rows_and_edited_deployment(
    k8s: Any, start_operator: Any, committed_database_url: str
) -> None:
    await start_operator(drift_interval_s=0.5)
    await k8s.post(f"{BASE}/mockgroups", json=group_body())
    await k8s.post(f"{BASE}/mockendpoints", json=endpoint_body())
    await wait_for(lambda: ready_is(k8s, ENDPOINTS, "get-order", "True"), what="Ready")

    # someone soft-deletes the mirror rows behind the operator's back, and scales the Deployment by hand
    rows(committed_database_url, "UPDATE endpoints SET deleted_at = now() RETURNING id")
    await k8s.patch(
        f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments/mock-erp", json={"spec": {"replicas": 5}}
    )

    await wait_for(lambda: rows(committed_database_url, LIVE) == [("get-order", 1)], what="the row restored")
    await wait_for(
        lambda: k8s.objects[DEPLOYMENTS, NAMESPACE, "mock-erp"]["spec"]["replicas"] == 1,
        what="replicas restored",
    )


async def test_group_delete_soft_deletes_rows_and_children(
    k8s: Any, start_operator: Any, committed_database_url: str
) -> None:
    await start_operator()
    await k8s.post(f"{BASE}/mockgroups", json=group_body())
    await k8s.post(f"{BASE}/mockendpoints", json=endpoint_body())
    await wait_for(lambda: ready_is(k8s, ENDPOINTS, "get-order", "True"), what="Ready")

    await k8s.delete(f"{BASE}/mockgroups/erp")
    await wait_for(lambda: k8s.objects[GROUPS, NAMESPACE, "erp"].deleted, what="the group to go")
    assert k8s.objects[DEPLOYMENTS, NAMESPACE, "mock-erp"].deleted
    assert k8s.objects[SERVICES, NAMESPACE, "mock-erp"].deleted
    assert rows(committed_database_url, "SELECT count(*) FROM groups WHERE deleted_at IS NULL") == [(0,)]
    assert rows(committed_database_url, LIVE) == []
    condition = await wait_for(lambda: ready_is(k8s, ENDPOINTS, "get-order", "False"), what="GroupNotFound")
    assert condition["reason"] == "GroupNotFound"

    # the group comes back: its endpoint is mirrored again, once
    await k8s.post(f"{BASE}/mockgroups", json=group_body())
    await wait_for(lambda: ready_is(k8s, ENDPOINTS, "get-order", "True"), what="Ready again")
    assert rows(committed_database_url, LIVE) == [("get-order", 1)]
