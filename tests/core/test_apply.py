"""estoca_core.apply: loading YAML, collecting every error with its location, all-or-nothing writes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from core_storage_helpers import rich_endpoint_wire
from sqlalchemy.orm import Session

from estoca_core.apply import (
    ApplyError,
    ApplyErrors,
    ValidDoc,
    apply_documents,
    apply_text,
    delete_documents,
    dump_resources,
    export_resources,
    load_documents,
    parse_text,
    validate_documents,
)
from estoca_core.repository import MockRepository
from estoca_core.spec import MockEndpoint, MockGroup

GROUP = """\
apiVersion: mock.estoca.io/v1alpha1
kind: MockGroup
metadata:
  name: erp
spec:
  description: ERP mocks
"""

ENDPOINT = """\
apiVersion: mock.estoca.io/v1alpha1
kind: MockEndpoint
metadata:
  name: {name}
spec:
  group: erp
  method: GET
  path: {path}
"""


def _endpoint(name: str = "list", path: str = "/items") -> str:
    return ENDPOINT.format(name=name, path=path)


def _join(*docs: str) -> str:
    return "---\n".join(docs)


def test_parse_text_numbers_documents_and_skips_empty_ones() -> None:
    docs = parse_text(_join(GROUP, "", _endpoint()), "f.yaml")
    assert [(d.file, d.index, d.line) for d in docs] == [("f.yaml", 1, 1), ("f.yaml", 3, 9)]
    assert docs[0].data["metadata"] == {"name": "erp"}


def test_yaml_syntax_errors_name_file_document_and_line() -> None:
    with pytest.raises(ApplyErrors) as exc:
        parse_text(_join(GROUP, "kind: [unclosed\nspec: {}\n"), "bad.yaml")
    (error,) = exc.value.errors
    assert error.file == "bad.yaml"
    assert error.document == 2
    assert error.line == 9
    assert error.message.startswith("invalid YAML")
    assert str(error).startswith("bad.yaml: document 2 (line 9): invalid YAML")


def test_load_documents_reads_files_dirs_recursively_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.yml").write_text(_endpoint())
    (tmp_path / "1.yaml").write_text(GROUP)
    (tmp_path / "notes.txt").write_text("not yaml: [")
    docs = load_documents([tmp_path])
    assert [Path(d.file).name for d in docs] == ["1.yaml", "2.yml"]
    single = load_documents(str(tmp_path / "1.yaml"))
    assert len(single) == 1
    piped = load_documents(["-"], stdin=io.StringIO(_join(GROUP, _endpoint())))
    assert [d.file for d in piped] == ["<stdin>", "<stdin>"]


def test_load_documents_collects_every_unreadable_source(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("a: [")
    (tmp_path / "latin1.yaml").write_bytes(b"name: caf\xe9\n")
    with pytest.raises(ApplyErrors) as exc:
        load_documents([tmp_path, tmp_path / "missing.yaml"])
    messages = {Path(e.file).name: e.message for e in exc.value.errors}
    assert set(messages) == {"broken.yaml", "latin1.yaml", "missing.yaml"}
    assert messages["missing.yaml"] == "no such file or directory"
    assert messages["latin1.yaml"].startswith("cannot read")
    assert str(exc.value.errors[-1]) == f"{tmp_path / 'missing.yaml'}: no such file or directory"


def test_validate_collects_every_error_with_field_paths_and_lines() -> None:
    bad_endpoint = _endpoint(path="no-slash") + "  chaos:\n    passThrough: 3\n"
    text = _join(GROUP, bad_endpoint, "kind: Pod\n", "- just\n- a list\n", GROUP)
    with pytest.raises(ApplyErrors) as exc:
        validate_documents(parse_text(text, "examples/erp.yaml"))
    rendered = [str(e).removeprefix("examples/erp.yaml: ") for e in exc.value.errors]
    assert rendered == [
        "document 2 (line 15): spec.path: must start with '/'",
        "document 2 (line 17): spec.chaos.passThrough: Input should be less than or equal to 1",
        "document 3 (line 19): kind: kind must be one of MockGroup, MockEndpoint, got 'Pod'",
        "document 4 (line 21): a document must be a mapping with apiVersion, kind, metadata and spec",
        "document 5 (line 27): metadata.name: MockGroup 'erp' is also defined in examples/erp.yaml "
        "document 1",
    ]
    assert exc.value.field == "spec.path"
    assert "(and 4 more)" in str(exc.value)


def test_validate_fills_the_namespace() -> None:
    (valid,) = validate_documents(parse_text(GROUP), namespace="team-a")
    assert valid.resource.metadata.namespace == "team-a"
    (default,) = validate_documents(parse_text(GROUP))
    assert default.resource.metadata.namespace == "default"
    explicit = GROUP.replace("  name: erp\n", "  name: erp\n  namespace: team-b\n")
    (kept,) = validate_documents(parse_text(explicit), namespace="team-a")
    assert kept.resource.metadata.namespace == "team-b"


def test_apply_creates_groups_first_then_reports_unchanged(db_session: Session, repo: MockRepository) -> None:
    docs = parse_text(_join(_endpoint(), GROUP), "f.yaml")  # endpoint before its group in the file
    result = apply_documents(db_session, docs)
    assert [(r.kind, r.name, r.action) for r in result] == [
        ("MockGroup", "erp", "created"),
        ("MockEndpoint", "list", "created"),
    ]
    assert result.created == 2
    assert result.summary() == "2 created"
    assert str(result[0]) == "mockgroup/erp (default) created"
    again = apply_documents(db_session, docs)
    assert again.unchanged == 2
    assert again.summary() == "2 unchanged"
    changed = apply_documents(db_session, parse_text(_endpoint(path="/things")))
    assert changed.updated == 1
    assert repo.get_endpoint_by_name("default", "list").spec.path == "/things"


def test_apply_is_all_or_nothing_when_a_third_document_is_invalid(
    db_session: Session, repo: MockRepository
) -> None:
    text = _join(GROUP, _endpoint(), _endpoint("broken", "broken"))
    with pytest.raises(ApplyErrors) as exc:
        apply_documents(db_session, parse_text(text, "f.yaml"))
    assert [(e.document, e.field) for e in exc.value.errors] == [(3, "spec.path")]
    assert repo.list_groups()[1] == 0
    assert repo.list_endpoints()[1] == 0


def test_apply_is_all_or_nothing_when_the_database_refuses(db_session: Session, repo: MockRepository) -> None:
    text = _join(
        GROUP, _endpoint("a", "/same"), _endpoint("b", "/same"), _endpoint("c").replace("erp", "ghost")
    )
    with pytest.raises(ApplyErrors) as exc:
        apply_documents(db_session, parse_text(text, "f.yaml"))
    errors = exc.value.errors
    assert [(e.document, e.field) for e in errors] == [(3, "path"), (4, "spec.group")]
    # document 4 starts on line 25 (6 + 3 * 8 lines + separators); its `group:` is the 6th line
    assert errors[1].line == 31
    assert "does not exist" in errors[1].message
    assert repo.list_groups()[1] == 0


def test_dry_run_writes_nothing(db_session: Session, repo: MockRepository) -> None:
    result = apply_documents(db_session, parse_text(_join(GROUP, _endpoint())), dry_run=True)
    assert result.created == 2
    assert repo.list_groups()[1] == 0


def test_apply_accepts_validated_documents_and_text(db_session: Session, repo: MockRepository) -> None:
    valid = validate_documents(parse_text(GROUP))
    assert isinstance(valid[0], ValidDoc)
    apply_documents(db_session, valid, source="kubernetes")
    assert repo.get_group_by_name("default", "erp").source == "kubernetes"
    result = apply_text(repo, _endpoint(), created_by="ui@example.com")
    assert result[0].action == "created"
    endpoint = repo.get_endpoint_by_name("default", "list")
    assert endpoint.created_by == "ui@example.com"
    assert endpoint.source == "api"


def test_delete_documents(db_session: Session, repo: MockRepository) -> None:
    docs = parse_text(_join(GROUP, _endpoint()))
    apply_documents(db_session, docs)
    result = delete_documents(db_session, docs)
    assert [(r.kind, r.action) for r in result] == [("MockEndpoint", "deleted"), ("MockGroup", "deleted")]
    assert result.summary() == "2 deleted"
    with pytest.raises(ApplyErrors) as exc:
        delete_documents(db_session, docs)
    assert [e.field for e in exc.value.errors] == ["metadata.name", "metadata.name"]
    assert delete_documents(db_session, docs, ignore_not_found=True) == []


def test_delete_is_all_or_nothing(db_session: Session, repo: MockRepository) -> None:
    apply_documents(db_session, parse_text(_join(GROUP, _endpoint())))
    with pytest.raises(ApplyErrors):
        delete_documents(db_session, parse_text(_join(_endpoint(), _endpoint("ghost", "/g"))))
    assert repo.get_endpoint_by_name("default", "list").name == "list"


def test_export_then_apply_round_trips(db_session: Session, repo: MockRepository) -> None:
    import yaml

    rich = {"apiVersion": "mock.estoca.io/v1alpha1", "kind": "MockEndpoint"}
    rich |= {"metadata": {"name": "rich", "labels": {"a": "b"}}, "spec": rich_endpoint_wire()}
    rich["spec"]["response"]["headers"]["X-Multi"] = "line"
    body = {"metadata": {"name": "body"}, "spec": {"group": "erp", "method": "GET", "path": "/b"}}
    body["spec"]["response"] = {"body": '{\n  "id": 1\n}\n'}
    text = _join(GROUP, yaml.safe_dump(rich), yaml.safe_dump({**rich, **body}))
    first = apply_documents(db_session, parse_text(text))
    exported = export_resources(db_session)
    assert '  "id": 1' in exported  # multi-line bodies are readable literals
    assert exported.startswith("---\napiVersion: mock.estoca.io/v1alpha1\nkind: MockGroup\n")
    again = apply_documents(db_session, parse_text(exported, "export.yaml"))
    assert again.unchanged == len(first) == 3
    reparsed = [v.resource for v in validate_documents(parse_text(exported))]
    originals = [v.resource for v in validate_documents(parse_text(text))]
    assert sorted(reparsed, key=lambda r: r.metadata.name) == sorted(originals, key=lambda r: r.metadata.name)
    assert export_resources(db_session, groups=["erp"]) == exported
    assert export_resources(db_session, namespace="elsewhere") == ""
    with pytest.raises(ApplyErrors.__mro__[1]) as exc:  # InvalidArgumentError
        export_resources(db_session, groups=["erp", "nope"], namespace="default")
    assert exc.value.field == "group"  # type: ignore[attr-defined]
    assert "nope" in str(exc.value)


def test_dump_resources_is_kubectl_shaped() -> None:
    group = MockGroup.model_validate({"metadata": {"name": "erp"}})
    endpoint = MockEndpoint.model_validate(
        {"metadata": {"name": "e"}, "spec": {"group": "erp", "method": "get", "path": "/x"}}
    )
    assert dump_resources([group, endpoint]) == (
        "---\napiVersion: mock.estoca.io/v1alpha1\nkind: MockGroup\nmetadata:\n  name: erp\n"
        "  namespace: default\nspec: {}\n---\napiVersion: mock.estoca.io/v1alpha1\nkind: MockEndpoint\n"
        "metadata:\n  name: e\n"
        "  namespace: default\nspec:\n  group: erp\n  method: GET\n  path: /x\n"
    )


def test_apply_error_renders_without_document() -> None:
    assert str(ApplyError("f.yaml", None, "", "boom", 3)) == "f.yaml: line 3: boom"
    assert str(ApplyError("f.yaml", 2, "spec", "bad")) == "f.yaml: document 2: spec: bad"
