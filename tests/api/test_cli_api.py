"""``estoca-mock api``: serves the API alone over real HTTP; clear exit codes when it cannot."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import httpx


def _env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("API_", "SECRET_KEY", "REDIS_URL"))}
    env["DATABASE_URL"] = database_url
    return env


def test_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "estoca_core.cli", "api", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "--port" in done.stdout
    assert "API_" in done.stdout


def test_serves_the_api(api_database_url: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "estoca_core.cli", "api", "--port", "0", "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(api_database_url),
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"API: (http://127\.0\.0\.1:\d+)/api", line)
        assert match, (line, process.stderr.read() if process.poll() is not None and process.stderr else "")
        base = match.group(1)
        assert "dev mode" in process.stdout.readline()
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/api/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the API did not start"
                time.sleep(0.1)
        assert health.json() == {"status": "ok"}
        assert httpx.get(f"{base}/api/readyz").json() == {"status": "ready"}
        with httpx.Client(base_url=base) as client:
            login = client.post("/api/auth/login")
            assert login.status_code == 200
            assert "Secure" not in login.headers["set-cookie"]  # dev mode: plain HTTP on this machine
            refreshed = client.post("/api/auth/refresh")
            assert refreshed.status_code == 200, refreshed.text
            me = client.get(
                "/api/auth/me", headers={"Authorization": f"Bearer {refreshed.json()['accessToken']}"}
            )
            assert me.json()["devMode"] is True
        assert httpx.get(f"{base}/openapi.json").json()["info"]["title"] == "Estoca Mock API"
    finally:
        process.terminate()
        process.wait(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_unreachable_database_exits_3() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "estoca_core.cli", "api", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env("postgresql://nobody@127.0.0.1:9/none"),
    )
    assert done.returncode == 3, (done.stdout, done.stderr)
    assert "database unreachable" in done.stderr


def test_production_without_oidc_exits_1(api_database_url: str) -> None:
    env = {**_env(api_database_url), "API_ENV": "production"}
    done = subprocess.run(
        [sys.executable, "-m", "estoca_core.cli", "api", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "API_OIDC_CLIENT_ID" in done.stderr
