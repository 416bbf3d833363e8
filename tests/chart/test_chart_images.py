"""The container image and the compose file: hadolint-clean, pinned, non-root, and every command they
(and the chart) run exists in the ``estoca-mock`` CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from chart_helpers import ROOT

DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"
BIN = Path(sys.executable).parent


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run(
        [str(BIN / "hadolint"), "--no-color", str(DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_dockerfile_is_multi_stage_pinned_and_non_root() -> None:
    text = DOCKERFILE.read_text()
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\w+))?", text, flags=re.MULTILINE)
    assert len(stages) >= 2
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", text, flags=re.MULTILINE)
    assert base is not None
    # a full patch version (or a digest), never a floating tag
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", base.group(1)), base.group(
        1
    )
    users = re.findall(r"^USER\s+(\S+)$", text, flags=re.MULTILINE)
    assert users
    assert users[-1].split(":")[0] not in ("root", "0")
    assert 'ENTRYPOINT ["estoca-mock"]' in text
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert {"**/.venv", ".git", "frontend", "tests"} <= set(ignored)


def test_compose_file_is_valid() -> None:
    compose = shutil.which("docker-compose")
    assert compose, "docker-compose is required (apt-get install docker-compose; scripts/ensure-services.sh)"
    result = subprocess.run(
        [compose, "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_the_full_stack() -> None:
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    assert {"postgres", "redis", "migrate", "api", "mockserver", "frontend"} <= set(services)
    assert services["frontend"]["build"]["context"] == "frontend"
    for name in ("migrate", "api", "mockserver"):
        assert services[name]["build"]["dockerfile"] == "Dockerfile"
        assert services[name]["read_only"] is True
    assert services["api"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    for service in services.values():
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), f"{port}: published ports stay on loopback"


@pytest.mark.parametrize(
    "command",
    [["operator"], ["api"], ["mockserver"], ["db", "upgrade"], ["up"]],
    ids=lambda c: " ".join(c),
)
def test_commands_used_by_the_image_chart_and_compose_exist(command: list[str]) -> None:
    result = subprocess.run(
        [str(BIN / "estoca-mock"), *command, "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "usage: estoca-mock" in result.stdout
