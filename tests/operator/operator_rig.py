"""Helpers of the operator tests: constants, polling, the kopf thread, mockserver processes, bodies.

Kept out of conftest.py under a unique module name, because several conftest modules in the suite
would otherwise compete for the name ``conftest``.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import kmock
import kopf
from sqlalchemy import create_engine, text

API = "mock.estoca.io/v1alpha1"
GROUPS = kmock.resource("mock.estoca.io", "v1alpha1", "mockgroups")
ENDPOINTS = kmock.resource("mock.estoca.io", "v1alpha1", "mockendpoints")
DEPLOYMENTS = kmock.resource("apps", "v1", "deployments")
SERVICES = kmock.resource("", "v1", "services")
EVENTS = kmock.resource("", "v1", "events")
NAMESPACE = "team-a"
BASE = f"/apis/mock.estoca.io/v1alpha1/namespaces/{NAMESPACE}"


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


def group_body(name: str = "erp", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": API,
        "kind": "MockGroup",
        "metadata": {"name": name, "namespace": NAMESPACE},
        "spec": {"description": f"{name} mocks", **spec},
    }


def endpoint_body(name: str = "get-order", group: str = "erp", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": API,
        "kind": "MockEndpoint",
        "metadata": {"name": name, "namespace": NAMESPACE},
        "spec": {
            "group": group,
            "method": "GET",
            "path": "/orders/{orderId}",
            "response": {"status": 200, "body": '{"id": 1, "status": "shipped"}'},
            **spec,
        },
    }


def rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """Run one query on the test database with a short-lived engine (outside the operator's pool)."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def ready(k8s: Any, plural: Any, name: str) -> dict[str, Any] | None:
    """The Ready condition of an object in KMock, or None."""
    obj = k8s.objects[plural, NAMESPACE, name]
    for condition in (obj.get("status") or {}).get("conditions") or []:
        if condition["type"] == "Ready":
            return dict(condition)
    return None


def ready_is(
    k8s: Any, plural: Any, name: str, status: str, reason: str | None = None
) -> dict[str, Any] | None:
    """The Ready condition if it has this status (and reason), else None (for ``wait_for``)."""
    condition = ready(k8s, plural, name)
    if condition and condition["status"] == status and (reason is None or condition["reason"] == reason):
        return condition
    return None


def ready_generation(k8s: Any, plural: Any, name: str) -> int | None:
    """The generation an object is Ready for, or None while it is not Ready."""
    condition = ready_is(k8s, plural, name, "True")
    return int(condition["observedGeneration"]) if condition else None


async def make_available(k8s: Any, name: str, replicas: int = 1) -> None:
    """Play the Deployment controller: report the wanted replicas as available.

    Like the real controller it acts on a Deployment that exists, so it first waits for the operator to
    have created it (a group's Deployment is reconciled right after the group's row).
    """
    await wait_for(lambda: k8s.objects[DEPLOYMENTS, NAMESPACE, name], within=30.0, what=f"Deployment {name}")
    response = await k8s.patch(
        f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments/{name}/status",
        json={"status": {"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas}},
    )
    assert response.status == 200


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

    async def start(self, k8s: Any, *, wait_watching: bool = True) -> OperatorThread:
        watches_before = _watch_count(k8s)
        self.thread.start()
        await wait_for(lambda: self.ready_flag.is_set() or self.error, what="kopf to start")
        if self.error:
            raise self.error
        if not wait_watching:  # e.g. paused by peering: kopf does not watch until it may act
            return self
        # kopf sets the ready flag before its watch streams open: wait until both kinds are watched.
        await wait_for(
            lambda: _watch_count(k8s) >= watches_before + 2,
            what="kopf to watch MockGroups and MockEndpoints",
        )
        return self

    async def stop(self) -> None:
        self.stop_flag.set()
        await wait_for(lambda: not self.thread.is_alive(), within=30, what="kopf to stop")
        if self.error and not isinstance(self.error, asyncio.CancelledError | kopf.OperatorError):
            raise self.error


def _watch_count(k8s: Any) -> int:
    return sum(
        1
        for request in list(k8s)
        if request.action == kmock.action.WATCH
        and request.resource is not None
        and request.resource.plural in ("mockgroups", "mockendpoints")
    )


class MockServerProcess:
    """A real ``estoca-mock mockserver`` process serving one group from the test database."""

    def __init__(self, database_url: str, group: str, namespace: str) -> None:
        import os

        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "MOCKSERVER_HOST": "127.0.0.1",
            "MOCKSERVER_PORT": "0",
            "MOCKSERVER_NAMESPACE": namespace,
        }
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("estoca-mock")), "mockserver", "--group", group],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.url = ""

    def wait_started(self) -> MockServerProcess:
        """Read the bound port from the first line, then wait until it answers /healthz."""
        import httpx

        try:
            self.url = self._read_url()
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{self.url}/healthz", timeout=1.0).status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise AssertionError(f"mockserver at {self.url} did not become healthy")
                time.sleep(0.05)
        except BaseException:
            self.stop()
            raise

    def _read_url(self) -> str:
        """The first line names the bound port: ``Mocks (erp): http://127.0.0.1:PORT/<group>/<path>``."""
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.process.terminate()
            rest = self.process.stdout.read()
            raise AssertionError(f"mockserver did not start: {line}{rest}")
        return f"http://127.0.0.1:{match.group(1)}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


class DatabaseProxy:
    """A TCP proxy in front of the test database: stopping it is a database outage for its clients only.

    The shared PostgreSQL server is never stopped; the mockserver keeps its direct connection, so the
    test sees what the operator does while *its* database is unreachable.
    """

    def __init__(self, database_url: str) -> None:
        from sqlalchemy.engine import make_url

        self._url = make_url(database_url)
        host = str(self._url.query.get("host") or self._url.host or "127.0.0.1")
        self._unix = f"{host}/.s.PGSQL.{self._url.port or 5432}" if host.startswith("/") else None
        self._target = (host, int(self._url.port or 5432))
        self.port = 0
        self._server: asyncio.AbstractServer | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        query = {key: value for key, value in self._url.query.items() if key != "host"}
        proxied = self._url.set(host="127.0.0.1", port=self.port, query=query)
        return proxied.render_as_string(hide_password=False)

    async def start(self) -> DatabaseProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def stop(self) -> None:
        """Refuse new connections and cut the open ones (what a crashed server looks like)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            if self._unix:
                up_reader, up_writer = await asyncio.open_unix_connection(self._unix)
            else:
                up_reader, up_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(self._pump(reader, up_writer), self._pump(up_reader, writer))

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()
