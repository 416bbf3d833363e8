"""Every curl of examples/README.md gets the status the README promises, from the real mockserver.

Each call goes through ``estoca_mockserver.runner`` (the same compiled endpoint and ASGI app as
the server, in memory). A line ending in ``# <status>`` expects that status; any other line expects
the endpoint's normal status. Delays and the normal-path chaos ``rate`` are switched off here so the
run is quick and deterministic; they are covered by the mockserver's own tests.
"""

from __future__ import annotations

import re
import shlex
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from estoca_core.spec import Delay, MockEndpoint, MockEndpointSpec, parse_resource
from estoca_mockserver.runner import run_test_request

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@dataclass(frozen=True)
class Record:
    """The fields of an EndpointRecord the mockserver compiler reads."""

    id: uuid.UUID
    group_id: uuid.UUID
    group: str
    namespace: str
    name: str
    spec: MockEndpointSpec


@dataclass(frozen=True)
class Call:
    line: str
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: str | None
    expected: int | None


def example_endpoints() -> list[MockEndpoint]:
    found = []
    for name in ("erp.yaml", "ecommerce.yaml"):
        for document in yaml.safe_load_all((EXAMPLES / name).read_text(encoding="utf-8")):
            resource = parse_resource(document)
            if isinstance(resource, MockEndpoint):
                found.append(resource)
    return found


def readme_calls() -> list[Call]:
    calls = []
    for line in (EXAMPLES / "README.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("curl "):
            continue
        status = re.search(r"#\s*(\d{3})\b", line)
        words = shlex.split(line, comments=True)
        method, headers, body, url = "GET", {}, None, ""
        i = 1
        while i < len(words):
            word = words[i]
            if word in ("-X", "--request"):
                method, i = words[i + 1], i + 1
            elif word == "-H":
                key, _, value = words[i + 1].partition(":")
                headers[key.strip()] = value.strip()
                i += 1
            elif word == "--json":
                body, i = words[i + 1], i + 1
                method = "POST" if method == "GET" else method
                headers.setdefault("Content-Type", "application/json")
                headers.setdefault("Accept", "application/json")
            elif word == "--max-time":
                i += 1
            elif word.startswith("http"):
                url = word
            i += 1
        parts = urlsplit(url)
        calls.append(
            Call(line, method, parts.path, dict(parse_qsl(parts.query)), headers, body,
                 int(status.group(1)) if status else None)
        )  # fmt: skip
    return calls


def route(call: Call, endpoints: list[MockEndpoint]) -> tuple[MockEndpoint, dict[str, str], bool]:
    """The endpoint a call reaches, its path parameters and whether it is the /chaos variant."""
    for endpoint in endpoints:
        names = re.findall(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", endpoint.spec.path)
        pattern = re.sub(r"\\\{[A-Za-z_][A-Za-z0-9_]*\\\}", "([^/]+)", re.escape(endpoint.spec.path))
        match = re.fullmatch(f"/{endpoint.spec.group}{pattern}(/chaos)?", call.path)
        if match and endpoint.spec.method == call.method:
            values = match.groups()
            return endpoint, dict(zip(names, values[: len(names)], strict=True)), values[-1] is not None
    raise AssertionError(f"no example endpoint answers {call.method} {call.path}")


# A /chaos call without an expected status answers with a random fault: the chaos tests cover those.
CALLS = [c for c in readme_calls() if c.expected is not None or not c.path.endswith("/chaos")]


def test_the_readme_has_calls_with_expected_errors() -> None:
    assert len(CALLS) >= 25
    assert len(readme_calls()) - len(CALLS) <= 3
    assert {c.expected for c in CALLS} >= {400, 401, 403, 404, 422}


@pytest.mark.parametrize("call", CALLS, ids=[f"{c.method} {c.path}" for c in CALLS])
async def test_readme_call_gets_the_promised_status(call: Call) -> None:
    endpoint, params, chaos = route(call, example_endpoints())
    spec = endpoint.spec.model_copy(
        update={"delay": Delay(), "chaos": endpoint.spec.chaos.model_copy(update={"rate": 0.0})}
    )
    record = Record(uuid.uuid4(), uuid.uuid4(), spec.group, "default", endpoint.metadata.name, spec)
    result = await run_test_request(
        record,
        mode="chaos" if chaos else "normal",
        path_params=params,
        query=call.query,
        headers=call.headers,
        body=call.body,
        timeout_s=5.0,
    )
    expected = call.expected if call.expected is not None else spec.response.status
    assert result.outcome == "response", call.line
    assert result.status == expected, (call.line, result.body[:300])
    if expected == spec.response.status and spec.response.headers:
        sent = {k.lower(): v for k, v in result.headers}
        for name, value in spec.response.headers.items():
            assert sent.get(name.lower()) == value, (call.line, name)
