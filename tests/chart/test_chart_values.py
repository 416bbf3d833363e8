"""What the values do: schema rejections, CRDs shipped and kept, modes of the operator and database,
and operator settings that the operator itself accepts."""

from __future__ import annotations

from typing import Any

import pytest
from chart_helpers import CHART, CI_VALUES, ROOT, by_kind, documents, helm, render

CI = {path.name.removesuffix("-values.yaml"): path for path in CI_VALUES}


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        (("api.storage=files",), "/api/storage"),
        (("operator.replicas=many",), "/operator/replicas"),
        (("operator.unknownKey=1",), "additional properties 'unknownKey' not allowed"),
        (("bogus=1",), "additional properties 'bogus' not allowed"),
        (("securityContext.readOnlyRootFilesystem=false",), "/securityContext/readOnlyRootFilesystem"),
        (("podSecurityContext.runAsNonRoot=false",), "/podSecurityContext/runAsNonRoot"),
        (("mockserver.serviceNameTemplate=mocks",), "/mockserver/serviceNameTemplate"),
        (("operator.watchNamespaces[0]=Team_A",), "/operator/watchNamespaces/0"),
        (("postgresql.persistence.size=lots",), "/postgresql/persistence/size"),
        (("postgresql.enabled=false",), "/externalDatabase/existingSecret"),
        (("api.storage=kubernetes", "operator.enabled=false"), "/operator/enabled"),
        (("ingress.host=Not A Host",), "/ingress/host"),
        (("api.resources.requests.gpu=1",), "invalid propertyName 'gpu'"),
        (("api.oidc.clientId=",), "/api/oidc/clientId"),  # production needs a sign-in provider
        (("api.env=staging",), "/api/env"),
    ],
)
def test_bad_values_are_rejected_by_the_schema(sets: tuple[str, ...], message: str) -> None:
    args = ["template", "mocks", str(CHART), "-f", str(CI["default"])]
    for item in sets:
        args += ["--set", item]
    result = helm(*args, check=False)
    assert result.returncode != 0, f"{sets} was accepted"
    assert message in result.stderr, result.stderr


@pytest.mark.parametrize("name", ["mockgroups.yaml", "mockendpoints.yaml"])
def test_the_chart_ships_the_generated_crds_unchanged(name: str) -> None:
    assert (CHART / "files" / "crds" / name).read_bytes() == (ROOT / "crds" / name).read_bytes(), (
        f"charts/estoca-mock-api/files/crds/{name} differs from crds/{name}: copy it after `make crds`"
    )


