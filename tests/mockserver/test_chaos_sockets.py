"""Every chaos fault over real sockets: uvicorn with the transport-exposing protocol and a raw client."""

from __future__ import annotations

import socket
import time

import httpx
import orjson
import pytest
from mockhelpers import compiled, make_app, raw_request

ORDER = '{"id": 7, "status": "shipped", "items": [1, 2, 3], "note": "a body long enough to be cut in two"}'


def chaos_app(fault: str, **settings: object):  # type: ignore[no-untyped-def]
    ep = compiled(
        name="order",
        method="GET",
        path="/orders/{id}",
        response={"body": ORDER, "headers": {"X-Source": "mock"}},
        chaos={"faults": {fault: 1}},
    )
    return make_app(ep, **settings)


def get(port: int, path: str = "/erp/orders/7/chaos", extra: bytes = b"") -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode() + extra + b"Connection: close\r\n\r\n"
    )


def split(response: bytes) -> tuple[bytes, dict[str, str], bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(b":")
        headers[k.decode().lower()] = v.decode().strip()
    return lines[0], headers, body


def test_reset_sends_a_tcp_rst(live_server) -> None:  # type: ignore[no-untyped-def]
    srv = live_server(chaos_app("reset"))
    with pytest.raises(ConnectionResetError):
        raw_request(srv.port, get(srv.port))


def test_empty_closes_without_a_byte(live_server) -> None:  # type: ignore[no-untyped-def]
    srv = live_server(chaos_app("empty"))
    assert raw_request(srv.port, get(srv.port)) == b""


def test_truncate_promises_more_than_it_sends(live_server) -> None:  # type: ignore[no-untyped-def]
    srv = live_server(chaos_app("truncate"))
    status, headers, body = split(raw_request(srv.port, get(srv.port)))
    assert status == b"HTTP/1.1 200 OK"
    assert headers["x-chaos-fault"] == "truncate"
    assert int(headers["content-length"]) == len(ORDER)
    assert 0 < len(body) < len(ORDER)
    assert ORDER.encode().startswith(body)


def test_dribble_sends_the_real_body_in_small_chunks(live_server) -> None:  # type: ignore[no-untyped-def]
    srv = live_server(chaos_app("dribble", chaos_dribble_pause_ms=30, chaos_dribble_cap_s=5))
    reads: list[bytes] = []
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall(get(srv.port))
        while chunk := sock.recv(65536):
            reads.append(chunk)
    _, headers, body = split(b"".join(reads))
    assert headers["x-chaos-fault"] == "dribble"
    assert body == ORDER.encode()
    assert len(reads) >= 4  # arrived in several pieces, separated by pauses


def test_timeout_holds_then_closes_at_the_cap(live_server) -> None:  # type: ignore[no-untyped-def]
    srv = live_server(chaos_app("timeout", chaos_timeout_cap_s=0.5))
    started = time.monotonic()
    assert raw_request(srv.port, get(srv.port)) == b""
    assert time.monotonic() - started >= 0.45  # it waited for the cap, then closed with nothing


def test_slow_ends_when_the_client_goes_away(live_server) -> None:  # type: ignore[no-untyped-def]
    app = chaos_app("slow", chaos_slow_min_s=30, chaos_slow_cap_s=30)
    srv = live_server(app)
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as sock:
        sock.sendall(get(srv.port))
        time.sleep(0.2)
    deadline = time.monotonic() + 10
    while app.metrics.requests.get(("erp", "order", 0, "slow")) != 1:
        assert time.monotonic() < deadline, app.metrics.requests
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("fault", "statuses"),
    [
        ("error", {500, 502, 503, 504}),
        ("status", {400, 401, 403, 404, 409, 410, 422, 429, 500, 501, 503, 204}),
        ("delay", {200}),
        ("body", {200}),
        ("header", {200}),
    ],
)
def test_faults_that_answer(live_server, fault: str, statuses: set[int]) -> None:  # type: ignore[no-untyped-def]
    srv = live_server(chaos_app(fault, chaos_delay_min_ms=10, chaos_delay_max_ms=20))
    with httpx.Client(base_url=srv.url) as client:
        for seed in range(8):
            r = client.get("/erp/orders/7/chaos", headers={"X-Chaos-Seed": str(seed)})
            assert r.status_code in statuses
            assert r.headers["x-chaos-fault"] == fault
            if fault == "error" and r.status_code == 503:
                assert int(r.headers["retry-after"]) >= 1
            if fault == "delay":
                assert r.content == ORDER.encode()
            if fault == "body":
                assert r.content != ORDER.encode()
                with pytest.raises(orjson.JSONDecodeError):
                    orjson.loads(r.content)


