"""MockRepository: idempotent upserts (apply, operator), delete by uid, stats, export, the served set."""

from __future__ import annotations

import pytest
from core_storage_helpers import (
    endpoint_resource,
    group_resource,
    group_spec,
    rich_endpoint_spec,
    simple_spec,
)
from sqlalchemy import event
from sqlalchemy.orm import Session

from estoca_core.errors import ConflictError, InvalidArgumentError, NotFoundError
from estoca_core.repository import MockRepository
from estoca_core.spec import MockEndpoint, MockGroup


def test_upsert_group_by_name_is_idempotent(repo: MockRepository) -> None:
    record, result = repo.upsert_group(group_resource(), source="apply")
    assert result == "created"
    assert record.source == "apply"
    assert record.spec.server.replicas == 2
    again, result = repo.upsert_group(group_resource(), source="apply")
    assert result == "unchanged"
    assert again.version == record.version
    changed = group_resource()
    changed.spec.description = "new"
    updated, result = repo.upsert_group(changed, source="api")
    assert result == "updated"
    assert updated.version == 2
    assert updated.source == "api"
    labelled, result = repo.upsert_group(group_resource(labels={"team": "a"}), source="api")
    assert result == "updated"
    assert labelled.labels == {"team": "a"}


def test_upsert_group_by_uid_tracks_generation(repo: MockRepository) -> None:
    record, result = repo.upsert_group(group_resource(uid="u-1", generation=1), source="kubernetes")
    assert result == "created"
    assert record.k8s_uid == "u-1"
    assert record.k8s_generation == 1
    _, result = repo.upsert_group(group_resource(uid="u-1", generation=1), source="kubernetes")
    assert result == "unchanged"
    bumped, result = repo.upsert_group(group_resource(uid="u-1", generation=2), source="kubernetes")
    assert result == "updated"
    assert bumped.k8s_generation == 2
    assert bumped.id == record.id


def test_upsert_group_adopts_a_row_created_by_name(repo: MockRepository) -> None:
    created = repo.create_group(namespace="default", name="erp", spec=group_spec("x"))
    adopted, result = repo.upsert_group(group_resource(uid="u-9", generation=3), source="kubernetes")
    assert result == "updated"
    assert adopted.id == created.id
    assert adopted.k8s_uid == "u-9"


def test_upsert_endpoint(repo: MockRepository) -> None:
    repo.upsert_group(group_resource(), source="apply")
    resource = endpoint_resource("create-line", rich_endpoint_spec())
    record, result = repo.upsert_endpoint(resource, source="apply", created_by="me@example.com")
    assert result == "created"
    assert record.spec == resource.spec
    assert record.created_by == "me@example.com"
    _, result = repo.upsert_endpoint(resource, source="apply")
    assert result == "unchanged"
    moved = endpoint_resource("create-line", rich_endpoint_spec(path="/lines"))
    updated, result = repo.upsert_endpoint(moved, source="apply")
    assert result == "updated"
    assert updated.spec.path == "/lines"
    assert updated.version == 2
    relabelled, result = repo.upsert_endpoint(
        endpoint_resource("create-line", rich_endpoint_spec(path="/lines"), uid="e-1", generation=4),
        source="kubernetes",
    )
    assert result == "updated"
    assert relabelled.k8s_uid == "e-1"
    assert relabelled.source == "kubernetes"
    assert relabelled.version == 3
    assert relabelled.spec == updated.spec


def test_upsert_endpoint_needs_its_group(repo: MockRepository) -> None:
    with pytest.raises(NotFoundError) as exc:
        repo.upsert_endpoint(endpoint_resource("a", simple_spec()), source="apply")
    assert exc.value.field == "spec.group"


def test_upsert_endpoint_route_conflict(repo: MockRepository) -> None:
    repo.upsert_group(group_resource(), source="apply")
    repo.upsert_endpoint(endpoint_resource("a", simple_spec(path="/a")), source="apply")
    with pytest.raises(ConflictError) as exc:
        repo.upsert_endpoint(endpoint_resource("b", simple_spec(path="/a")), source="apply")
    assert exc.value.field == "path"
    repo.upsert_endpoint(endpoint_resource("b", simple_spec(path="/b")), source="apply")
    with pytest.raises(ConflictError) as exc:
        repo.upsert_endpoint(endpoint_resource("b", simple_spec(path="/a")), source="apply")
    assert exc.value.field == "path"


def test_upsert_endpoint_follows_a_recreated_group(repo: MockRepository) -> None:
    old, _ = repo.upsert_group(group_resource(uid="g-1"), source="kubernetes")
    endpoint, _ = repo.upsert_endpoint(endpoint_resource("a", simple_spec(), uid="e-1"), source="kubernetes")
    assert repo.soft_delete_by_uid("MockGroup", "g-1") is True
    new, _ = repo.upsert_group(group_resource(uid="g-2"), source="kubernetes")
    assert new.id != old.id
    again, result = repo.upsert_endpoint(
        endpoint_resource("a", simple_spec(), uid="e-1"), source="kubernetes"
    )
    assert result == "created"
    assert again.group_id == new.id
    assert again.id != endpoint.id


def test_soft_delete_by_uid(repo: MockRepository) -> None:
    repo.upsert_group(group_resource(uid="g-1"), source="kubernetes")
    endpoint, _ = repo.upsert_endpoint(endpoint_resource("a", simple_spec(), uid="e-1"), source="kubernetes")
    assert repo.soft_delete_by_uid("MockEndpoint", "e-1") is True
    assert repo.soft_delete_by_uid("endpoint", "e-1") is False
    with pytest.raises(NotFoundError):
        repo.get_endpoint(endpoint.id)
    assert repo.soft_delete_by_uid("group", "nope") is False
    with pytest.raises(InvalidArgumentError) as exc:
        repo.soft_delete_by_uid("Pod", "x")
    assert exc.value.field == "kind"