def test_crds_are_kept_on_uninstall_and_can_be_left_out() -> None:
    crds = by_kind(documents(render(CI["default"])), "CustomResourceDefinition")
    names = {crd["metadata"]["name"] for crd in crds}
    assert names == {
        "mockgroups.mock.estoca.io",
        "mockendpoints.mock.estoca.io",
        "kopfpeerings.kopf.dev",
        "clusterkopfpeerings.kopf.dev",
    }
    for crd in crds:
        assert crd["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    rendered = render(CI["default"], sets=("crds.keep=false",))
    not_kept = by_kind(documents(rendered), "CustomResourceDefinition")
    assert not_kept
    assert all("helm.sh/resource-policy" not in (c["metadata"].get("annotations") or {}) for c in not_kept)
    assert by_kind(documents(render(CI["minimal"])), "CustomResourceDefinition") == []


def test_printer_columns_survive_rendering() -> None:
    crds = by_kind(documents(render(CI["default"])), "CustomResourceDefinition")
    endpoint = next(crd for crd in crds if crd["spec"]["names"]["kind"] == "MockEndpoint")
    columns = [column["name"] for column in endpoint["spec"]["versions"][0]["additionalPrinterColumns"]]
    assert {"Group", "Method", "Path", "Ready"} <= set(columns)


def _operator_env(docs: list[dict[str, Any]]) -> dict[str, Any]:
    deployment = next(d for d in by_kind(docs, "Deployment") if d["metadata"]["name"].endswith("-operator"))
    return {item["name"]: item for item in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}


@pytest.mark.parametrize("case", ["default", "namespaced", "external-db"])
def test_operator_settings_from_the_chart_are_accepted_by_the_operator(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from estoca_operator.settings import OperatorSettings

    env = _operator_env(documents(render(CI[case])))
    fields = set(OperatorSettings.model_fields)
    for name, item in env.items():
        if name.startswith("OPERATOR_"):
            assert name.removeprefix("OPERATOR_").lower() in fields, f"{name} is not an operator setting"
            monkeypatch.setenv(name, item["value"])
    settings = OperatorSettings()
    assert settings.mockserver_image.startswith("ghcr.io/estoca/estoca-mock-api:")
    if case == "namespaced":
        assert settings.namespaces == ["team-a", "team-b"]
        assert settings.service_name_template == "{group}-mocks"
        assert settings.default_resources["limits"] == {"memory": "128Mi"}
    else:
        assert settings.namespaces == []
    secret = env["DATABASE_URL"]["valueFrom"]["secretKeyRef"]
    assert (settings.database_secret_name, settings.database_secret_key) == (secret["name"], secret["key"])


def test_cluster_wide_mode_uses_a_cluster_role_and_a_cluster_peering() -> None:
    docs = documents(render(CI["default"]))
    assert [r["metadata"]["name"] for r in by_kind(docs, "ClusterRole")] == ["mocks-estoca-mock-api-operator"]
    assert by_kind(docs, "Role") == []
    assert len(by_kind(docs, "ClusterKopfPeering")) == 1
    rules = by_kind(docs, "ClusterRole")[0]["rules"]
    assert any("namespaces" in rule["resources"] for rule in rules)


def test_namespaced_mode_uses_roles_peerings_and_secrets_per_namespace() -> None:
    docs = documents(render(CI["namespaced"]))
    assert by_kind(docs, "ClusterRole") == []
    roles = {(r["metadata"]["namespace"], r["metadata"]["name"]) for r in by_kind(docs, "Role")}
    for namespace in ("team-a", "team-b"):
        assert (namespace, "mocks-estoca-mock-api-operator") in roles
        assert (namespace, "mocks-estoca-mock-api-api") in roles  # STORAGE=kubernetes
    peerings = {p["metadata"]["namespace"] for p in by_kind(docs, "KopfPeering")}
    assert peerings == {"team-a", "team-b"}
    secrets = {
        s["metadata"]["namespace"]
        for s in by_kind(docs, "Secret")
        if s["metadata"]["name"].endswith("-database")
    }
    assert secrets == {"estoca", "team-a", "team-b"}  # mockserver pods read the URL in their own namespace
    api = next(d for d in by_kind(docs, "Deployment") if d["metadata"]["name"].endswith("-api"))
    assert api["spec"]["template"]["spec"]["automountServiceAccountToken"] is True
    env = {
        item["name"]: item.get("value") for item in api["spec"]["template"]["spec"]["containers"][0]["env"]
    }
    assert env["STORAGE"] == "kubernetes"


def test_api_without_kubernetes_storage_has_no_token_and_no_role() -> None:
    docs = documents(render(CI["default"]))
    api = next(d for d in by_kind(docs, "Deployment") if d["metadata"]["name"].endswith("-api"))
    assert api["spec"]["template"]["spec"]["automountServiceAccountToken"] is False
    assert not [r for r in by_kind(docs, "Role") if r["metadata"]["name"].endswith("-api")]


def test_bundled_and_external_database() -> None:
    bundled = documents(render(CI["default"]))
    assert len(by_kind(bundled, "StatefulSet")) == 1
    claim = by_kind(bundled, "StatefulSet")[0]["spec"]["volumeClaimTemplates"][0]
    assert claim["spec"]["resources"]["requests"]["storage"] == "8Gi"
    job = by_kind(bundled, "Job")[0]
    # the bundled database is created by the install itself: migrate after it, and before upgrades
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "post-install,pre-upgrade"
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["db", "upgrade"]

    external = documents(render(CI["external-db"]))
    assert by_kind(external, "StatefulSet") == []
    assert not [s for s in by_kind(external, "Secret") if s["metadata"]["name"].endswith("-database")]
    job = by_kind(external, "Job")[0]
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    ref = job["spec"]["template"]["spec"]["containers"][0]["env"][0]["valueFrom"]["secretKeyRef"]
    assert ref == {"name": "estoca-database", "key": "DATABASE_URL"}


def test_ingress_routes_api_and_console_and_network_policies() -> None:
    docs = documents(render(CI["ingress"]))
    (ingress,) = by_kind(docs, "Ingress")
    paths = {p["path"]: p["backend"]["service"]["name"] for p in ingress["spec"]["rules"][0]["http"]["paths"]}
    assert paths == {"/api": "mocks-estoca-mock-api-api", "/": "mocks-estoca-mock-api-frontend"}
    assert ingress["spec"]["tls"][0]["secretName"] == "mocks-example-org-tls"
    assert ingress["spec"]["ingressClassName"] == "nginx"
    policies = {p["metadata"]["name"]: p for p in by_kind(docs, "NetworkPolicy")}
    database = policies["mocks-estoca-mock-api-postgresql"]
    allowed = database["spec"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"]
    assert allowed == {"app.kubernetes.io/part-of": "estoca-mock-api"}  # operator-made mockservers carry it
    assert by_kind(documents(render(CI["default"])), "NetworkPolicy") == []


def test_helm_test_pod_calls_the_sample_mock() -> None:
    docs = documents(render(CI["default"]))
    pods = [p for p in by_kind(docs, "Pod") if p["metadata"]["annotations"].get("helm.sh/hook") == "test"]
    assert len(pods) == 1
    script = pods[0]["spec"]["containers"][0]["args"][0]
    assert "http://mock-hello.estoca.svc/hello/ping" in script
    samples = {d["kind"]: d for d in docs if d.get("apiVersion") == "mock.estoca.io/v1alpha1"}
    assert samples["MockEndpoint"]["spec"]["group"] == samples["MockGroup"]["metadata"]["name"] == "hello"
    assert samples["MockEndpoint"]["spec"]["path"] == "/ping"
    for sample in samples.values():  # created after the CRDs exist
        assert sample["metadata"]["annotations"]["helm.sh/hook"] == "post-install,post-upgrade"


def test_every_value_is_documented() -> None:
    """Each key of values.yaml has a comment right above it or above one of its parent keys."""
    lines = (CHART / "values.yaml").read_text().splitlines()

    def commented(index: int) -> bool:
        return index > 0 and lines[index - 1].strip().startswith("#")

    undocumented = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "-")) or ":" not in stripped:
            continue
        indent = len(line) - len(line.lstrip())
        ancestors = [index]
        for j in range(index - 1, -1, -1):
            text = lines[j]
            if text.strip() and not text.strip().startswith(("#", "-")):
                level = len(text) - len(text.lstrip())
                if level < indent:
                    ancestors.append(j)
                    indent = level
        if not any(commented(i) for i in ancestors):
            undocumented.append(stripped)
    assert undocumented == []
