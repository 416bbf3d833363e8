"""Concurrent writers: upserts of the same resource from two transactions both succeed, once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from core_storage_helpers import endpoint_resource, group_resource, simple_spec
from sqlalchemy import Engine, text

from estoca_core.db import create_db_engine, session_scope
from estoca_core.errors import StaleVersionError
from estoca_core.repository import MockRepository


@pytest.fixture
def engine(committed_database_url: str) -> Any:
    eng = create_db_engine(committed_database_url)
    yield eng
    eng.dispose()


def _race(
    engine: Engine, first: Callable[[MockRepository], Any], second: Callable[[MockRepository], Any]
) -> Any:
    """``first`` writes and holds its transaction open while ``second`` runs (and blocks on the unique
    index) in another thread; then ``first`` commits and ``second`` finishes."""
    outcome: dict[str, Any] = {}
    started = threading.Event()

    def run_second() -> None:
        try:
            with session_scope(engine) as session:
                started.set()
                outcome["second"] = second(MockRepository(session))
        except Exception as exc:  # reported to the test thread
            outcome["error"] = exc

    with session_scope(engine) as session:
        outcome["first"] = first(MockRepository(session))
        thread = threading.Thread(target=run_second)
        thread.start()
        started.wait(30)
        _wait_until_blocked(engine, thread, outcome)
    thread.join(60)
    assert not thread.is_alive()
    if "error" in outcome:
        raise outcome["error"]
    return outcome


def _wait_until_blocked(engine: Engine, thread: threading.Thread, outcome: dict[str, Any]) -> None:
    """Wait until the other transaction waits on a lock (so the race really happens)."""
    import time

    deadline = time.monotonic() + 30
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
            ).scalar()
            conn.rollback()  # pg_stat_activity is a per-transaction snapshot: take a new one each time
            if waiting:
                return
            if not thread.is_alive():
                raise AssertionError(f"the second writer did not wait for the first: {outcome}")
            time.sleep(0.02)
    raise AssertionError("the second writer never blocked")


def test_concurrent_group_upserts_create_one_row(engine: Engine) -> None:
    resource = group_resource(uid="g-1")
    outcome = _race(
        engine,
        lambda repo: repo.upsert_group(resource, source="kubernetes"),
        lambda repo: repo.upsert_group(resource, source="kubernetes"),
    )
    assert outcome["first"][1] == "created"
    assert outcome["second"][1] == "unchanged"
    assert outcome["second"][0].id == outcome["first"][0].id


def test_concurrent_endpoint_upserts_create_one_row(engine: Engine) -> None:
    with session_scope(engine) as session:
        MockRepository(session).upsert_group(group_resource(), source="apply")
    resource = endpoint_resource("get-order", simple_spec(path="/orders"), uid="e-1")
    changed = endpoint_resource("get-order", simple_spec(path="/orders", description="newer"), uid="e-1")
    outcome = _race(
        engine,
        lambda repo: repo.upsert_endpoint(resource, source="kubernetes"),
        lambda repo: repo.upsert_endpoint(changed, source="kubernetes"),
    )
    assert outcome["first"][1] == "created"
    assert outcome["second"][1] == "updated"
    with session_scope(engine) as session:
        served = MockRepository(session).served_endpoints()
    assert [(e.name, e.spec.description) for e in served] == [("get-order", "newer")]


def test_a_lost_update_is_refused(engine: Engine) -> None:
    with session_scope(engine) as session:
        group, _ = MockRepository(session).upsert_group(group_resource(), source="apply")
    with session_scope(engine) as session_a, session_scope(engine) as session_b:
        repo_a, repo_b = MockRepository(session_a), MockRepository(session_b)
        repo_a.update_group(group.id, labels={"by": "a"}, expected_version=1)
        session_a.commit()
        with pytest.raises(StaleVersionError):
            repo_b.update_group(group.id, labels={"by": "b"}, expected_version=1)


def test_concurrent_first_sign_ins_make_one_user(engine: Engine) -> None:
    outcome = _race(
        engine,
        lambda repo: repo.ensure_user("new@example.com", "First"),
        lambda repo: repo.ensure_user("New@Example.com", "Second"),
    )
    assert outcome["second"].id == outcome["first"].id
    assert outcome["second"].name == "Second"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 1