def test_stats(repo: MockRepository) -> None:
    repo.upsert_group(group_resource(), source="apply")
    repo.upsert_group(group_resource("shop", "team-b"), source="apply")
    repo.upsert_endpoint(endpoint_resource("a", simple_spec(path="/a")), source="apply")
    repo.upsert_endpoint(
        endpoint_resource("b", simple_spec(path="/b", chaos={"enabled": False})), source="apply"
    )
    repo.upsert_endpoint(endpoint_resource("c", rich_endpoint_spec()), source="apply")
    repo.upsert_endpoint(endpoint_resource("d", simple_spec(group="shop"), "team-b"), source="apply")
    assert repo.stats() == {"groups": 2, "endpoints": 4, "byMethod": {"GET": 3, "POST": 1}, "chaosEnabled": 3}
    assert repo.stats("team-b") == {"groups": 1, "endpoints": 1, "byMethod": {"GET": 1}, "chaosEnabled": 1}
    repo.delete_group(repo.get_group_by_name("team-b", "shop").id)
    assert repo.stats()["endpoints"] == 3
    assert repo.stats()["groups"] == 1


def test_export_group_gives_back_what_was_upserted(repo: MockRepository) -> None:
    group = group_resource(labels={"team": "a"})
    record, _ = repo.upsert_group(group, source="apply")
    endpoints = [
        endpoint_resource("z-last", simple_spec(path="/z")),
        endpoint_resource("rich", rich_endpoint_spec()),
        endpoint_resource("a-first", simple_spec(path="/a")),
    ]
    for resource in endpoints:
        repo.upsert_endpoint(resource, source="apply")
    exported = repo.export_group(record.id)
    assert isinstance(exported[0], MockGroup)
    assert exported[0] == group
    assert [e.metadata.name for e in exported[1:]] == ["a-first", "rich", "z-last"]
    assert all(isinstance(e, MockEndpoint) for e in exported[1:])
    by_name = {e.metadata.name: e for e in exported[1:]}
    for resource in endpoints:
        assert by_name[resource.metadata.name] == resource


def test_list_group_ids(repo: MockRepository) -> None:
    a, _ = repo.upsert_group(group_resource("a"), source="apply")
    b, _ = repo.upsert_group(group_resource("b", "other"), source="apply")
    assert repo.list_group_ids() == [a.id, b.id]
    assert repo.list_group_ids(namespace="other") == [b.id]
    assert repo.list_group_ids(names=["a"]) == [a.id]


def test_served_endpoints_selects_live_endpoints_of_live_groups(repo: MockRepository) -> None:
    repo.upsert_group(group_resource(), source="apply")
    shop, _ = repo.upsert_group(group_resource("shop"), source="apply")
    gone, _ = repo.upsert_group(group_resource("gone"), source="apply")
    rich, _ = repo.upsert_endpoint(endpoint_resource("rich", rich_endpoint_spec()), source="apply")
    repo.upsert_endpoint(endpoint_resource("plain", simple_spec(path="/plain")), source="apply")
    deleted, _ = repo.upsert_endpoint(endpoint_resource("deleted", simple_spec(path="/d")), source="apply")
    repo.delete_endpoint(deleted.id)
    repo.upsert_endpoint(endpoint_resource("cart", simple_spec(group="shop", path="/cart")), source="apply")
    hidden, _ = repo.upsert_endpoint(endpoint_resource("hidden", simple_spec(group="gone")), source="apply")
    repo.delete_group(gone.id)

    served = repo.served_endpoints()
    assert [(e.group, e.name) for e in served] == [("erp", "rich"), ("erp", "plain"), ("shop", "cart")]
    assert served[0].spec == rich.spec
    assert served[0] == repo.get_endpoint(rich.id)
    assert [e.name for e in repo.served_endpoints(groups=["shop"])] == ["cart"]
    assert repo.served_endpoints(groups=["shop"], namespace="elsewhere") == []
    assert repo.served_endpoints(groups=[]) == []
    assert repo.served_endpoint(rich.id) == served[0]
    assert repo.served_endpoint(deleted.id) is None
    assert repo.served_endpoint(hidden.id) is None
    assert repo.served_endpoint("garbage") is None
    repo.delete_group(shop.id)
    assert repo.served_endpoint(served[2].id) is None


def test_served_endpoints_uses_a_fixed_number_of_queries(repo: MockRepository, db_session: Session) -> None:
    repo.upsert_group(group_resource(), source="apply")
    for index in range(30):
        repo.upsert_endpoint(
            endpoint_resource(f"e{index}", rich_endpoint_spec(path=f"/e{index}")), source="apply"
        )
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    bind = db_session.get_bind()
    event.listen(bind, "before_cursor_execute", count)
    try:
        served = repo.served_endpoints()
    finally:
        event.remove(bind, "before_cursor_execute", count)
    assert len(served) == 30
    assert len(statements) == 4  # endpoints, query parameters, headers, bodies: no N+1
    assert all(len(e.spec.request.query) == 3 for e in served)


def test_gc_pause_restores_the_collector_state() -> None:
    import gc

    from estoca_core.repository.served import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller that disabled it keeps it disabled
    finally:
        gc.enable()
