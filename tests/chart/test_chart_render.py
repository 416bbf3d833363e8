"""The chart renders valid Kubernetes objects for every ci/*-values.yaml, with the guarantees the
product promises: least-privilege RBAC, probes, hardened security contexts and resources everywhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from chart_helpers import (
    CHART,
    CI_VALUES,
    KUBE_VERSION,
    ROOT,
    by_kind,
    crd_schemas,
    documents,
    helm,
    pod_specs,
    render,
)

IDS = [path.name.removesuffix("-values.yaml") for path in CI_VALUES]


@pytest.fixture(scope="module", params=CI_VALUES, ids=IDS)
def rendered(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Any]]:
    text = render(request.param)
    path = tmp_path_factory.mktemp("render") / f"{request.param.stem}.yaml"
    path.write_text(text)
    return path, documents(text)


def test_there_are_several_values_cases() -> None:
    assert {"default", "external-db", "namespaced", "ingress", "minimal"} <= set(IDS)


def test_helm_lint_strict() -> None:
    """Every values case lints clean. The bare defaults do not: with ``api.env: production`` the API needs
    an OIDC client, and the schema says so at install time instead of a crash-looping pod."""
    bare = helm("lint", "--strict", str(CHART), check=False)
    assert bare.returncode != 0
    assert "/api/oidc/clientId" in bare.stdout + bare.stderr
    for values in CI_VALUES:
        result = helm("lint", "--strict", str(CHART), "-f", str(values), check=False)
        assert result.returncode == 0, f"{values.name}: {result.stdout}{result.stderr}"


def test_kubernetes_validate_strict(rendered: tuple[Path, list[Any]]) -> None:
    path, _ = rendered
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("kubernetes-validate")),
            "-k",
            KUBE_VERSION,
            "--strict",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout + result.stderr


def test_custom_resources_validate_against_the_rendered_crds(rendered: tuple[Path, list[Any]]) -> None:
    """kubernetes-validate does not know our kinds: check them against the CRDs the chart ships."""
    _, docs = rendered
    schemas = crd_schemas(documents(render(CI_VALUES[0])))
    custom = [doc for doc in docs if doc.get("apiVersion") == "mock.estoca.io/v1alpha1"]
    for doc in custom:
        jsonschema.validate(doc, schemas[doc["kind"]])


def test_examples_validate_against_the_chart_crds() -> None:
    """The chart's CRDs go through fromYaml/toYaml; the examples must still validate against them."""
    schemas = crd_schemas(documents(render(CI_VALUES[0])))
    examples = sorted((ROOT / "examples" / "k8s").glob("*.yaml"))
    assert examples
    for path in examples:
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                jsonschema.validate(doc, schemas[doc["kind"]])


def test_rbac_has_no_wildcards(rendered: tuple[Path, list[Any]]) -> None:
    _, docs = rendered
    roles = by_kind(docs, "Role") + by_kind(docs, "ClusterRole")
    for role in roles:
        for rule in role["rules"]:
            for key in ("verbs", "resources", "apiGroups"):
                assert "*" not in rule.get(key, []), f"{role['metadata']['name']}: {key} {rule}"
            assert "nonResourceURLs" not in rule
            # the operator never needs to read Secrets: pods get the database URL by reference
            assert "secrets" not in rule["resources"], role["metadata"]["name"]
            # everything is written with PATCH; nobody needs to replace whole objects
            assert "update" not in rule["verbs"], role["metadata"]["name"]


def test_every_container_has_probes_resources_and_a_hardened_security_context(
    rendered: tuple[Path, list[Any]],
) -> None:
    _, docs = rendered
    for name, spec in pod_specs(docs):
        pod_context = spec.get("securityContext") or {}
        assert pod_context.get("runAsNonRoot") is True, name
        for container in spec["containers"]:
            where = f"{name}/{container['name']}"
            context = container.get("securityContext") or {}
            assert context.get("runAsNonRoot") is True, where
            assert context.get("readOnlyRootFilesystem") is True, where
            assert context.get("allowPrivilegeEscalation") is False, where
            assert context.get("capabilities", {}).get("drop") == ["ALL"], where
            resources = container.get("resources") or {}
            assert {"cpu", "memory"} <= set(resources.get("requests", {})), where
            assert "memory" in resources.get("limits", {}), where
            if not name.startswith(("Job/", "Pod/")):  # long-running containers only
                assert "livenessProbe" in container, where
                assert "readinessProbe" in container, where


def test_every_object_is_labelled_for_the_release(rendered: tuple[Path, list[Any]]) -> None:
    _, docs = rendered
    for doc in docs:
        labels = doc["metadata"].get("labels") or {}
        assert labels.get("app.kubernetes.io/managed-by") == "Helm", (
            f"{doc['kind']}/{doc['metadata']['name']}"
        )
