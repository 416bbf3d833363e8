"""MockRepository: endpoint operations, the spec <-> rows round trip, conflicts and versions."""

from __future__ import annotations

import json
import uuid

import pytest
from core_storage_helpers import group_spec, rich_endpoint_spec, rich_endpoint_wire, simple_spec
from sqlalchemy import select
from sqlalchemy.orm import Session

from estoca_core.db import Endpoint, Header, RequestBody, UrlParameter
from estoca_core.errors import ConflictError, InvalidArgumentError, NotFoundError, StaleVersionError
from estoca_core.repository import GroupRecord, MockRepository
from estoca_core.spec import MockEndpointSpec


@pytest.fixture
def erp(repo: MockRepository) -> GroupRecord:
    return repo.create_group(namespace="default", name="erp", spec=group_spec())


def test_rich_spec_round_trips_exactly(repo: MockRepository, erp: GroupRecord, db_session: Session) -> None:
    spec = rich_endpoint_spec()
    created = repo.create_endpoint(group_id=erp.id, name="create-line", spec=spec, created_by="a@example.com")
    db_session.expire_all()  # read back from the database, not from the identity map
    loaded = repo.get_endpoint(created.id)
    assert loaded.spec == spec
    assert loaded.spec.to_wire() == spec.to_wire()
    # key order of schemas and headers is what the user wrote (json, not jsonb)
    assert json.dumps(loaded.spec.to_wire()) == json.dumps(spec.to_wire())
    assert list(loaded.spec.response.schema_["properties"]) == ["status", "id", "email"]  # type: ignore[index]
    assert loaded.group == "erp"
    assert loaded.group_id == erp.id
    assert loaded.namespace == "default"
    assert loaded.created_by == "a@example.com"
    assert loaded.version == 1
    # the spec is spread over the seed tables
    row = db_session.scalars(select(Endpoint).where(Endpoint.id == created.id)).one()
    assert (row.max_wait_time, row.min_wait_time, row.chaos_mode) == (250, 20, True)
    assert row.response_status_code == 201
    assert row.response_body is None
    assert [p.name for p in db_session.scalars(select(UrlParameter).order_by(UrlParameter.position))] == [
        "page",
        "token",
        "debug",
    ]
    header = db_session.scalars(select(Header).where(Header.name == "Authorization")).one()
    assert header.default_status_code == 401
    assert header.has_default_response
    body = db_session.scalars(select(RequestBody)).one()
    assert body.required
    assert body.default_status_code == 422


def test_minimal_spec_round_trips(repo: MockRepository, erp: GroupRecord, db_session: Session) -> None:
    spec = simple_spec(response={"body": "plain text", "status": 204}, chaos={"enabled": False, "faults": {}})
    created = repo.create_endpoint(group_id=erp.id, name="m", spec=spec)
    db_session.expire_all()
    assert repo.get_endpoint(created.id).spec == spec
    assert repo.get_endpoint(created.id).spec.chaos.faults == {}


def test_create_by_namespace_and_group_name(repo: MockRepository, erp: GroupRecord) -> None:
    record = repo.create_endpoint(name="a", spec=simple_spec(), namespace="default")
    assert record.group_id == erp.id
    assert repo.get_endpoint_by_name("default", "a") == record
    with pytest.raises(NotFoundError) as exc:
        repo.create_endpoint(name="b", spec=simple_spec(group="nope"))
    assert exc.value.field == "spec.group"
    with pytest.raises(NotFoundError) as exc:
        repo.create_endpoint(name="c", spec=simple_spec(), namespace="elsewhere")
    assert exc.value.field == "spec.group"


def test_spec_group_must_match_the_group_id(repo: MockRepository, erp: GroupRecord) -> None:
    with pytest.raises(InvalidArgumentError) as exc:
        repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(group="shop"))
    assert exc.value.field == "spec.group"


def test_create_in_a_deleted_group_is_not_found(repo: MockRepository, erp: GroupRecord) -> None:
    repo.delete_group(erp.id)
    with pytest.raises(NotFoundError):
        repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec())


