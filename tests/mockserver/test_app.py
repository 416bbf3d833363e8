"""The ASGI app in memory: responses, HEAD, 404/405/413, delays, seeds, chaos switches, ops routes."""

from __future__ import annotations

import asyncio

import orjson
from mockhelpers import call, compiled, make_app

from estoca_mockserver.app import MockServerApp
from estoca_mockserver.settings import MockServerSettings

SCHEMA = {
    "type": "object",
    "required": ["id", "email"],
    "properties": {"id": {"type": "integer", "minimum": 1}, "email": {"type": "string", "format": "email"}},
}


def app():  # type: ignore[no-untyped-def]
    return make_app(
        compiled("get", method="GET", path="/orders/{id}", response={"body": '{"id": 1}'}),
        compiled("create", method="POST", path="/orders", response={"status": 201, "schema": SCHEMA}),
        compiled("del", method="DELETE", path="/orders/{id}", response={"status": 204}),
        compiled("text", method="GET", path="/ping", response={"body": "pong", "headers": {"X-A": "b"}}),
        max_body_bytes=16,
    )


async def test_static_response_and_head() -> None:
    a = app()
    r = await call(a, "GET", "/erp/ping")
    assert (r.status, r.body, r.header("x-a"), r.header("content-length")) == (200, b"pong", "b", "4")
    r = await call(a, "HEAD", "/erp/ping")
    assert r.status == 200
    assert r.header("content-length") == "4"


async def test_templated_and_no_body_statuses() -> None:
    a = app()
    assert (await call(a, "GET", "/erp/orders/9")).body == b'{"id": 1}'
    r = await call(a, "DELETE", "/erp/orders/9")
    assert r.status == 204
    assert r.body == b""


async def test_generated_body_is_fresh_unless_seeded() -> None:
    a = app()
    bodies = [(await call(a, "POST", "/erp/orders")).body for _ in range(5)]
    assert len(set(bodies)) > 1
    for body in bodies:
        doc = orjson.loads(body)
        assert isinstance(doc["id"], int)
        assert doc["id"] >= 1
        assert "@" in doc["email"]
    seeded = {(await call(a, "POST", "/erp/orders", headers={"X-Chaos-Seed": "5"})).body for _ in range(3)}
    assert len(seeded) == 1


async def test_unknown_group_and_path_name_the_nearest_paths() -> None:
    a = app()
    r = await call(a, "GET", "/erp/order/1")
    doc = orjson.loads(r.body)
    assert r.status == 404
    assert r.header("content-type") == "application/problem+json"
    assert "/erp/orders/{id}" in doc["nearest"]
    assert "Did you mean" in doc["detail"]
    r = await call(a, "GET", "/nope/x")
    assert "No mock group 'nope'" in orjson.loads(r.body)["detail"]
    r = await call(a, "GET", "/erpp/orders/1")
    assert orjson.loads(r.body)["nearest"] == ["/erp/..."]
    assert (await call(a, "GET", "/")).status == 404


async def test_known_path_other_method_is_405_with_allow() -> None:
    r = await call(app(), "PUT", "/erp/orders/3")
    assert r.status == 405
    assert r.header("allow") == "DELETE, GET, HEAD"
    assert orjson.loads(r.body)["allowed"] == ["DELETE", "GET", "HEAD"]


async def test_body_limit_by_content_length_and_by_streamed_bytes() -> None:
    a = make_app(
        compiled(
            "c", method="POST", path="/c", request={"body": {"required": False}}, response={"body": "ok"}
        ),
        max_body_bytes=16,
    )
    r = await call(a, "POST", "/erp/c", headers={"Content-Length": "17"}, body=b"x" * 17)
    assert r.status == 413
    assert "16 bytes" in orjson.loads(r.body)["detail"]
    r = await call(a, "POST", "/erp/c", chunks=[b"[1,2,3,4,", b"5,6,7,8,9]"])
    assert r.status == 413
    r = await call(a, "POST", "/erp/c", chunks=[b"[1,2,", b"3]"])
    assert (r.status, r.body) == (200, b"ok")
    static = make_app(compiled("s", method="POST", path="/s", response={"body": "ok"}), max_body_bytes=16)
    assert static.table.static["/erp/s"].methods["POST"].simple
    r = await call(static, "POST", "/erp/s", headers={"Content-Length": "17"}, body=b"x" * 17)
    assert r.status == 413
    r = await call(static, "POST", "/erp/s", headers={"Content-Length": "16"}, body=b"x" * 16)
    assert r.status == 200


