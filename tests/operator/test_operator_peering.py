"""HA: with kopf peering, a replica stays idle while a higher-priority peer is alive and acts once that
peer stops renewing its lease, including on what was created meanwhile."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import kmock
import pytest
from operator_rig import BASE, DEPLOYMENTS, GROUPS, NAMESPACE, group_body, wait_for

pytestmark = pytest.mark.asyncio
PEERINGS = kmock.resource("kopf.dev", "v1", "kopfpeerings")
PEERING = "estoca-mock-operator"


def watched(k8s: Any, plural: str) -> bool:
    return any(
        r.action == kmock.action.WATCH and r.resource is not None and r.resource.plural == plural
        for r in list(k8s)
    )


async def test_replica_is_idle_while_a_higher_priority_peer_lives_then_takes_over(
    k8s: Any, start_operator: Any
) -> None:
    k8s.resources["kopf.dev/v1/kopfpeerings"] = kmock.ResourceInfo(
        kind="KopfPeering", namespaced=True, verbs={"get", "list", "watch", "patch", "create"}
    )
    other = {"priority": 100, "lifetime": 5, "lastseen": datetime.now(tz=UTC).isoformat()}
    await k8s.post(
        f"/apis/kopf.dev/v1/namespaces/{NAMESPACE}/kopfpeerings",
        json={
            "apiVersion": "kopf.dev/v1",
            "kind": "KopfPeering",
            "metadata": {"name": PEERING, "namespace": NAMESPACE},
            "status": {"other-replica@node-1": other},
        },
    )
    await start_operator(peering=True, priority=10, peering_name=PEERING, wait_watching=False)

    # our replica announces itself next to the other one, and does not touch MockGroups meanwhile
    await wait_for(lambda: len(k8s.objects[PEERINGS, NAMESPACE, PEERING]["status"]) == 2, what="two peers")
    await k8s.post(f"{BASE}/mockgroups", json=group_body("early"))
    await asyncio.sleep(0.5)
    assert not watched(k8s, "mockgroups")
    assert not k8s.objects[GROUPS, NAMESPACE, "early"].get("status")

    # the other replica stops renewing its lease: this one resumes, cleans it up and acts
    await wait_for(lambda: watched(k8s, "mockgroups"), within=15, what="the take-over")
    peers = await wait_for(
        lambda: (
            len(k8s.objects[PEERINGS, NAMESPACE, PEERING]["status"]) == 1
            and k8s.objects[PEERINGS, NAMESPACE, PEERING]["status"]
        ),
        what="the dead peer to be cleaned up",
    )
    assert "other-replica@node-1" not in peers
    await wait_for(lambda: k8s.objects[DEPLOYMENTS, NAMESPACE, "mock-early"], what="what it missed")
    await k8s.post(f"{BASE}/mockgroups", json=group_body())
    await wait_for(lambda: k8s.objects[DEPLOYMENTS, NAMESPACE, "mock-erp"], what="the group handled")
