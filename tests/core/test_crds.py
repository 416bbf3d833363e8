"""The CRDs in crds/ are generated from the spec models, structural, valid and in step."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml
from pydantic import Field

from estoca_core import crdgen
from estoca_core.spec import MockEndpoint, MockGroup, ObjectMeta, SpecModel

ROOT = Path(__file__).resolve().parents[2]
CRDS = ROOT / "crds"
KUBERNETES_VERSION = "1.35.0"


def committed(name: str) -> dict[str, Any]:
    crd: dict[str, Any] = yaml.safe_load((CRDS / name).read_text(encoding="utf-8"))
    return crd


def schema_of(name: str) -> dict[str, Any]:
    result: dict[str, Any] = committed(name)["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    return result


def nodes(node: Mapping[str, Any], where: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every schema node with a dotted path."""
    yield where, node
    for name, sub in node.get("properties", {}).items():
        yield from nodes(sub, f"{where}.{name}")
    if isinstance(node.get("items"), Mapping):
        yield from nodes(node["items"], f"{where}[]")
    if isinstance(node.get("additionalProperties"), Mapping):
        yield from nodes(node["additionalProperties"], f"{where}.*")


@pytest.mark.parametrize("name", sorted(crdgen.CRD_FILES))
def test_committed_crds_equal_the_generated_ones(name: str) -> None:
    assert (CRDS / name).read_text(encoding="utf-8") == crdgen.render_all()[name], (
        "crds/ is stale: run `python -m estoca_core.crdgen` (make crds) and commit"
    )


def test_generation_is_deterministic() -> None:
    assert crdgen.render_all() == crdgen.render_all()