async def test_delay_is_applied_and_cancelled_on_disconnect() -> None:
    a = make_app(compiled("slow", method="GET", path="/slow", delay={"minMs": 5000, "maxMs": 5000}))
    r = await asyncio.wait_for(call(a, "GET", "/erp/slow", disconnect_after=0.05), timeout=3)
    assert r.status is None  # the client left; nothing was sent
    assert a.metrics.requests[("erp", "slow", 0, "")] == 1
    quick = make_app(
        compiled("q", method="GET", path="/q", delay={"minMs": 10, "maxMs": 20}, response={"body": "x"})
    )
    assert (await call(quick, "GET", "/erp/q")).body == b"x"


async def test_chaos_disabled_is_404_and_pass_through_answers_normally() -> None:
    off = make_app(compiled("o", method="GET", path="/o", chaos={"enabled": False}))
    r = await call(off, "GET", "/erp/o/chaos")
    assert r.status == 404
    assert "disabled" in orjson.loads(r.body)["detail"]
    through = make_app(
        compiled("p", method="GET", path="/p", response={"body": "real"}, chaos={"passThrough": 1})
    )
    r = await call(through, "GET", "/erp/p/chaos")
    assert (r.status, r.body, r.header("x-chaos-fault")) == (200, b"real", "none")


async def test_rate_injects_faults_on_the_normal_path() -> None:
    a = make_app(
        compiled(
            "r", method="GET", path="/r", response={"body": "real"}, chaos={"rate": 1, "faults": {"error": 1}}
        )
    )
    r = await call(a, "GET", "/erp/r")
    assert r.status in (500, 502, 503, 504)
    assert r.header("x-chaos-fault") == "error"
    assert a.metrics.requests[("erp", "r", r.status, "error")] == 1


async def test_health_ready_and_metrics() -> None:
    a = MockServerApp(MockServerSettings())
    assert (await call(a, "GET", "/healthz")).body == b"ok"
    r = await call(a, "GET", "/readyz")
    assert r.status == 503
    a.set_endpoints([compiled("m", method="GET", path="/m", response={"body": "x"})])
    r = await call(a, "GET", "/readyz")
    assert (r.status, orjson.loads(r.body)) == (200, {"status": "ready", "endpoints": 1})
    await call(a, "GET", "/erp/m")
    await call(a, "GET", "/erp/missing")
    text = (await call(a, "GET", "/metrics")).body.decode()
    assert 'estoca_mock_requests_total{group="erp",endpoint="m",status="200",fault=""} 1' in text
    assert 'estoca_mock_requests_total{group="",endpoint="",status="404",fault=""} 1' in text
    assert 'estoca_mock_request_duration_seconds_count{group="erp",endpoint="m"} 1' in text
    assert 'estoca_mock_request_duration_seconds_bucket{group="erp",endpoint="m",le="+Inf"} 1' in text
    assert "estoca_mock_endpoints 1" in text


async def test_table_swap_keeps_metrics_and_serves_new_config() -> None:
    a = make_app(compiled("m", method="GET", path="/m", response={"body": "v1"}))
    assert (await call(a, "GET", "/erp/m")).body == b"v1"
    a.set_endpoints([compiled("m", method="GET", path="/m", response={"body": "v2"})])
    assert (await call(a, "GET", "/erp/m")).body == b"v2"
    assert a.metrics.requests[("erp", "m", 200, "")] == 2


