"""The routing table: static dict, segment trie, chaos variants, suggestions."""

from __future__ import annotations

from mockhelpers import compiled

from estoca_mockserver.router import build_table


def table():  # type: ignore[no-untyped-def]
    return build_table(
        [
            compiled("list", method="GET", path="/orders"),
            compiled("create", method="POST", path="/orders"),
            compiled("get", method="GET", path="/orders/{orderId}"),
            compiled("delete", method="DELETE", path="/orders/{id}"),
            compiled("latest", method="GET", path="/orders/latest"),
            compiled("line", method="GET", path="/orders/{orderId}/lines/{lineId}"),
            compiled("root", method="GET", path="/"),
            compiled("other", group="shop", method="GET", path="/orders/{orderId}"),
        ]
    )


def test_static_paths_are_one_dict_lookup_with_every_method() -> None:
    t = table()
    route = t.static["/erp/orders"]
    assert set(route.methods) == {"GET", "POST"}
    assert route.allow == b"GET, HEAD, POST"
    assert not route.chaos
    assert t.static["/erp/orders/chaos"].chaos
    assert t.static["/erp"].methods["GET"].name == "root"
    assert t.static["/erp/chaos"].chaos


def test_templated_paths_bind_parameters_per_endpoint() -> None:
    t = table()
    route, values = t.match("/erp/orders/42")  # type: ignore[misc]
    assert values == ["42"]
    assert route.methods["GET"].params == ("orderId",)
    assert route.methods["DELETE"].params == ("id",)
    route, values = t.match("/erp/orders/42/lines/7")  # type: ignore[misc]
    assert values == ["42", "7"]
    assert route.methods["GET"].name == "line"


def test_chaos_variant_of_a_templated_path() -> None:
    t = table()
    route, values = t.match("/erp/orders/42/chaos")  # type: ignore[misc]
    assert route.chaos
    assert values == ["42"]
    route, values = t.match("/erp/orders/chaos")  # type: ignore[misc]
    assert not route.chaos
    assert values == ["chaos"]


def test_groups_are_separate_and_misses_return_none() -> None:
    t = table()
    route, _ = t.match("/shop/orders/1")  # type: ignore[misc]
    assert route.methods["GET"].name == "other"
    assert t.match("/nope/orders/1") is None
    assert t.match("/erp/orders/1/lines") is None
    assert t.match("/erp/orders/1/lines/2/3") is None
    assert t.match("/erp/orders//x") is None
    assert t.match("/erp") is None
    assert t.groups == {"erp", "shop"}


def test_literal_wins_but_backtracks_to_parameters() -> None:
    t = build_table(
        [
            compiled("a", method="GET", path="/a/fixed/x"),
            compiled("b", method="GET", path="/a/{p}/y"),
        ]
    )
    route, values = t.match("/erp/a/fixed/y")  # type: ignore[misc]
    assert route.methods["GET"].name == "b"
    assert values == ["fixed"]


def test_nearest_suggests_configured_templates() -> None:
    t = table()
    assert t.nearest("/erp/order")[0] == "/erp/orders"
    assert "/erp/orders/{orderId}" in t.nearest("/erp/orders/{orderid}")
    assert t.nearest("/erp/zzzzzzzzzzzzzzzzzzzzzzzzzz") == []
    assert t.nearest("/shpo/orders/1")[0] == "/shop"  # unknown group: the nearest group roots
    assert t.nearest("/zzzzzz") == []
    assert t.paths["shop"] == ("/shop/orders/{orderId}",)