def test_duplicate_endpoint_name_is_a_conflict_on_name(repo: MockRepository, erp: GroupRecord) -> None:
    repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(path="/a"))
    with pytest.raises(ConflictError) as exc:
        repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(path="/b"))
    assert exc.value.field == "name"


def test_duplicate_method_and_path_is_a_conflict_on_path(repo: MockRepository, erp: GroupRecord) -> None:
    repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(path="/a"))
    with pytest.raises(ConflictError) as exc:
        repo.create_endpoint(group_id=erp.id, name="b", spec=simple_spec(path="/a"))
    assert exc.value.field == "path"
    # another method on the same path is fine, and so is the same route in another group
    repo.create_endpoint(group_id=erp.id, name="c", spec=simple_spec(path="/a", method="DELETE"))
    shop = repo.create_group(namespace="default", name="shop", spec=group_spec())
    repo.create_endpoint(group_id=shop.id, name="d", spec=simple_spec(group="shop", path="/a"))


def test_deleted_endpoint_frees_its_name_and_route(repo: MockRepository, erp: GroupRecord) -> None:
    first = repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(path="/a"))
    deleted = repo.delete_endpoint(first.id)
    assert deleted.deleted_at is not None
    repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(path="/a"))
    with pytest.raises(ConflictError):
        repo.restore_endpoint(first.id)
    with pytest.raises(NotFoundError):
        repo.delete_endpoint(first.id)


def test_restore_endpoint(repo: MockRepository, erp: GroupRecord) -> None:
    record = repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(path="/a"))
    repo.delete_endpoint(record.id)
    assert repo.restore_endpoint(record.id).deleted_at is None
    assert repo.get_endpoint(record.id).name == "a"
    repo.delete_group(erp.id)
    with pytest.raises(NotFoundError) as exc:
        repo.restore_endpoint(record.id)
    assert exc.value.field == "spec.group"


def test_update_endpoint_spec_name_and_version(
    repo: MockRepository, erp: GroupRecord, db_session: Session
) -> None:
    record = repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(path="/a"))
    unchanged = repo.update_endpoint(record.id, spec=simple_spec(path="/a"))
    assert unchanged.version == 1
    rich = rich_endpoint_spec()
    updated = repo.update_endpoint(record.id, spec=rich, expected_version=1)
    assert updated.version == 2
    db_session.expire_all()
    assert repo.get_endpoint(record.id).spec == rich
    # only a contract row changes: the endpoint's version still moves (ETags must change)
    wire = rich_endpoint_wire()
    wire["request"]["query"][0]["required"] = False
    changed_child = repo.update_endpoint(record.id, spec=MockEndpointSpec.model_validate(wire))
    assert changed_child.version == 3
    assert changed_child.spec.request.query[0].required is False
    renamed = repo.update_endpoint(record.id, name="b", labels={"x": "y"})
    assert renamed.name == "b"
    assert renamed.labels == {"x": "y"}
    assert renamed.version == 4
    assert (
        db_session.scalars(select(UrlParameter).where(UrlParameter.endpoint_id == record.id)).all().__len__()
        == 3
    )


def test_update_endpoint_stale_version(repo: MockRepository, erp: GroupRecord) -> None:
    record = repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(path="/a"))
    repo.update_endpoint(record.id, spec=simple_spec(path="/b"))
    with pytest.raises(StaleVersionError) as exc:
        repo.update_endpoint(record.id, spec=simple_spec(path="/c"), expected_version=1)
    assert exc.value.current_version == 2
    assert exc.value.field == "version"


def test_update_endpoint_conflicts(repo: MockRepository, erp: GroupRecord) -> None:
    repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(path="/a"))
    b = repo.create_endpoint(group_id=erp.id, name="b", spec=simple_spec(path="/b"))
    with pytest.raises(ConflictError) as exc:
        repo.update_endpoint(b.id, spec=simple_spec(path="/a"))
    assert exc.value.field == "path"
    with pytest.raises(ConflictError) as exc:
        repo.update_endpoint(b.id, name="a")
    assert exc.value.field == "name"
    with pytest.raises(InvalidArgumentError):
        repo.update_endpoint(b.id, name="Bad Name")


