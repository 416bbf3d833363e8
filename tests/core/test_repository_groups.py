"""MockRepository: group operations, conflicts, versions, soft delete and restore."""

from __future__ import annotations

import uuid

import pytest
from core_storage_helpers import group_spec, simple_spec

from estoca_core.db import Endpoint, Group
from estoca_core.errors import ConflictError, InvalidArgumentError, NotFoundError, StaleVersionError
from estoca_core.repository import MockRepository


def test_create_and_get_group(repo: MockRepository) -> None:
    record = repo.create_group(
        namespace="default", name="erp", spec=group_spec(), created_by="Ana@Example.com"
    )
    assert record.name == "erp"
    assert record.namespace == "default"
    assert record.spec == group_spec()
    assert record.version == 1
    assert record.source == "api"
    assert record.endpoint_count == 0
    assert record.created_by == "ana@example.com"
    assert repo.get_group(record.id) == record
    assert repo.get_group(str(record.id)) == record
    assert repo.get_group_by_name("default", "erp") == record
    assert record.to_resource().metadata.name == "erp"
    assert record.to_resource().spec == group_spec()


def test_duplicate_group_name_is_a_conflict_on_name(repo: MockRepository) -> None:
    repo.create_group(namespace="default", name="erp", spec=group_spec())
    with pytest.raises(ConflictError) as exc:
        repo.create_group(namespace="default", name="erp", spec=group_spec())
    assert exc.value.field == "name"
    # other namespaces are independent
    repo.create_group(namespace="team-b", name="erp", spec=group_spec())


@pytest.mark.parametrize(("name", "field"), [("API", "name"), ("api", "name"), ("_x", "name")])
def test_bad_group_names_are_refused(repo: MockRepository, name: str, field: str) -> None:
    with pytest.raises(InvalidArgumentError) as exc:
        repo.create_group(namespace="default", name=name, spec=group_spec())
    assert exc.value.field == field


def test_bad_namespace_is_refused(repo: MockRepository) -> None:
    with pytest.raises(InvalidArgumentError) as exc:
        repo.create_group(namespace="Team A", name="erp", spec=group_spec())
    assert exc.value.field == "namespace"


def test_missing_groups_raise_not_found(repo: MockRepository) -> None:
    with pytest.raises(NotFoundError):
        repo.get_group(uuid.uuid4())
    with pytest.raises(NotFoundError) as exc:
        repo.get_group("not-a-uuid")
    assert exc.value.field == "id"
    with pytest.raises(NotFoundError) as exc:
        repo.get_group_by_name("default", "nope")
    assert exc.value.field == "name"


def test_update_group_bumps_version_only_on_change(repo: MockRepository) -> None:
    record = repo.create_group(namespace="default", name="erp", spec=group_spec())
    same = repo.update_group(record.id, spec=group_spec())
    assert same.version == 1
    changed = repo.update_group(record.id, spec=group_spec("new text", 3), expected_version=1)
    assert changed.version == 2
    assert changed.spec.description == "new text"
    assert changed.spec.server.replicas == 3
    renamed = repo.update_group(record.id, name="erp-v2", labels={"team": "a"})
    assert renamed.name == "erp-v2"
    assert renamed.labels == {"team": "a"}
    assert renamed.version == 3


def test_update_group_with_a_stale_version_is_refused(repo: MockRepository) -> None:
    record = repo.create_group(namespace="default", name="erp", spec=group_spec())
    repo.update_group(record.id, spec=group_spec("v2"))
    with pytest.raises(StaleVersionError) as exc:
        repo.update_group(record.id, spec=group_spec("v3"), expected_version=1)
    assert exc.value.current_version == 2


def test_rename_to_a_taken_name_is_a_conflict(repo: MockRepository) -> None:
    repo.create_group(namespace="default", name="erp", spec=group_spec())
    other = repo.create_group(namespace="default", name="shop", spec=group_spec())
    with pytest.raises(ConflictError) as exc:
        repo.update_group(other.id, name="erp")
    assert exc.value.field == "name"
    with pytest.raises(InvalidArgumentError):
        repo.update_group(other.id, name="Not Valid")


