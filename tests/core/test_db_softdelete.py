"""Soft delete as the seed shows it: ``objects`` sees live rows, ``all_objects`` sees every row."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from estoca_core.db import Endpoint, Group, User, current_session, use_session


def _group(session: Session, name: str = "erp", namespace: str = "default") -> Group:
    group = Group(namespace=namespace, name=name)
    session.add(group)
    session.flush()
    return group


def test_objects_hides_deleted_rows_and_all_objects_keeps_them(db_session: Session) -> None:
    group = _group(db_session)
    assert Group.objects.filter(id=group.id).all() == [group]
    group.soft_delete()
    db_session.flush()
    assert Group.objects.filter(id=group.id).all() == []
    assert Group.all_objects.filter(id=group.id).all() == [group]
    assert group.is_deleted


def test_restore_brings_a_row_back(db_session: Session) -> None:
    group = _group(db_session)
    group.soft_delete()
    db_session.flush()
    group.restore()
    db_session.flush()
    assert Group.objects.get(group.id) is group
    assert not group.is_deleted


def test_soft_delete_keeps_the_first_deletion_time(db_session: Session) -> None:
    group = _group(db_session)
    group.soft_delete()
    first = group.deleted_at
    group.soft_delete()
    assert group.deleted_at == first


def test_unique_names_apply_to_live_rows_only(db_session: Session) -> None:
    old = _group(db_session, "erp")
    old.soft_delete()
    db_session.flush()
    new = _group(db_session, "erp")  # allowed: the other one is deleted
    assert Group.objects.filter(name="erp").all() == [new]
    assert Group.all_objects.filter(name="erp").count() == 2
    # restoring the old one would give two live rows with the same name
    old.restore()
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.flush()


def test_same_name_in_another_namespace_is_allowed(db_session: Session) -> None:
    _group(db_session, "erp", "team-a")
    _group(db_session, "erp", "team-b")
    assert Group.objects.filter(name="erp").count() == 2


def test_duplicate_live_user_email_is_refused(db_session: Session) -> None:
    db_session.add(User(email="a@example.com", name="A"))
    db_session.flush()
    db_session.add(User(email="a@example.com", name="B"))
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.flush()


def test_query_helpers(db_session: Session) -> None:
    a = _group(db_session, "alpha")
    b = _group(db_session, "beta")
    q = Group.objects.filter(Group.name.in_(["alpha", "beta"]))
    assert q.order_by(Group.name).all() == [a, b]
    assert q.order_by(Group.name.desc()).first() is b
    assert q.order_by(Group.name).offset(1).limit(1).all() == [b]
    assert q.count() == 2
    assert q.exists()
    assert Group.objects.filter(name="gamma").first() is None
    assert not Group.objects.filter(name="gamma").exists()
    assert Group.objects.filter(name="alpha").one() is a
    assert Group.objects.get(str(a.id)) is a
    assert Group.objects.get(uuid.uuid4()) is None
    assert list(Group.objects.filter(name="beta")) == [b]
    assert "groups.deleted_at IS NULL" in str(Group.objects.statement)
    assert Group.objects.using(db_session).filter(name="alpha").all() == [a]


def test_base_columns_are_filled(db_session: Session) -> None:
    group = _group(db_session)
    assert isinstance(group.id, uuid.UUID)
    assert group.created_at.tzinfo is not None
    assert group.updated_at >= group.created_at
    assert group.created_at_epoch == pytest.approx(group.created_at.timestamp() * 1000, abs=1000)
    assert group.deleted_at is None
    assert repr(group).startswith("<Group ")


def test_version_is_bumped_on_every_update(db_session: Session) -> None:
    group = _group(db_session)
    assert group.version == 1
    group.description = "changed"
    db_session.flush()
    assert group.version == 2
    row = db_session.execute(select(Group.version).where(Group.id == group.id)).scalar_one()
    assert row == 2


def test_deleting_a_group_row_cascades_to_endpoints(db_session: Session) -> None:
    group = _group(db_session)
    db_session.add(Endpoint(group_id=group.id, namespace="default", name="e", method="GET", path="/x"))
    db_session.flush()
    db_session.delete(group)
    db_session.flush()
    db_session.expire_all()
    assert Endpoint.all_objects.filter(name="e").all() == []


def test_objects_without_a_bound_session_says_how_to_bind_one() -> None:
    with pytest.raises(RuntimeError, match="session_scope"):
        Group.objects.all()


def test_use_session_binds_and_unbinds(db_session: Session) -> None:
    assert current_session() is db_session
    other = Session(bind=db_session.get_bind())
    with use_session(other):
        assert current_session() is other
    assert current_session() is db_session
    other.close()
