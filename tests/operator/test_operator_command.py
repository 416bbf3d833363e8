"""``estoca-mock operator`` as a real process: it logs in with $KUBECONFIG, acts, serves kopf's
liveness endpoint and stops cleanly on SIGTERM (what a pod gets)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any, TextIO

import httpx
import pytest
from operator_rig import BASE, DEPLOYMENTS, NAMESPACE, group_body, wait_for

pytestmark = pytest.mark.asyncio


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def alive(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1.0).status_code == 200
    except httpx.TransportError:
        return False


def spawn(database_url: str, port: int, log: TextIO) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "OPERATOR_LIVENESS_PORT": str(port)}
    command = [
        str(Path(sys.executable).with_name("estoca-mock")),
        "operator",
        "-n",
        NAMESPACE,
        "--standalone",
    ]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)


async def test_the_operator_command_runs_kopf_with_liveness_and_stops_on_sigterm(
    k8s: Any, committed_database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    log_path = tmp_path / "operator.log"
    with log_path.open("w") as log:
        process = spawn(committed_database_url, port, log)
        try:
            await k8s.post(f"{BASE}/mockgroups", json=group_body())  # exists before kopf lists
            await wait_for(
                lambda: k8s.objects[DEPLOYMENTS, NAMESPACE, "mock-erp"], within=30, what="the Deployment"
            )
            await wait_for(lambda: alive(f"http://127.0.0.1:{port}/healthz"), what="kopf's liveness endpoint")
            process.send_signal(signal.SIGTERM)
            await wait_for(lambda: process.poll() is not None, within=30, what="a clean stop")
            assert process.returncode == 0, log_path.read_text()[-3000:]
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