def test_header_fault_breaks_content_type(live_server) -> None:  # type: ignore[no-untyped-def]
    srv = live_server(chaos_app("header"))
    seen = set()
    with httpx.Client(base_url=srv.url) as client:
        for seed in range(40):
            r = client.get("/erp/orders/7/chaos", headers={"X-Chaos-Seed": str(seed)})
            seen.add(r.headers["x-chaos-detail"])
            types = r.headers.get_list("content-type")
            assert types != ["application/json"]
            assert r.content == ORDER.encode()
    assert seen == {"missing-content-type", "wrong-content-type", "duplicated", "garbage"}


def test_seed_reproduces_fault_and_data(live_server) -> None:  # type: ignore[no-untyped-def]
    ep = compiled(
        name="gen",
        method="GET",
        path="/gen",
        response={"schema": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}},
        chaos={"faults": {"error": 1, "status": 1, "delay": 1, "body": 1, "header": 1}},
    )
    srv = live_server(make_app(ep, chaos_delay_min_ms=1, chaos_delay_max_ms=2))
    with httpx.Client(base_url=srv.url) as client:
        for seed in ("1", "42", "not-a-number"):
            a = client.get("/erp/gen/chaos", headers={"X-Chaos-Seed": seed})
            b = client.get("/erp/gen/chaos", headers={"X-Chaos-Seed": seed})
            assert (a.status_code, a.headers["x-chaos-fault"], a.content) == (
                b.status_code,
                b.headers["x-chaos-fault"],
                b.content,
            )
        plain_a = client.get("/erp/gen", headers={"X-Chaos-Seed": "9"})
        plain_b = client.get("/erp/gen", headers={"X-Chaos-Seed": "9"})
        assert plain_a.content == plain_b.content


def test_keep_alive_connection_survives_answering_faults(live_server) -> None:  # type: ignore[no-untyped-def]
    srv = live_server(chaos_app("error"))
    with httpx.Client(base_url=srv.url) as client:
        for _ in range(3):
            assert client.get("/erp/orders/1/chaos").status_code >= 500
            assert client.get("/erp/orders/1").status_code == 200


def test_head_sends_headers_only_on_a_kept_alive_connection(live_server) -> None:  # type: ignore[no-untyped-def]
    srv = live_server(chaos_app("error"))
    with httpx.Client(base_url=srv.url) as client:
        head = client.head("/erp/orders/7")
        assert head.status_code == 200
        assert head.headers["content-length"] == str(len(ORDER))
        assert head.content == b""
        assert client.get("/erp/orders/7").content == ORDER.encode()


def test_slow_and_contract_over_http(live_server) -> None:  # type: ignore[no-untyped-def]
    slow = live_server(chaos_app("slow", chaos_slow_min_s=0.05, chaos_slow_cap_s=0.1))
    contract = live_server(chaos_app("contract"))
    with httpx.Client(base_url=slow.url) as client:
        r = client.get("/erp/orders/7/chaos")
        assert (r.status_code, r.headers["x-chaos-fault"], r.content) == (200, "slow", ORDER.encode())
    with httpx.Client(base_url=contract.url) as client:
        r = client.get("/erp/orders/7/chaos", headers={"X-Chaos-Seed": "4"})
        assert r.headers["x-chaos-fault"] == "contract"
        assert r.headers["x-chaos-detail"]
        assert orjson.loads(r.content) != orjson.loads(ORDER)
