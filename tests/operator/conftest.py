"""Operator test rig: KMock as the API server (our emulator subclass), kopf in its own thread, a real
migrated PostgreSQL database per test and real mockserver processes.

The ``kmock`` fixture runs the fake API server in the test's event loop, so operator tests are async
and wait with ``await`` (never ``time.sleep``) while kopf works in its thread.
"""

from __future__ import annotations

import gzip
import importlib.resources
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import kubernetes
import pytest
import pytest_asyncio
from estoca_kmock import EstocaKubernetesEmulator
from operator_rig import NAMESPACE, MockServerProcess, OperatorThread


@pytest.fixture
def kmock_options(kmock_options: dict[str, Any]) -> dict[str, Any]:
    """Select our emulator (same effect as the ``kmock_cls`` ini option, without touching pyproject)."""
    return {**kmock_options, "cls": EstocaKubernetesEmulator}


@pytest_asyncio.fixture
async def k8s(kmock: EstocaKubernetesEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """KMock serving the built-in kinds and our two CRDs, with a kubeconfig pointing at it."""
    # The bundled built-in kinds (what load_bundled() reads, without its deprecated importlib call).
    bundled = importlib.resources.files("kmock._internal").joinpath("resources.json.gz").read_bytes()
    kmock.resources.load_data(gzip.decompress(bundled))
    for plural, kind in (("mockgroups", "MockGroup"), ("mockendpoints", "MockEndpoint")):
        kmock.resources[f"mock.estoca.io/v1alpha1/{plural}"] = kmock.ResourceInfo(
            kind=kind,
            singular=kind.lower(),
            namespaced=True,
            verbs={"get", "list", "watch", "create", "update", "patch", "delete"},
            subresources={"status"},
        )
    config = tmp_path / "kubeconfig"
    config.write_text(
        "apiVersion: v1\nkind: Config\n"
        f"clusters: [{{name: kmock, cluster: {{server: '{kmock.url}'}}}}]\n"
        "users: [{name: kmock, user: {token: test-token}}]\n"
        "contexts: [{name: kmock, context: {cluster: kmock, user: kmock}}]\n"
        "current-context: kmock\n"
    )
    monkeypatch.setenv("KUBECONFIG", str(config))
    # The kubernetes client reads $KUBECONFIG once at import; kopf's login uses this default.
    monkeypatch.setattr(kubernetes.config.kube_config, "KUBE_CONFIG_DEFAULT_LOCATION", str(config))
    return kmock


@pytest_asyncio.fixture
async def start_operator(
    k8s: Any, committed_database_url: str
) -> AsyncIterator[Callable[..., Awaitable[OperatorThread]]]:
    """Start operators (``await start_operator(**settings)``); all are stopped after the test."""
    from estoca_operator.settings import OperatorSettings

    running: list[OperatorThread] = []

    async def start(
        database_url: str | None = None, wait_watching: bool = True, **overrides: Any
    ) -> OperatorThread:
        fields: dict[str, Any] = {
            "namespaces": [NAMESPACE],
            "peering": False,
            "drift_interval_s": 60.0,
            "retry_base_s": 0.2,
            "retry_max_s": 1.0,
            "group_wait_s": 0.3,
            "liveness_port": 0,
        }
        fields.update(overrides)
        thread = OperatorThread(OperatorSettings(**fields), database_url or committed_database_url)
        running.append(thread)
        return await thread.start(k8s, wait_watching=wait_watching)

    try:
        yield start
    finally:
        for thread in running:
            if thread.thread.is_alive():
                await thread.stop()


@pytest.fixture
def start_mockserver(committed_database_url: str) -> Iterator[Callable[..., MockServerProcess]]:
    """Start real mockserver processes on the test database; all are stopped after the test."""
    started: list[MockServerProcess] = []

    def start(group: str, namespace: str = NAMESPACE, database_url: str | None = None) -> MockServerProcess:
        server = MockServerProcess(database_url or committed_database_url, group, namespace)
        started.append(server)
        return server.wait_started()

    yield start
    for server in started:
        server.stop()