def test_update_endpoint_moves_it_to_another_group(repo: MockRepository, erp: GroupRecord) -> None:
    shop = repo.create_group(namespace="default", name="shop", spec=group_spec())
    record = repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(path="/a"))
    moved = repo.update_endpoint(record.id, spec=simple_spec(group="shop", path="/a"))
    assert moved.group_id == shop.id
    assert moved.group == "shop"
    with pytest.raises(NotFoundError) as exc:
        repo.update_endpoint(record.id, spec=simple_spec(group="ghost", path="/a"))
    assert exc.value.field == "spec.group"


def test_rename_group_changes_spec_group_of_its_endpoints(repo: MockRepository, erp: GroupRecord) -> None:
    record = repo.create_endpoint(group_id=erp.id, name="a", spec=simple_spec(path="/a"))
    repo.update_group(erp.id, name="erp2")
    assert repo.get_endpoint(record.id).spec.group == "erp2"


def test_list_endpoints(repo: MockRepository, erp: GroupRecord) -> None:
    shop = repo.create_group(namespace="default", name="shop", spec=group_spec())
    repo.create_endpoint(
        group_id=erp.id, name="orders", spec=simple_spec(path="/orders", description="all orders")
    )
    repo.create_endpoint(group_id=erp.id, name="order", spec=simple_spec(path="/orders/{id}"))
    repo.create_endpoint(group_id=erp.id, name="new-order", spec=simple_spec(path="/orders", method="POST"))
    repo.create_endpoint(group_id=shop.id, name="cart", spec=simple_spec(group="shop", path="/cart"))
    page, total = repo.list_endpoints(erp.id)
    assert total == 3
    assert [(e.spec.method, e.spec.path) for e in page][:1] == [("GET", "/orders")]
    page, total = repo.list_endpoints(erp.id, sort="-name", limit=1)
    assert [e.name for e in page] == ["orders"]
    assert total == 3
    page, total = repo.list_endpoints(q="post")
    assert [e.name for e in page] == ["new-order"]
    page, total = repo.list_endpoints(q="ALL orders")
    assert [e.name for e in page] == ["orders"]
    page, total = repo.list_endpoints(namespace="default")
    assert total == 4
    page, total = repo.list_endpoints(str(shop.id))
    assert [e.name for e in page] == ["cart"]
    repo.delete_group(shop.id)
    assert repo.list_endpoints()[1] == 3
    with pytest.raises(NotFoundError):
        repo.list_endpoints(shop.id)
    with pytest.raises(InvalidArgumentError):
        repo.list_endpoints(sort="id")


def test_missing_endpoints(repo: MockRepository) -> None:
    with pytest.raises(NotFoundError):
        repo.get_endpoint(uuid.uuid4())
    with pytest.raises(NotFoundError) as exc:
        repo.get_endpoint_by_name("default", "nope")
    assert exc.value.field == "name"
    with pytest.raises(NotFoundError):
        repo.update_endpoint(uuid.uuid4(), name="x")


def test_fast_model_building_matches_pydantic_construct() -> None:
    from estoca_core.repository.mapping import _build
    from estoca_core.spec import Delay, ErrorResponse

    built = _build(ErrorResponse, status=401, body="no", schema_=None, headers={"A": "b"})
    assert built == ErrorResponse(status=401, body="no", headers={"A": "b"})
    assert built.to_wire() == {"status": 401, "body": "no", "headers": {"A": "b"}}
    # a field left out (say, one added to the spec later) falls back to pydantic's defaults
    partial = _build(Delay, max_ms=5)
    assert partial == Delay(min_ms=0, max_ms=5)
    assert list(_build(Delay, max_ms=1, min_ms=0).to_wire()) == ["minMs", "maxMs"]