async def test_lifespan_without_loader_is_ready() -> None:
    a = MockServerApp(MockServerSettings())
    messages = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return messages.pop(0)

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    await a({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert a.ready


CONTRACT = {
    "query": [
        {"name": "page", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": 500}}
    ],
    "headers": [
        {
            "name": "Authorization",
            "required": True,
            "onError": {"status": 401, "body": '{"error": "unauthorized"}'},
        }
    ],
}


async def test_contract_is_checked_before_answering() -> None:
    a = make_app(compiled("l", method="GET", path="/list", request=CONTRACT, response={"body": "[]"}))
    ok = await call(a, "GET", "/erp/list", query="page=2", headers={"Authorization": "Bearer x"})
    assert (ok.status, ok.body) == (200, b"[]")
    missing_auth = await call(a, "GET", "/erp/list", query="page=2")
    assert (missing_auth.status, missing_auth.body) == (401, b'{"error": "unauthorized"}')
    bad_page = await call(a, "GET", "/erp/list", query="page=999", headers={"Authorization": "Bearer x"})
    assert bad_page.status == 400
    assert bad_page.header("content-type") == "application/problem+json"
    assert int(bad_page.header("content-length") or 0) == len(bad_page.body)
    assert orjson.loads(bad_page.body)["violations"][0]["name"] == "page"


async def test_body_contract_parse_errors_and_schema_errors() -> None:
    body_spec = {
        "body": {"schema": {"type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}}}}
    }
    a = make_app(
        compiled("c", method="POST", path="/c", request=body_spec, response={"status": 201, "body": "{}"})
    )
    json_ct = {"Content-Type": "application/json"}
    assert (await call(a, "POST", "/erp/c", body=b'{"sku": "A"}', headers=json_ct)).status == 201
    assert (await call(a, "POST", "/erp/c", body=b"{not json", headers=json_ct)).status == 400
    assert (await call(a, "POST", "/erp/c", body=b'{"sku": 1}', headers=json_ct)).status == 422
    assert (await call(a, "POST", "/erp/c")).status == 400


async def test_contract_fault_breaks_generated_and_static_bodies() -> None:
    import jsonschema

    gen = compiled(
        "g", method="GET", path="/g", response={"schema": SCHEMA}, chaos={"faults": {"contract": 1}}
    )
    static = compiled(
        "s",
        method="GET",
        path="/s",
        response={"body": '{"id": 1, "ok": true}'},
        chaos={"faults": {"contract": 1}},
    )
    text = compiled(
        "t", method="GET", path="/t", response={"body": "plain"}, chaos={"faults": {"contract": 1}}
    )
    a = make_app(gen, static, text)
    for seed in range(10):
        r = await call(a, "GET", "/erp/g/chaos", headers={"X-Chaos-Seed": str(seed)})
        assert r.header("x-chaos-fault") == "contract"
        assert r.header("x-chaos-detail")
        checker = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
        assert not checker.is_valid(orjson.loads(r.body))
        r = await call(a, "GET", "/erp/s/chaos", headers={"X-Chaos-Seed": str(seed)})
        assert orjson.loads(r.body) != {"id": 1, "ok": True}
    r = await call(a, "GET", "/erp/t/chaos")
    assert r.header("x-chaos-fault") == "contract"
    assert r.body != b"plain"


async def test_faults_on_no_body_statuses_still_send_a_body() -> None:
    ep = compiled("d", method="DELETE", path="/d", response={"status": 204}, chaos={"faults": {"body": 1}})
    r = await call(make_app(ep), "DELETE", "/erp/d/chaos")
    assert r.status == 200
    assert r.body


def test_parse_query_matches_parse_qs() -> None:
    from urllib.parse import parse_qs

    from estoca_mockserver.app import parse_query

    for raw in (b"", b"a=1", b"a=1&a=2&b=", b"x=%C3%A9+y&&z", b"page=3&q=a%26b", b"k"):
        assert parse_query(raw) == parse_qs(raw.decode("latin-1"), keep_blank_values=True), raw
