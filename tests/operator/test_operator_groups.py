"""MockGroup lifecycle against KMock: mirror row, Deployment + Service, Ready, drift, deletion."""

from __future__ import annotations

from typing import Any

import pytest
from operator_rig import (
    BASE,
    DEPLOYMENTS,
    GROUPS,
    NAMESPACE,
    SERVICES,
    group_body,
    make_available,
    ready,
    ready_is,
    rows,
    wait_for,
)

pytestmark = pytest.mark.asyncio


async def test_group_gets_row_deployment_service_and_ready(
    k8s: Any, start_operator: Any, committed_database_url: str
) -> None:
    await start_operator()
    await k8s.post(f"{BASE}/mockgroups", json=group_body(server={"replicas": 2}))

    deployment = await wait_for(lambda: k8s.objects[DEPLOYMENTS, NAMESPACE, "mock-erp"], what="Deployment")
    service = await wait_for(lambda: k8s.objects[SERVICES, NAMESPACE, "mock-erp"], what="Service")
    uid = k8s.objects[GROUPS, NAMESPACE, "erp"]["metadata"]["uid"]
    owner = deployment["metadata"]["ownerReferences"][0]
    assert (owner["kind"], owner["uid"], owner["controller"]) == ("MockGroup", uid, True)
    assert deployment["spec"]["replicas"] == 2
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    env = {item["name"]: item for item in container["env"]}
    assert env["MOCKSERVER_GROUPS"]["value"] == "erp"
    assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": "estoca-mock-database", "key": "url"}
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]

    # Not Ready while the Deployment has no available replica, and it says so.
    condition = await wait_for(lambda: ready(k8s, GROUPS, "erp"), what="a Ready condition")
    assert condition["status"] == "False"
    assert condition["reason"] == "DeploymentProgressing"

    await make_available(k8s, "mock-erp", 2)
    condition = await wait_for(lambda: ready_is(k8s, GROUPS, "erp", "True"), what="Ready=True")
    assert condition["reason"] == "Synced"
    assert condition["observedGeneration"] == 1
    status = k8s.objects[GROUPS, NAMESPACE, "erp"]["status"]
    assert status["url"] == "http://mock-erp.team-a.svc.cluster.local/erp"
    assert status["endpoints"] == 0

    found = rows(
        committed_database_url,
        "SELECT name, namespace, k8s_uid, k8s_generation, source, description FROM groups "
        "WHERE deleted_at IS NULL",
    )
    assert found == [("erp", NAMESPACE, uid, 1, "kubernetes", "erp mocks")]
