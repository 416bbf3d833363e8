"""Pin down what the KMock emulator does and does not do, so that a kmock upgrade that changes it is
noticed here rather than as a confusing operator test failure."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import kmock
import pytest
from operator_rig import GROUPS, NAMESPACE

pytestmark = pytest.mark.asyncio


def _group(name: str = "erp", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "mock.estoca.io/v1alpha1",
        "kind": "MockGroup",
        "metadata": {"name": name, "namespace": NAMESPACE},
        "spec": spec,
    }


URL = f"/apis/mock.estoca.io/v1alpha1/namespaces/{NAMESPACE}/mockgroups"


async def test_create_assigns_identity_and_versions(k8s: Any) -> None:
    created = await (await k8s.post(URL, json=_group())).json()
    meta = created["metadata"]
    assert meta["uid"]
    assert meta["creationTimestamp"]
    assert meta["generation"] == 1
    assert int(meta["resourceVersion"]) > 0
    again = await k8s.post(URL, json=_group())
    assert again.status == 409


async def test_spec_patch_bumps_generation_status_patch_does_not(k8s: Any) -> None:
    created = await (await k8s.post(URL, json=_group())).json()
    rv0 = int(created["metadata"]["resourceVersion"])
    patched = await (await k8s.patch(f"{URL}/erp", json={"spec": {"description": "x"}})).json()
    assert patched["metadata"]["generation"] == 2
    assert int(patched["metadata"]["resourceVersion"]) > rv0
    status = await (await k8s.patch(f"{URL}/erp/status", json={"status": {"endpoints": 3}})).json()
    assert status["metadata"]["generation"] == 2
    assert status["status"] == {"endpoints": 3}
    # status written through the main resource is ignored, as with a status subresource
    ignored = await (await k8s.patch(f"{URL}/erp", json={"status": {"endpoints": 9}})).json()
    assert ignored["status"] == {"endpoints": 3}
    assert ignored["metadata"]["generation"] == 2


async def test_stale_resource_version_is_409_and_failed_json_patch_test_is_422(k8s: Any) -> None:
    created = await (await k8s.post(URL, json=_group())).json()
    rv = created["metadata"]["resourceVersion"]
    ok = await k8s.patch(
        f"{URL}/erp", json={"metadata": {"resourceVersion": rv}, "spec": {"description": "a"}}
    )
    assert ok.status == 200
    stale = await k8s.patch(
        f"{URL}/erp", json={"metadata": {"resourceVersion": rv}, "spec": {"description": "b"}}
    )
    assert stale.status == 409
    assert (await stale.json())["reason"] == "Conflict"
    failed = await k8s.patch(
        f"{URL}/erp",
        data=b'[{"op": "test", "path": "/metadata/resourceVersion", "value": "0"}]',
        headers={"Content-Type": "application/json-patch+json"},
    )
    assert failed.status == 422


async def test_known_limits_no_label_selectors_no_garbage_collection(k8s: Any) -> None:
    """KMock ignores labelSelector and never garbage-collects owned objects: the operator must filter
    labels itself (kopf does) and delete children explicitly on group deletion."""
    await k8s.post(URL, json=_group("a"))
    await k8s.post(
        URL, json={**_group("b"), "metadata": {"name": "b", "namespace": NAMESPACE, "labels": {"x": "y"}}}
    )
    listing = await (await k8s.get(URL, params={"labelSelector": "x=y"})).json()
    assert sorted(item["metadata"]["name"] for item in listing["items"]) == ["a", "b"]
    owner = k8s.objects[GROUPS, NAMESPACE, "a"]
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": "child",
            "namespace": NAMESPACE,
            "ownerReferences": [
                {
                    "apiVersion": "mock.estoca.io/v1alpha1",
                    "kind": "MockGroup",
                    "name": "a",
                    "uid": owner["metadata"]["uid"],
                }
            ],
        },
        "spec": {},
    }
    await k8s.post(f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments", json=deployment)
    await k8s.delete(f"{URL}/a")
    child = await k8s.get(f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments/child")
    assert child.status == 200
    assert isinstance(k8s, kmock.KubernetesEmulator)


async def test_a_watch_continues_where_its_list_ended(k8s: Any) -> None:
    """The emulator's list resourceVersion is a position; a watch from it replays only later events."""
    await k8s.post(URL, json=_group("before"))
    listing = await (await k8s.get(URL)).json()
    since = listing["metadata"]["resourceVersion"]
    assert since.isdigit()
    await k8s.post(URL, json=_group("after"))
    async with k8s.get(URL, params={"watch": "true", "resourceVersion": since}) as response:
        line = await asyncio.wait_for(response.content.readline(), timeout=5)
        while not line.strip():
            line = await asyncio.wait_for(response.content.readline(), timeout=5)
    event = json.loads(line)
    assert (event["type"], event["object"]["metadata"]["name"]) == ("ADDED", "after")
