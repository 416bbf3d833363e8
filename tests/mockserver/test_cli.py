"""`estoca-mock mockserver` and `estoca-mock up` as real subprocesses on the test PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from estoca_core.db import get_engine, session_scope
from estoca_core.repository import MockRepository
from estoca_core.spec import MockEndpointSpec, MockGroupSpec

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "estoca_core.cli"]


ROOT_DIR = Path(__file__).resolve().parents[2]


def env_for(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCKSERVER_")}
    env.update({"DATABASE_URL": url, "MOCKSERVER_LOG_LEVEL": "WARNING", **extra})
    return env


@pytest.fixture
def spawn() -> Iterator[Callable[..., tuple[subprocess.Popen[str], str]]]:
    """Start the CLI; wait for the printed URL; SIGTERM it after the test."""
    procs: list[subprocess.Popen[str]] = []

    def run(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
        proc = subprocess.Popen([*CLI, *args], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        lines = []
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                pytest.fail(f"exited with {proc.wait()} before serving: {''.join(lines)}")
            lines.append(line)
            if m := re.search(r"(http://127\.0\.0\.1:\d+)/<group>", line):
                return proc, m.group(1)
        pytest.fail("no URL printed")

    yield run
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
        if proc.stdout:
            proc.stdout.close()


def ready(base: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            r = httpx.get(base + "/readyz", timeout=2)
            if r.status_code == 200:
                return r.json()  # type: ignore[no-any-return]
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    pytest.fail("not ready")


def test_help() -> None:
    for command in ("mockserver", "up"):
        out = subprocess.run([*CLI, command, "--help"], capture_output=True, text=True, check=True).stdout
        assert "--port" in out


def test_mockserver_serves_the_selected_group(spawn, committed_database_url: str) -> None:  # type: ignore[no-untyped-def]
    with session_scope(get_engine(committed_database_url)) as session:
        repo = MockRepository(session)
        for name in ("erp", "shop"):
            group = repo.create_group(namespace="default", name=name, spec=MockGroupSpec())
            spec = MockEndpointSpec.model_validate(
                {"group": name, "method": "GET", "path": "/ping", "response": {"body": name}}
            )
            repo.create_endpoint(group_id=group.id, name=f"{name}-ping", spec=spec)
    proc, base = spawn(
        ["mockserver", "--group", "erp", "--host", "127.0.0.1", "--port", "0"],
        env_for(committed_database_url),
    )
    assert ready(base)["endpoints"] == 1
    assert httpx.get(base + "/erp/ping").text == "erp"
    assert httpx.get(base + "/shop/ping").status_code == 404
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) in (0, -signal.SIGTERM)  # graceful stop, re-raised by uvicorn


def test_mockserver_with_two_workers(spawn, committed_database_url: str) -> None:  # type: ignore[no-untyped-def]
    port = _free_port()
    proc, base = spawn(
        ["mockserver", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
        env_for(committed_database_url),
    )
    assert ready(base)["endpoints"] == 0
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) in (0, -signal.SIGTERM)


def test_unreachable_database_exits_3() -> None:
    env = env_for("postgresql://postgres@127.0.0.1:1/nothing")
    done = subprocess.run(
        [*CLI, "mockserver", "--port", "0"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 3
    assert "database unreachable" in done.stderr


def test_bad_setting_exits_1_naming_the_variable(committed_database_url: str) -> None:
    env = env_for(committed_database_url, MOCKSERVER_MAX_BODY_BYTES="lots")
    done = subprocess.run([*CLI, "mockserver"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "MOCKSERVER_MAX_BODY_BYTES" in done.stderr


def test_up_migrates_loads_examples_once_and_serves_them(spawn, fresh_database_url: str) -> None:  # type: ignore[no-untyped-def]
    env = env_for(fresh_database_url)
    proc, base = spawn(["up", "--port", "0", "--load-examples"], env)
    loaded = ready(base)["endpoints"]
    top_level = sum(f.read_text().count("kind: MockEndpoint") for f in (ROOT_DIR / "examples").glob("*.yaml"))
    assert loaded == top_level >= 12  # examples/k8s/ (other namespaces, for kubectl) is not loaded
    # the API shows mock URLs on the port really bound, not the default 8000
    login = httpx.post(base + "/api/auth/login")
    token = httpx.post(base + "/api/auth/refresh", cookies=login.cookies).json()["accessToken"]
    groups = httpx.get(base + "/api/groups", headers={"Authorization": f"Bearer {token}"}).json()
    assert {g["mockUrl"] for g in groups["items"]} == {base + "/erp", base + "/shop"}
    assert httpx.get(base + "/erp/nothing-here").status_code == 404
    assert httpx.get(base + "/healthz").text == "ok"
    # the control-plane API is mounted on the same port
    assert httpx.get(base + "/openapi.json").json()["openapi"].startswith("3.")
    assert httpx.get(base + "/api/healthz").status_code == 200
    order = httpx.get(base + "/erp/orders/1", headers={"Authorization": "Bearer t"})
    assert order.status_code == 200
    assert "id" in order.json()
    assert httpx.get(base + "/erp/orders/1").status_code == 401  # the example's contract
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) in (0, -signal.SIGTERM)  # graceful stop, re-raised by uvicorn
    proc, base = spawn(
        ["up", "--port", "0", "--load-examples"], env
    )  # second start: data kept, not re-applied
    assert ready(base)["endpoints"] == loaded


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_port_in_use_exits_1_naming_the_address(committed_database_url: str) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = env_for(committed_database_url)
        done = subprocess.run(
            [*CLI, "mockserver", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_json_logs_name_the_chaos_fault(committed_database_url: str) -> None:
    with session_scope(get_engine(committed_database_url)) as session:
        repo = MockRepository(session)
        group = repo.create_group(namespace="default", name="erp", spec=MockGroupSpec())
        spec = MockEndpointSpec.model_validate(
            {"group": "erp", "method": "GET", "path": "/x", "chaos": {"faults": {"error": 1}}}
        )
        repo.create_endpoint(group_id=group.id, name="x", spec=spec)
    env = env_for(committed_database_url, MOCKSERVER_LOG_JSON="true", MOCKSERVER_LOG_LEVEL="INFO")
    proc = subprocess.Popen(
        [*CLI, "mockserver", "--host", "127.0.0.1", "--port", "0"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        base = re.search(r"(http://127\.0\.0\.1:\d+)/<group>", proc.stdout.readline()).group(1)  # type: ignore[union-attr]
        ready(base)
        assert httpx.get(base + "/erp/x/chaos").headers["x-chaos-fault"] == "error"
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
        if proc.stdout:
            proc.stdout.close()
    records = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert records, err
    faults = [r for r in records if r.get("fault") == "error"]
    assert faults
    assert faults[0]["group"] == "erp"
    assert faults[0]["endpoint"] == "x"
    assert any("loaded 1 endpoints" in r["msg"] for r in records)