def test_list_groups_pages_filters_and_sorts(repo: MockRepository) -> None:
    for name, description in [("alpha", "first ERP"), ("beta", "shop"), ("gamma", "erp again")]:
        repo.create_group(namespace="default", name=name, spec=group_spec(description))
    repo.create_group(namespace="other", name="delta", spec=group_spec("billing"))
    page, total = repo.list_groups(namespace="default", limit=2)
    assert [g.name for g in page] == ["alpha", "beta"]
    assert total == 3
    page, total = repo.list_groups(namespace="default", offset=2, limit=2)
    assert [g.name for g in page] == ["gamma"]
    assert total == 3
    page, total = repo.list_groups(q="erp")
    assert [g.name for g in page] == ["alpha", "gamma"]
    assert total == 2
    page, _ = repo.list_groups(q="ERP first")
    assert [g.name for g in page] == ["alpha"]
    page, _ = repo.list_groups(q="100%_")
    assert page == []
    page, total = repo.list_groups(sort="-name")
    assert [g.name for g in page] == ["gamma", "delta", "beta", "alpha"]
    assert total == 4
    page, _ = repo.list_groups(sort="namespace")
    assert page[-1].namespace == "other"


@pytest.mark.parametrize(
    ("kwargs", "field"), [({"sort": "password"}, "sort"), ({"offset": -1}, "offset"), ({"limit": 0}, "limit")]
)
def test_list_groups_refuses_bad_arguments(
    repo: MockRepository, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as exc:
        repo.list_groups(**kwargs)  # type: ignore[arg-type]
    assert exc.value.field == field


def test_endpoint_count_counts_live_endpoints(repo: MockRepository) -> None:
    group = repo.create_group(namespace="default", name="erp", spec=group_spec())
    first = repo.create_endpoint(group_id=group.id, name="a", spec=simple_spec(path="/a"))
    repo.create_endpoint(group_id=group.id, name="b", spec=simple_spec(path="/b"))
    assert repo.get_group(group.id).endpoint_count == 2
    repo.delete_endpoint(first.id)
    assert repo.get_group(group.id).endpoint_count == 1
    assert repo.list_groups()[0][0].endpoint_count == 1


def test_delete_group_soft_deletes_its_endpoints_and_restore_brings_them_back(repo: MockRepository) -> None:
    group = repo.create_group(namespace="default", name="erp", spec=group_spec())
    kept_deleted = repo.create_endpoint(group_id=group.id, name="old", spec=simple_spec(path="/old"))
    repo.delete_endpoint(kept_deleted.id)  # deleted before the group: stays deleted after restore
    live = repo.create_endpoint(group_id=group.id, name="a", spec=simple_spec(path="/a"))
    deleted = repo.delete_group(group.id)
    assert deleted.deleted_at is not None
    assert deleted.version == 2
    assert Group.objects.filter(id=group.id).all() == []
    assert len(Group.all_objects.filter(id=group.id).all()) == 1
    assert Endpoint.objects.filter(group_id=group.id).all() == []
    with pytest.raises(NotFoundError):
        repo.get_group(group.id)
    with pytest.raises(NotFoundError):
        repo.get_endpoint(live.id)
    with pytest.raises(NotFoundError):
        repo.delete_group(group.id)
    # the name is free again while deleted
    repo.create_group(namespace="default", name="erp-tmp", spec=group_spec())
    restored = repo.restore_group(group.id)
    assert restored.endpoint_count == 1
    assert restored.deleted_at is None
    assert repo.get_endpoint(live.id).name == "a"
    with pytest.raises(NotFoundError):
        repo.get_endpoint(kept_deleted.id)
    with pytest.raises(NotFoundError):
        repo.restore_group(group.id)  # not deleted any more


def test_restore_group_conflicts_when_the_name_was_taken(repo: MockRepository) -> None:
    group = repo.create_group(namespace="default", name="erp", spec=group_spec())
    repo.delete_group(group.id)
    repo.create_group(namespace="default", name="erp", spec=group_spec())
    with pytest.raises(ConflictError) as exc:
        repo.restore_group(group.id)
    assert exc.value.field == "name"


def test_created_by_accepts_a_user_id(repo: MockRepository) -> None:
    user = repo.ensure_user("ops@example.com", "Ops")
    record = repo.create_group(namespace="default", name="erp", spec=group_spec(), created_by=user.id)
    assert record.created_by == "ops@example.com"
    other = repo.create_group(namespace="default", name="shop", spec=group_spec(), created_by=str(user.id))
    assert other.created_by == "ops@example.com"


def test_ensure_user_creates_then_updates(repo: MockRepository) -> None:
    first = repo.ensure_user(" Dev@Example.com ", "Dev")
    assert first.email == "dev@example.com"
    assert first.name == "Dev"
    assert first.last_login_at is not None
    again = repo.ensure_user("dev@example.com", "Dev Eloper")
    assert again.id == first.id
    assert again.name == "Dev Eloper"
    assert again.last_login_at is not None
    assert again.last_login_at >= first.last_login_at
    kept = repo.ensure_user("dev@example.com")
    assert kept.name == "Dev Eloper"
    with pytest.raises(InvalidArgumentError) as exc:
        repo.ensure_user("not-an-email", "x")
    assert exc.value.field == "email"
