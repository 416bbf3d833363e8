"""Operator test rig: KMock as the API server (our emulator subclass), kopf in its own thread, a real
migrated PostgreSQL database per test and real mockserver processes.

The ``kmock`` fixture runs the fake API server in the test's event loop, so operator tests are async
and wait with ``await`` (never ``time.sleep``) while kopf works in its thread.
"""

from __future__ import annotations

import asyncio
import gzip
import importlib.resources
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import kmock
import kubernetes
import pytest
import pytest_asyncio
from estoca_kmock import EstocaKubernetesEmulator

API = "mock.estoca.io/v1alpha1"
GROUPS = kmock.resource("mock.estoca.io", "v1alpha1", "mockgroups")
ENDPOINTS = kmock.resource("mock.estoca.io", "v1alpha1", "mockendpoints")
DEPLOYMENTS = kmock.resource("apps", "v1", "deployments")
SERVICES = kmock.resource("", "v1", "services")
NAMESPACE = "team-a"


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
    monkeypatch.setattr(kubernetes.config.kube_config, "KUBE_CONFIG_DEFAULT_LOCATION", str(config))
    return kmock


async def wait_for(predicate: Callable[[], Any], within: float = 10.0, what: str = "condition") -> Any:
    """Poll ``predicate`` (sync) until it returns something truthy; yield to the loop between tries."""
    deadline = time.monotonic() + within
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
        except (KeyError, ValueError, LookupError) as exc:  # object not there yet
            last = exc
        else:
            if last:
                return last
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out after {within} s waiting for {what}; last value: {last!r}")


class OperatorThread:
    """One operator run (kopf + our handlers) in its own thread and event loop."""

    def __init__(self, settings: Any, database_url: str) -> None:
        self.settings = settings
        self.database_url = database_url
        self.stop_flag = threading.Event()
        self.ready_flag = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._main, name="kopf-operator", daemon=True)

    def _main(self) -> None:
        from estoca_operator.runner import run

        try:
            asyncio.run(
                run(
                    self.settings,
                    database_url=self.database_url,
                    stop_flag=self.stop_flag,
                    ready_flag=self.ready_flag,
                    liveness=False,
                )
            )
        except BaseException as exc:  # reported by stop()
            self.error = exc

    async def start(self, k8s: Any) -> OperatorThread:
        self.thread.start()
        await wait_for(lambda: self.ready_flag.is_set() or self.error, what="kopf to start")
        if self.error:
            raise self.error
        # kopf sets the ready flag before its watch streams open: wait until both kinds are watched.
        await wait_for(
            lambda: (
                {str(r.resource.plural) for r in list(k8s) if r.action == kmock.action.WATCH and r.resource}
                >= {"mockgroups", "mockendpoints"}
            ),
            what="kopf to watch MockGroups and MockEndpoints",
        )
        return self

    async def stop(self) -> None:
        self.stop_flag.set()
        await wait_for(lambda: not self.thread.is_alive(), within=20, what="kopf to stop")
        if self.error and not isinstance(self.error, asyncio.CancelledError):
            raise self.error


@pytest_asyncio.fixture
async def start_operator(
    k8s: Any, committed_database_url: str
) -> AsyncIterator[Callable[..., Awaitable[OperatorThread]]]:
    """Start operators (``await start_operator(**settings)``); all are stopped after the test."""
    from estoca_operator.settings import OperatorSettings

    running: list[OperatorThread] = []

    async def start(database_url: str | None = None, **overrides: Any) -> OperatorThread:
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
        return await thread.start(k8s)

    try:
        yield start
    finally:
        for thread in running:
            if thread.thread.is_alive():
                await thread.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MockServerProcess:
    """A real ``estoca-mock mockserver`` process serving one group from the test database."""

    def __init__(self, database_url: str, group: str, namespace: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "MOCKSERVER_HOST": "127.0.0.1",
            "MOCKSERVER_PORT": str(self.port),
            "MOCKSERVER_NAMESPACE": namespace,
            "MOCKSERVER_RESYNC_INTERVAL_S": "30",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "estoca_core.cli", "mockserver", "--group", group],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()


@pytest.fixture
def start_mockserver(committed_database_url: str) -> Iterator[Callable[..., MockServerProcess]]:
    started: list[MockServerProcess] = []

    def start(group: str, namespace: str = NAMESPACE, database_url: str | None = None) -> MockServerProcess:
        server = MockServerProcess(database_url or committed_database_url, group, namespace)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
