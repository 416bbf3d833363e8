"""The in-memory runner used by the API's test route: same app code path, every outcome."""

from __future__ import annotations

import orjson
import pytest
from mockhelpers import record

from estoca_mockserver.runner import run_test_request
from estoca_mockserver.settings import MockServerSettings

BODY = '{"id": 1, "status": "shipped", "note": "long enough to cut"}'


def chaos_record(fault: str):  # type: ignore[no-untyped-def]
    return record(
        "get-order", method="GET", path="/orders/{id}", response={"body": BODY}, chaos={"faults": {fault: 1}}
    )


async def test_normal_response_and_url() -> None:
    rec = record(
        "get-order", method="GET", path="/orders/{id}", response={"body": BODY, "headers": {"X-A": "1"}}
    )
    result = await run_test_request(rec, path_params={"id": "a b"}, query={"page": "2"}, timeout_s=2)
    assert result.outcome == "response"
    assert result.status == 200
    assert result.body == BODY.encode()
    assert ("x-a", "1") in result.headers
    assert result.fault is None
    assert result.url.endswith("/erp/orders/a%20b?page=2")
    assert result.elapsed_ms >= 0


@pytest.mark.parametrize(
    ("fault", "outcome"),
    [("reset", "reset"), ("empty", "empty"), ("truncate", "truncated"), ("timeout", "timeout")],
)
async def test_connection_outcomes(fault: str, outcome: str) -> None:
    result = await run_test_request(chaos_record(fault), mode="chaos", path_params={"id": "1"}, timeout_s=0.3)
    assert result.outcome == outcome
    assert result.fault == fault
    if fault == "truncate":
        assert result.status == 200
        assert 0 < len(result.body) < len(BODY)
    elif fault != "timeout":
        assert result.status is None


async def test_chaos_answering_fault_and_seed_reproducibility() -> None:
    rec = record(
        "g",
        method="GET",
        path="/g",
        chaos={"faults": {"error": 1, "status": 1}},
        response={"schema": {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}},
    )
    a = await run_test_request(rec, mode="chaos", seed=11, timeout_s=2)
    b = await run_test_request(rec, mode="chaos", seed=11, timeout_s=2)
    assert a.outcome == "response"
    assert a.fault in ("error", "status")
    assert (a.status, a.fault, a.body) == (b.status, b.fault, b.body)
    n1 = await run_test_request(rec, seed=3, timeout_s=2)
    n2 = await run_test_request(rec, seed=3, timeout_s=2)
    assert n1.body == n2.body
    assert isinstance(orjson.loads(n1.body)["n"], int)


async def test_delay_longer_than_the_budget_times_out() -> None:
    rec = record("s", method="GET", path="/s", delay={"minMs": 5000, "maxMs": 5000})
    result = await run_test_request(rec, timeout_s=0.2)
    assert result.outcome == "timeout"
    assert result.status is None


async def test_dribble_cut_by_the_budget_is_a_timeout() -> None:
    settings = MockServerSettings(chaos_dribble_pause_ms=200, chaos_dribble_cap_s=5)
    result = await run_test_request(
        chaos_record("dribble"), mode="chaos", path_params={"id": "1"}, timeout_s=0.3, settings=settings
    )
    assert result.outcome == "timeout"
    assert result.status == 200
    assert BODY.encode().startswith(result.body)


async def test_bad_input_names_the_field() -> None:
    rec = record("g", method="GET", path="/orders/{id}")
    with pytest.raises(ValueError, match=r"path_params: missing value for \{id\}"):
        await run_test_request(rec)
    with pytest.raises(ValueError, match="mode"):
        await run_test_request(rec, mode="other", path_params={"id": "1"})  # type: ignore[arg-type]


async def test_body_and_headers_are_passed_to_the_contract() -> None:
    rec = record(
        "c",
        method="POST",
        path="/c",
        response={"status": 201, "body": "{}"},
        request={"headers": [{"name": "X-Key", "required": True}], "body": {"schema": {"type": "object"}}},
    )
    ok = await run_test_request(
        rec, headers={"X-Key": "k", "Content-Type": "application/json"}, body='{"a": 1}'
    )
    assert ok.status == 201
    bad = await run_test_request(rec, body="[1]")
    assert bad.status in (400, 422)
    assert "problem+json" in dict(bad.headers)["content-type"]
