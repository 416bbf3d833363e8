"""examples/ and the broken fixtures against both gates: the spec models and the CRD schemas.

Every example must pass both (the same YAML goes to ``estoca-mock apply`` and ``kubectl apply``);
every broken resource must fail the models and, where the CRD can express the rule, the CRD too.
The fixtures say which rules only the models enforce (``# crd: accepts (models only: ...)``).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import ValidationError

from estoca_core import crdgen
from estoca_core.spec import MockEndpoint, MockGroup, parse_resource

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BROKEN = ROOT / "tests" / "fixtures" / "broken"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "k8s").glob("*.yaml"))
K8S_NAMESPACES = {"erp.yaml": "team-a", "ecommerce.yaml": "team-b"}


@cache
def crd_validator(kind: str) -> jsonschema.Draft202012Validator:
    name = {"MockGroup": "mockgroups.yaml", "MockEndpoint": "mockendpoints.yaml"}[kind]
    crd = yaml.safe_load((ROOT / "crds" / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(crdgen.validation_schema(crd))


def crd_errors(document: dict[str, Any]) -> list[str]:
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
        for e in crd_validator(document["kind"]).iter_errors(document)
    ]


def documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]


def example_resources() -> Iterator[tuple[str, int, dict[str, Any]]]:
    for path in EXAMPLE_FILES:
        for index, document in enumerate(documents(path)):
            yield str(path.relative_to(ROOT)), index, document


EXAMPLE_IDS = [f"{f}#{i}" for f, i, _ in example_resources()]


def endpoints(path: Path) -> list[MockEndpoint]:
    return [r for r in map(parse_resource, documents(path)) if isinstance(r, MockEndpoint)]


def test_the_example_files_exist() -> None:
    names = [str(p.relative_to(EXAMPLES)) for p in EXAMPLE_FILES]
    assert names == ["ecommerce.yaml", "erp.yaml", "k8s/ecommerce.yaml", "k8s/erp.yaml"]


@pytest.mark.parametrize(("file", "index", "document"), list(example_resources()), ids=EXAMPLE_IDS)
def test_every_example_passes_the_models(file: str, index: int, document: dict[str, Any]) -> None:
    resource = parse_resource(document)
    assert resource.to_wire()["metadata"]["name"] == document["metadata"]["name"]


@pytest.mark.parametrize(("file", "index", "document"), list(example_resources()), ids=EXAMPLE_IDS)
def test_every_example_passes_the_crd_schema(file: str, index: int, document: dict[str, Any]) -> None:
    assert crd_errors(document) == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_each_file_starts_with_its_group_and_references_only_it(path: Path) -> None:
    resources = [parse_resource(d) for d in documents(path)]
    first, rest = resources[0], resources[1:]
    assert isinstance(first, MockGroup)
    assert rest
    assert all(isinstance(r, MockEndpoint) for r in rest)
    for resource in rest:
        assert isinstance(resource, MockEndpoint)
        assert resource.spec.group == first.metadata.name
        assert resource.metadata.namespace == first.metadata.namespace
    names = [r.metadata.name for r in resources[1:]]
    assert len(names) == len(set(names)), "endpoint names repeat"
    routes = [(r.spec.method, r.spec.path) for r in rest if isinstance(r, MockEndpoint)]
    assert len(routes) == len(set(routes)), "two endpoints serve the same method and path"


@pytest.mark.parametrize("name", sorted(K8S_NAMESPACES))
def test_k8s_copies_are_the_same_resources_with_a_namespace(name: str) -> None:
    plain = documents(EXAMPLES / name)
    namespaced = documents(EXAMPLES / "k8s" / name)
    assert all("namespace" not in d["metadata"] for d in plain), "examples/*.yaml omit the namespace"
    assert all(d["metadata"]["namespace"] == K8S_NAMESPACES[name] for d in namespaced)
    for document in namespaced:
        del document["metadata"]["namespace"]
    assert namespaced == plain


def _features(endpoint: MockEndpoint) -> set[str]:
    spec = endpoint.spec
    found: set[str] = {f"status-{spec.response.status}", f"method-{spec.method}"}
    response = spec.response
    if response.body is not None:
        found.add("static-json-body" if response.body.lstrip()[:1] in "{[" else "static-text-body")
    if response.headers:
        found.add("response-headers")
    schemas = [response.schema_] if response.schema_ else []
    if "{" in spec.path:
        found.add("path-params")
    for param in spec.request.query:
        found.add("query-param")
        found |= _param_features("query", param.required, param.value, param.schema_)
        found |= _on_error_features(param.on_error)
    for header in spec.request.headers:
        found |= _param_features("header", header.required, header.value, header.schema_)
        if header.name.lower() == "authorization" and header.on_error and header.on_error.status == 401:
            found.add("authorization-401")
        found |= _on_error_features(header.on_error)
    if spec.request.body is not None:
        found.add(
            "body-contract-with-onError" if spec.request.body.on_error else "body-contract-default-error"
        )
    if spec.delay.max_ms > 0:
        found.add("delay")
    chaos = spec.chaos
    found |= {"chaos-disabled"} if not chaos.enabled else set()
    found |= {"chaos-weights"} if chaos.faults else set()
    found |= {"chaos-pass-through"} if chaos.pass_through else set()
    found |= {"chaos-rate"} if chaos.rate else set()
    for schema in schemas:
        text = repr(schema)
        found |= {f"format-{f}" for f in re.findall(r"'format': '([a-z-0-9]+)'", text)}
        found |= {"schema-enum"} if "'enum'" in text else set()
        found |= {"schema-nested-array"} if "'items': {'type': 'object'" in text else set()
    return found


def _param_features(where: str, required: bool, value: str | None, schema: Any) -> set[str]:
    found = {f"{where}-required"} if required else set()
    if value is not None:
        found.add(f"{where}-exact-value")
    for keyword in ("type", "minimum", "pattern", "enum"):
        if isinstance(schema, dict) and keyword in schema:
            found.add(f"{where}-{keyword}")
    return found


def _on_error_features(on_error: Any) -> set[str]:
    if on_error is None:
        return set()
    return {"onError-static" if on_error.body is not None else "onError-schema" if on_error.schema_ else "x"}


def test_the_examples_together_use_every_feature() -> None:
    all_endpoints = endpoints(EXAMPLES / "erp.yaml") + endpoints(EXAMPLES / "ecommerce.yaml")
    assert len(all_endpoints) >= 12
    used = set().union(*map(_features, all_endpoints))
    wanted = {
        "static-json-body",
        "static-text-body",
        "response-headers",
        "path-params",
        "status-201",
        "status-204",
        *(f"format-{f}" for f in ("email", "uuid", "date-time", "date", "uri", "ipv4")),
        "schema-enum",
        "schema-nested-array",
        *(f"query-{k}" for k in ("required", "exact-value", "type", "minimum", "pattern", "enum")),
        "header-required",
        "header-pattern",
        "authorization-401",
        "onError-static",
        "onError-schema",
        "body-contract-with-onError",
        "body-contract-default-error",
        *(f"method-{m}" for m in ("GET", "POST", "PUT", "PATCH", "DELETE")),
        "delay",
        "chaos-disabled",
        "chaos-weights",
        "chaos-pass-through",
        "chaos-rate",
    }
    assert wanted - used == set()


def test_generated_example_bodies_are_valid_against_their_schemas() -> None:
    """The examples are served as they are: every response/onError schema must generate valid data."""
    from random import Random

    from estoca_core.datagen import compile_generator

    all_endpoints = endpoints(EXAMPLES / "erp.yaml") + endpoints(EXAMPLES / "ecommerce.yaml")
    schemas = [e.spec.response.schema_ for e in all_endpoints if e.spec.response.schema_]
    for e in all_endpoints:
        params = [*e.spec.request.query, *e.spec.request.headers]
        on_errors = [p.on_error for p in params] + [
            e.spec.request.body.on_error if e.spec.request.body else None
        ]
        schemas += [o.schema_ for o in on_errors if o is not None and o.schema_ is not None]
    assert len(schemas) >= 14
    for schema in schemas:
        generate = compile_generator(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for seed in range(20):
            value = generate(Random(seed))
            assert list(validator.iter_errors(value)) == [], (schema, value)


CURL_URL = re.compile(r"https?://[^/\s'\"]+(/[^\s'\"?]*)")


def _curls(readme: str) -> list[tuple[str, str]]:
    """(method, path) of every curl command in the README's code blocks."""
    found = []
    for line in readme.splitlines():
        if not line.lstrip().startswith("curl "):
            continue
        words = shlex.split(line.replace("\\\n", " "))
        method = "GET"
        for i, word in enumerate(words):
            if word in ("-X", "--request"):
                method = words[i + 1]
            elif word in ("-d", "--data", "--json", "--data-binary") and method == "GET":
                method = "POST"
        match = CURL_URL.search(line)
        assert match, f"a curl without a URL: {line}"
        found.append((method, match.group(1)))
    return found


