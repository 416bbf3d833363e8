"""Every resource in examples/ survives spec -> rows -> spec, and export -> apply, unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from estoca_core.apply import (
    apply_documents,
    export_resources,
    load_documents,
    parse_text,
    validate_documents,
)
from estoca_core.repository import MockRepository
from estoca_core.spec import MockEndpoint, MockGroup

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _resources() -> list[MockGroup | MockEndpoint]:
    return [v.resource for v in validate_documents(load_documents([EXAMPLES]))]


def test_examples_exist() -> None:
    resources = _resources()
    assert sum(isinstance(r, MockEndpoint) for r in resources) >= 12


def test_every_example_round_trips_through_the_rows(db_session: Session, repo: MockRepository) -> None:
    resources = _resources()
    apply_documents(db_session, validate_documents(load_documents([EXAMPLES])))
    db_session.expire_all()
    for resource in resources:
        meta = resource.metadata
        if isinstance(resource, MockGroup):
            stored = repo.get_group_by_name(meta.namespace, meta.name)
            assert stored.spec == resource.spec
            assert stored.labels == meta.labels
        else:
            stored_endpoint = repo.get_endpoint_by_name(meta.namespace, meta.name)
            assert stored_endpoint.spec == resource.spec, meta.name
            # byte-for-byte, key order included (schemas are stored as json, not jsonb)
            assert json.dumps(stored_endpoint.spec.to_wire()) == json.dumps(resource.spec.to_wire())
            assert stored_endpoint.labels == meta.labels


@pytest.mark.parametrize("namespace", [None, "default"])
def test_examples_export_then_apply_is_unchanged(
    db_session: Session, repo: MockRepository, namespace: str | None
) -> None:
    first = apply_documents(db_session, validate_documents(load_documents([EXAMPLES])))
    exported = export_resources(db_session, namespace=namespace)
    again = apply_documents(db_session, parse_text(exported, "export.yaml"))
    assert again.unchanged == len(again)
    expected = [r for r in first if namespace is None or r.namespace == namespace]
    assert len(again) == len(expected)