def test_check_mode_reports_drift_and_write_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert crdgen.main(["--check", "--out", str(CRDS)]) == 0
    assert crdgen.main(["--check", "--out", str(tmp_path)]) == 1
    assert "CRDs are out of date" in capsys.readouterr().err
    assert crdgen.main(["--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(crdgen.CRD_FILES)
    assert crdgen.main(["--check", "--out", str(tmp_path)]) == 0
    stale = tmp_path / "mockendpoints.yaml"
    stale.write_text(stale.read_text().replace("shortNames:\n    - me", "shortNames:\n    - mep"))
    problems = crdgen.check(tmp_path)
    assert len(problems) == 1
    assert "-    - mep" in problems[0]
    assert "+    - me" in problems[0]


@pytest.mark.parametrize("name", sorted(crdgen.CRD_FILES))
def test_kubernetes_validate_accepts_the_crds(name: str) -> None:
    # Raises kubernetes_validate.ValidationError with the offending path when invalid.
    kubernetes_validate.validate(committed(name), KUBERNETES_VERSION, strict=True)


def test_kubernetes_validate_would_catch_a_broken_crd() -> None:
    broken = committed("mockgroups.yaml")
    broken["spec"]["versions"][0]["served"] = "yes"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize(
    ("name", "kind", "short", "columns"),
    [
        ("mockgroups.yaml", "MockGroup", "mg", ["Endpoints", "URL", "Ready", "Age"]),
        ("mockendpoints.yaml", "MockEndpoint", "me", ["Group", "Method", "Path", "Ready", "Age", "URL"]),
    ],
)
def test_crd_identity_names_and_columns(name: str, kind: str, short: str, columns: list[str]) -> None:
    crd = committed(name)
    plural = kind.lower() + "s"
    assert crd["apiVersion"] == "apiextensions.k8s.io/v1"
    assert crd["metadata"]["name"] == f"{plural}.mock.estoca.io"
    assert crd["metadata"]["labels"]["app.kubernetes.io/name"] == "estoca-mock-api"
    spec = crd["spec"]
    assert (spec["group"], spec["scope"]) == ("mock.estoca.io", "Namespaced")
    assert spec["names"] == {
        "kind": kind,
        "listKind": f"{kind}List",
        "plural": plural,
        "singular": kind.lower(),
        "shortNames": [short],
        "categories": ["estoca", "mocks"],
    }
    [version] = spec["versions"]
    assert (version["name"], version["served"], version["storage"]) == ("v1alpha1", True, True)
    assert version["subresources"] == {"status": {}}
    printed = version["additionalPrinterColumns"]
    assert [c["name"] for c in printed] == columns
    by_name = {c["name"]: c for c in printed}
    assert by_name["Ready"]["jsonPath"] == '.status.conditions[?(@.type=="Ready")].status'
    assert by_name["Age"] == {
        "name": "Age",
        "type": "date",
        "jsonPath": ".metadata.creationTimestamp",
        "description": "Time since the resource was created.",
    }
    if kind == "MockEndpoint":
        assert [by_name[c]["jsonPath"] for c in ("Group", "Method", "Path")] == [
            ".spec.group",
            ".spec.method",
            ".spec.path",
        ]
        assert by_name["URL"]["priority"] == 1  # shown by -o wide only
    else:
        assert by_name["Endpoints"]["type"] == "integer"


@pytest.mark.parametrize("name", sorted(crdgen.CRD_FILES))
def test_schema_is_structural(name: str) -> None:
    """The rules the API server applies to v1 CRDs, checked without a cluster."""
    root = schema_of(name)
    assert root["type"] == "object"
    assert root["properties"]["metadata"].keys() <= {"type", "properties"}
    assert root["properties"]["metadata"].get("properties", {}).keys() <= {"name"}
    for where, node in nodes(root):
        if node.get("x-kubernetes-int-or-string"):
            # The one structural node without a type: Kubernetes quantities (integer or string).
            assert node == {
                "x-kubernetes-int-or-string": True,
                "anyOf": [{"type": "integer"}, {"type": "string"}],
            }, where
            continue
        assert "type" in node, f"{where}: no type"
        for banned in ("$ref", "anyOf", "oneOf", "allOf", "definitions", "$defs", "title", "examples"):
            assert banned not in node, f"{where}: {banned}"
        assert not ("properties" in node and "additionalProperties" in node), where
        assert node.get("additionalProperties") is not False, where
        if node.get("x-kubernetes-preserve-unknown-fields"):
            # Only embedded JSON Schemas are kept as they are; everything else is pruned.
            assert where.endswith(".schema"), where
            assert node["type"] == "object"
        if "not" in node:
            assert node["not"].keys() == {"enum"}, where


@pytest.mark.parametrize("name", sorted(crdgen.CRD_FILES))
def test_every_field_has_a_description_for_kubectl_explain(name: str) -> None:
    root = schema_of(name)
    assert len(root["description"]) > 40
    for where, node in nodes(root):
        if where.startswith(".metadata") or where.endswith(("[]", ".*")):
            continue  # metadata: only name restrictions are allowed; items and map values are no fields
        assert node.get("description"), f"{name}{where} has no description"


def test_embedded_json_schemas_are_preserved_objects() -> None:
    root = schema_of("mockendpoints.yaml")
    spec = root["properties"]["spec"]["properties"]
    places = [
        spec["response"]["properties"]["schema"],
        spec["request"]["properties"]["body"]["properties"]["schema"],
        spec["request"]["properties"]["query"]["items"]["properties"]["schema"],
        spec["request"]["properties"]["headers"]["items"]["properties"]["onError"]["properties"]["schema"],
    ]
    for node in places:
        assert node["type"] == "object"
        assert node["x-kubernetes-preserve-unknown-fields"] is True
        assert node["nullable"] is True


def test_kubernetes_style_optional_enum_bounds_and_maps() -> None:
    spec = schema_of("mockendpoints.yaml")["properties"]["spec"]
    props = spec["properties"]
    assert spec["required"] == ["group", "method", "path"]
    assert props["method"]["enum"] == ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    status = props["request"]["properties"]["body"]["properties"]["onError"]["properties"]["status"]
    assert status == {
        "description": status["description"],
        "maximum": 599,
        "minimum": 100,
        "nullable": True,
        "type": "integer",
    }
    assert props["response"]["properties"]["status"]["default"] == 200
    assert props["response"]["properties"]["headers"]["additionalProperties"] == {"type": "string"}
    faults = props["chaos"]["properties"]["faults"]
    catalogue = "error status timeout slow delay body contract header reset empty truncate dribble"
    assert sorted(faults["properties"]) == sorted(catalogue.split())
    assert faults["properties"]["reset"]["maximum"] == 1000
    assert "TCP RST" in faults["properties"]["reset"]["description"]
    group_name = schema_of("mockgroups.yaml")["properties"]["metadata"]["properties"]["name"]
    assert group_name["maxLength"] == 63
    assert "metrics" in group_name["not"]["enum"]


def test_validation_schema_behaves_like_a_strict_api_server() -> None:
    schema = crdgen.validation_schema(committed("mockendpoints.yaml"))
    validator = jsonschema.Draft202012Validator(schema)
    good = {
        "apiVersion": "mock.estoca.io/v1alpha1",
        "kind": "MockEndpoint",
        "metadata": {"name": "e", "namespace": "team-a", "labels": {"a": "b"}},
        "spec": {
            "group": "erp",
            "method": "GET",
            "path": "/x",
            "response": {"schema": {"type": "object", "x-anything": [1, 2]}, "body": None},
        },
    }
    assert list(validator.iter_errors(good)) == []
    bad = {**good, "spec": {**good["spec"], "respones": {}}}
    [error] = validator.iter_errors(bad)
    assert "respones" in error.message


class _ToySpec(SpecModel):
    """A spec with a union the CRDs cannot express."""

    value: int | str = Field(0, description="Either.")


class _Toy(SpecModel):
    """A toy resource."""

    metadata: ObjectMeta = Field(..., description="Metadata.")
    spec: _ToySpec = Field(..., description="Spec.")
    status: _ToySpec | None = Field(None, description="Status.")


def test_constructs_without_a_structural_form_fail_generation() -> None:
    with pytest.raises(crdgen.CrdGenerationError, match=r"\.value: anyOf other than Optional"):
        crdgen.openapi_schema(_Toy)


def test_models_and_crd_root_descriptions_match() -> None:
    assert schema_of("mockgroups.yaml")["description"].startswith("MockGroup:")
    assert schema_of("mockendpoints.yaml")["description"].startswith("MockEndpoint:")
    assert dict(crdgen.CRD_FILES) == {"mockgroups.yaml": MockGroup, "mockendpoints.yaml": MockEndpoint}


def test_docs_field_reference_is_in_step_with_the_models() -> None:
    assert crdgen.sync_docs(ROOT / "docs" / "spec.md", write_file=False), (
        "docs/spec.md is stale: run `python -m estoca_core.crdgen --docs docs/spec.md` and commit"
    )


def test_docs_field_reference_lists_every_field_and_fault() -> None:
    reference = crdgen.field_reference()
    for field in ("spec.request.query[].onError.schema", "spec.chaos.passThrough", "spec.server.replicas"):
        assert f"| `{field}` |" in reference
    assert "| `dribble` | the real response in small chunks with pauses |" in reference
    assert "/&lt;group&gt;&lt;path&gt;/chaos" in reference  # visible in Markdown, not an HTML tag


def test_docs_sync_rewrites_a_stale_section(tmp_path: Path) -> None:
    doc = tmp_path / "spec.md"
    doc.write_text(f"# Title\n\n{crdgen.DOC_START}\nold table\n{crdgen.DOC_END}\n\nafter\n")
    assert crdgen.main(["--check", "--out", str(CRDS), "--docs", str(doc)]) == 1
    assert crdgen.sync_docs(doc, write_file=True) is False
    text = doc.read_text()
    assert text.startswith("# Title\n\n")
    assert text.endswith(f"{crdgen.DOC_END}\n\nafter\n")
    assert "old table" not in text
    assert crdgen.sync_docs(doc, write_file=False) is True
    doc.write_text("no markers")
    with pytest.raises(crdgen.CrdGenerationError, match="markers"):
        crdgen.sync_docs(doc, write_file=False)