def test_the_readme_has_a_curl_for_every_endpoint() -> None:
    curls = _curls((EXAMPLES / "README.md").read_text(encoding="utf-8"))
    for endpoint in endpoints(EXAMPLES / "erp.yaml") + endpoints(EXAMPLES / "ecommerce.yaml"):
        template = re.sub(r"\\\{[A-Za-z_][A-Za-z0-9_]*\\\}", "[^/]+", re.escape(endpoint.spec.path))
        route = re.compile(f"^/{endpoint.spec.group}{template}(/chaos)?$")
        hits = [path for method, path in curls if method == endpoint.spec.method and route.match(path)]
        assert hits, f"examples/README.md has no curl for {endpoint.spec.method} {endpoint.metadata.name}"


# --- broken resources ------------------------------------------------------------------------------

BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))
HEADER = re.compile(r"^# What is wrong: .+\n# models: (?P<loc>[^:]+): (?P<msg>.+)\n# crd: (?P<crd>.+)\n")


@pytest.fixture(scope="module", autouse=True)
def default_delay_cap() -> Iterator[None]:
    """The broken delay fixture is above the default cap: make sure no other test changed it."""
    from estoca_core.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def broken_case(path: Path) -> tuple[re.Match[str], dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    header = HEADER.match(text)
    assert header, f"{path.name} must open with the '# What is wrong / # models / # crd' comment"
    [document] = documents(path)
    return header, document


def test_there_are_enough_broken_resources() -> None:
    assert len(BROKEN_FILES) >= 25
    kinds = {broken_case(p)[1]["kind"] for p in BROKEN_FILES}
    assert kinds == {"MockGroup", "MockEndpoint"}


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_resources_are_refused_by_the_models_with_a_clear_error(path: Path) -> None:
    header, document = broken_case(path)
    with pytest.raises(ValidationError) as info:
        parse_resource(document)
    found = [(".".join(map(str, e["loc"])), e["msg"]) for e in info.value.errors()]
    assert any(loc == header["loc"] and header["msg"] in msg for loc, msg in found), found


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_resources_against_the_crd(path: Path) -> None:
    header, document = broken_case(path)
    errors = crd_errors(document)
    if header["crd"] == "rejects":
        assert errors, f"{path.name}: the CRD schema accepts it"
    else:
        # The rule is enforced by the models only; if the CRD starts refusing it, update the header.
        assert header["crd"].startswith("accepts (models only: "), header["crd"]
        assert errors == [], errors
