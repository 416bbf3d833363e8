"""Every write to the mirror tables sends NOTIFY estoca_changes (whoever the writer is)."""

from __future__ import annotations

import json
import select
import time
from collections.abc import Iterator
from typing import Any

import psycopg2
import pytest
from core_storage_helpers import endpoint_resource, group_resource, rich_endpoint_spec
from sqlalchemy import text
from sqlalchemy.engine import make_url

from estoca_core.db import create_db_engine, session_scope, url_string
from estoca_core.repository import MockRepository


@pytest.fixture
def listener(committed_database_url: str) -> Iterator[Any]:
    url = make_url(url_string(committed_database_url))
    conn = psycopg2.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
    conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
    with conn.cursor() as cur:
        cur.execute("LISTEN estoca_changes")
    yield conn
    conn.close()


def _drain(conn: Any, timeout: float = 5.0, want: int = 1) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    found: list[dict[str, Any]] = []
    while time.monotonic() < deadline and len(found) < want:
        select.select([conn], [], [], 0.2)
        conn.poll()
        while conn.notifies:
            note = conn.notifies.pop(0)
            assert note.channel == "estoca_changes"
            found.append(json.loads(note.payload))
    return found


def test_writes_notify_with_table_op_and_ids(committed_database_url: str, listener: Any) -> None:
    engine = create_db_engine(committed_database_url)
    try:
        with session_scope(engine) as session:
            group, _ = MockRepository(session).upsert_group(group_resource(), source="apply")
        (note,) = _drain(listener)
        assert note["table"] == "groups"
        assert note["op"] == "INSERT"
        assert note["id"] == str(group.id)
        assert note["group_id"] == str(group.id)
        assert note["deleted"] is False

        with session_scope(engine) as session:
            endpoint, _ = MockRepository(session).upsert_endpoint(
                endpoint_resource("rich", rich_endpoint_spec()), source="apply"
            )
        notes = _drain(listener, want=4)
        # identical payloads are folded by PostgreSQL: one per table for the endpoint and its contract
        assert {n["table"] for n in notes} == {"endpoints", "url_parameters", "headers", "request_bodies"}
        assert all(n["id"] == str(endpoint.id) and n["group_id"] == str(group.id) for n in notes)

        with session_scope(engine) as session:
            MockRepository(session).delete_endpoint(endpoint.id)
        notes = _drain(listener)
        assert notes[0]["table"] == "endpoints"
        assert notes[0]["op"] == "UPDATE"
        assert notes[0]["deleted"] is True

        # a raw SQL writer (e.g. another tool) wakes listeners too
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM endpoints"))
        notes = _drain(listener)
        assert notes[0]["op"] == "DELETE"
        assert notes[0]["id"] == str(endpoint.id)
    finally:
        engine.dispose()


def test_rolled_back_writes_do_not_notify(committed_database_url: str, listener: Any) -> None:
    engine = create_db_engine(committed_database_url)
    try:

        def aborted() -> None:
            with session_scope(engine) as session:
                MockRepository(session).upsert_group(group_resource(), source="apply")
                raise RuntimeError("abort")

        with pytest.raises(RuntimeError):
            aborted()
        assert _drain(listener, timeout=0.5) == []
    finally:
        engine.dispose()
