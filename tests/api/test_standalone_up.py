"""The issue's "done when", over real HTTP: ``estoca-mock up`` in dev mode, a new user with plain HTTP calls
creates a group and an endpoint, sees the mock served under ``/{group}/...``, runs the test route and
finds both operations in the OpenAPI document behind Swagger."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def standalone(committed_database_url: str) -> Iterator[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("API_", "SECRET_KEY", "REDIS_URL", "MOCKSERVER_"))
    }
    env["DATABASE_URL"] = committed_database_url
    process = subprocess.Popen(
        [sys.executable, "-m", "estoca_core.cli", "up", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        base = None
        deadline = time.monotonic() + 60
        while base is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
            if match := re.search(r"API:\s+(http://[^/\s]+)/api", line):
                base = match.group(1)
        assert base, process.stderr.read() if process.stderr and process.poll() is not None else "no API line"
        while True:
            try:
                if httpx.get(f"{base}/api/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "estoca-mock up did not become ready"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_new_user_creates_serves_and_tests_a_mock(standalone: str) -> None:
    with httpx.Client(base_url=standalone, timeout=10) as http:
        assert http.get("/api/auth/config").json()["devMode"] is True
        assert http.post("/api/auth/login").json() == {"redirectUrl": "/"}
        token = http.post("/api/auth/refresh").json()["accessToken"]
        auth = {"Authorization": f"Bearer {token}"}
        me = http.get("/api/auth/me", headers=auth).json()
        assert me["devMode"] is True

        name = f"shop-{uuid.uuid4().hex[:6]}"
        group = http.post("/api/groups", json={"name": name, "description": "Shop"}, headers=auth)
        assert group.status_code == 201, group.text
        endpoint = http.post(
            f"/api/groups/{group.json()['id']}/endpoints",
            json={
                "method": "GET",
                "path": "/products/{sku}",
                "response": {"status": 200, "body": '{"sku": "A-1", "price": 10}'},
            },
            headers=auth,
        )
        assert endpoint.status_code == 201, endpoint.text

        deadline = time.monotonic() + 10
        while True:  # the mockserver follows the database (NOTIFY), typically within a second
            served = http.get(f"/{name}/products/A-1")
            if served.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert served.status_code == 200, served.text
        assert served.json() == {"sku": "A-1", "price": 10}

        run = http.post(
            f"/api/groups/{group.json()['id']}/endpoints/{endpoint.json()['id']}/test",
            json={"pathParams": {"sku": "A-1"}},
            headers=auth,
        )
        assert run.status_code == 200, run.text
        assert run.json()["status"] == 200
        assert run.json()["outcome"] == "response"

        docs = http.get("/docs")
        assert docs.status_code == 200
        assert "swagger" in docs.text.lower()
        paths = http.get("/openapi.json").json()["paths"]
        assert "/api/groups" in paths
        assert "/api/groups/{group_id}/endpoints" in paths
        assert http.get("/redoc").status_code == 200
