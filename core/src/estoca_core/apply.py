"""YAML in the CR format -> validated resources -> database, all or nothing; and back out as YAML.

Used by ``estoca-mock apply/delete/export``, by ``up --load-examples`` and by the API's import/export
routes, so that a file works the same everywhere (and with ``kubectl apply``).

Every problem is collected before anything is written, and each names where it is:
``examples/erp.yaml: document 3 (line 41): spec.path: must start with '/'``.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError
from sqlalchemy.orm import Session

from estoca_core.errors import EstocaError, InvalidArgumentError
from estoca_core.repository import MockRepository
from estoca_core.spec import MockEndpoint, MockGroup, parse_resource

Action = Literal["created", "updated", "unchanged", "deleted"]
Resource = MockGroup | MockEndpoint
STDIN = "-"


@dataclass(frozen=True)
class LoadedDoc:
    """One YAML document: where it came from (file, 1-based index, first line) and its data."""

    file: str
    index: int
    data: Any
    line: int | None = None
    node: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ApplyError:
    """One problem with one document, located as precisely as possible."""

    file: str
    document: int | None
    field: str
    message: str
    line: int | None = None
    # The validation error's type and context (pydantic's, or the spec's estoca_* rules), so that a
    # front end such as the API can say the same thing in the reader's language.
    type: str = "value_error"
    ctx: dict[str, Any] | None = dataclasses.field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        parts = [self.file]
        if self.document is not None:
            parts.append(f"document {self.document}" + (f" (line {self.line})" if self.line else ""))
        elif self.line:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(self.field)
        return ": ".join([*parts, self.message])


class ApplyErrors(InvalidArgumentError):
    """Nothing was written: ``errors`` lists every problem found."""

    def __init__(self, errors: list[ApplyError]) -> None:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{first}{more}", field=first.field)
        self.errors = errors


@dataclass(frozen=True)
class AppliedResource:
    """What happened to one resource."""

    kind: str
    namespace: str
    name: str
    action: Action
    file: str = ""
    document: int | None = None

    def __str__(self) -> str:
        return f"{self.kind.lower()}/{self.name} ({self.namespace}) {self.action}"


class ApplyResult(list[AppliedResource]):
    """The resources in the order they were written, with counts by action."""

    def count(self, action: str) -> int:  # type: ignore[override]
        return sum(1 for r in self if r.action == action)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    def summary(self) -> str:
        counts = [
            f"{self.count(a)} {a}" for a in ("created", "updated", "unchanged", "deleted") if self.count(a)
        ]
        return ", ".join(counts) or "nothing to do"


# ------------------------------------------------------------------ loading


def _line_of(node: Any, loc: Sequence[str | int]) -> int | None:
    """1-based line of the YAML node at pydantic location ``loc`` (the deepest one found)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def parse_text(text: str, file: str = "<text>") -> list[LoadedDoc]:
    """Split multi-document YAML; empty documents are skipped but keep their number."""
    loader = yaml.SafeLoader(text)
    docs: list[LoadedDoc] = []
    index = 0
    try:
        while loader.check_node():
            index += 1
            node = loader.get_node()
            if node is None:  # pragma: no cover  (check_node() said there is one)
                break
            data = loader.construct_document(node)
            if data is not None:
                docs.append(LoadedDoc(file, index, data, node.start_mark.line + 1, node))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        raise ApplyErrors([ApplyError(file, max(index, 1), "", f"invalid YAML: {problem}", line)]) from None
    finally:
        loader.dispose()
    return docs


def _files(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(p for p in source.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return [source]


def load_documents(sources: Sequence[str | Path] | str, *, stdin: Any = None) -> list[LoadedDoc]:
    """Read files, directories (``*.yaml``/``*.yml``, recursive, sorted) and ``-`` (stdin).

    Every unreadable file and YAML syntax error is reported together (ApplyErrors).
    """
    if isinstance(sources, str):
        sources = [sources]
    docs: list[LoadedDoc] = []
    errors: list[ApplyError] = []
    for source in sources:
        if str(source) == STDIN:
            chunks: list[tuple[str, str]] = [("<stdin>", (stdin or sys.stdin).read())]
        else:
            path = Path(source)
            if not path.exists():
                errors.append(ApplyError(str(source), None, "", "no such file or directory"))
                continue
            chunks = []
            for file in _files(path):
                try:
                    chunks.append((str(file), file.read_text(encoding="utf-8")))
                except (OSError, UnicodeDecodeError) as exc:
                    errors.append(ApplyError(str(file), None, "", f"cannot read: {exc}"))
        for name, text in chunks:
            try:
                docs.extend(parse_text(text, name))
            except ApplyErrors as exc:
                errors.extend(exc.errors)
    if errors:
        raise ApplyErrors(errors)
    return docs


# ------------------------------------------------------------------ validating


@dataclass(frozen=True)
class ValidDoc:
    """A document that passed validation, with the resource it describes."""

    doc: LoadedDoc
    resource: Resource


def _with_namespace(data: dict[str, Any], namespace: str | None) -> dict[str, Any]:
    meta = data.get("metadata")
    if isinstance(meta, dict) and not meta.get("namespace"):
        from estoca_core.settings import get_settings

        data = {**data, "metadata": {**meta, "namespace": namespace or get_settings().default_namespace}}
    return data


def _validate_one(doc: LoadedDoc, namespace: str | None) -> Resource | list[ApplyError]:
    def error(where: str, message: str, loc: Sequence[str | int] = (), **details: Any) -> ApplyError:
        return ApplyError(doc.file, doc.index, where, message, _line_of(doc.node, loc) or doc.line, **details)

    if not isinstance(doc.data, dict):
        return [error("", "a document must be a mapping with apiVersion, kind, metadata and spec")]
    try:
        return parse_resource(_with_namespace(doc.data, namespace))
    except ValidationError as exc:
        found = []
        for err in exc.errors():
            loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
            message = err["msg"].removeprefix("Value error, ")
            found.append(
                error(".".join(str(p) for p in loc), message, loc, type=err["type"], ctx=err.get("ctx"))
            )
        return found
    except ValueError as exc:
        return [error("kind", str(exc), ["kind"])]


def validate_documents(docs: Iterable[LoadedDoc], *, namespace: str | None = None) -> list[ValidDoc]:
    """Turn each document into a MockGroup/MockEndpoint; raise ApplyErrors listing EVERY problem.

    ``namespace`` is used for documents without ``metadata.namespace`` (default: the settings').
    Two documents for the same resource are refused too, since one would silently win.
    """
    valid: list[ValidDoc] = []
    errors: list[ApplyError] = []
    seen: dict[tuple[str, str, str], LoadedDoc] = {}
    for doc in docs:
        result = _validate_one(doc, namespace)
        if isinstance(result, list):
            errors.extend(result)
            continue
        key = (result.kind, result.metadata.namespace, result.metadata.name)
        if key in seen:
            first = seen[key]
            errors.append(
                ApplyError(
                    doc.file,
                    doc.index,
                    "metadata.name",
                    f"{result.kind} {key[2]!r} is also defined in {first.file} document {first.index}",
                    _line_of(doc.node, ["metadata", "name"]) or doc.line,
                )
            )
            continue
        seen[key] = doc
        valid.append(ValidDoc(doc, result))
    if errors:
        raise ApplyErrors(errors)
    return valid


# ------------------------------------------------------------------ writing


def _as_valid(docs: Sequence[LoadedDoc | ValidDoc], namespace: str | None) -> list[ValidDoc]:
    if all(isinstance(d, ValidDoc) for d in docs):
        return list(docs)  # type: ignore[arg-type]
    return validate_documents([d.doc if isinstance(d, ValidDoc) else d for d in docs], namespace=namespace)


def _located(item: ValidDoc, exc: EstocaError) -> ApplyError:
    field = exc.field or ""
    if field == "name":
        field = "metadata.name"
    loc = field.split(".") if field else []
    return ApplyError(
        item.doc.file, item.doc.index, field, exc.message, _line_of(item.doc.node, loc) or item.doc.line
    )


def apply_documents(
    session: Session,
    docs: Sequence[LoadedDoc | ValidDoc],
    *,
    source: str = "apply",
    created_by: str | None = None,
    namespace: str | None = None,
    dry_run: bool = False,
) -> ApplyResult:
    """Create or update every resource (groups first), all or nothing, in one transaction.

    Everything runs in a savepoint: if any resource is refused (unknown group, name or route taken)
    the savepoint is rolled back and ApplyErrors lists every refusal. ``dry_run`` rolls back even on
    success and reports what would have happened. The caller commits.
    """
    valid = _as_valid(docs, namespace)
    ordered = [v for v in valid if isinstance(v.resource, MockGroup)]
    ordered += [v for v in valid if isinstance(v.resource, MockEndpoint)]
    repo = MockRepository(session)
    result = ApplyResult()
    errors: list[ApplyError] = []
    savepoint = session.begin_nested()
    try:
        for item in ordered:
            resource = item.resource
            try:
                if isinstance(resource, MockGroup):
                    _, action = repo.upsert_group(resource, source=source, created_by=created_by)
                else:
                    _, action = repo.upsert_endpoint(resource, source=source, created_by=created_by)
            except EstocaError as exc:
                errors.append(_located(item, exc))
                continue
            meta = resource.metadata
            result.append(
                AppliedResource(
                    resource.kind, meta.namespace, meta.name, action, item.doc.file, item.doc.index
                )
            )
    except BaseException:
        savepoint.rollback()
        raise
    if errors or dry_run:
        savepoint.rollback()
        if errors:
            raise ApplyErrors(errors)
    else:
        savepoint.commit()
    return result


def apply_text(
    repo: MockRepository,
    text: str,
    *,
    source: str = "api",
    created_by: str | None = None,
    file: str = "<import>",
) -> ApplyResult:
    """Parse, validate and apply YAML text on ``repo``'s session (the API's import)."""
    return apply_documents(repo.session, parse_text(text, file), source=source, created_by=created_by)


def delete_documents(
    session: Session,
    docs: Sequence[LoadedDoc | ValidDoc],
    *,
    namespace: str | None = None,
    ignore_not_found: bool = False,
) -> ApplyResult:
    """Soft-delete the resources the documents name (endpoints first), all or nothing.

    A resource that does not exist is an error unless ``ignore_not_found``.
    """
    valid = _as_valid(docs, namespace)
    ordered = [v for v in valid if isinstance(v.resource, MockEndpoint)]
    ordered += [v for v in valid if isinstance(v.resource, MockGroup)]
    repo = MockRepository(session)
    result = ApplyResult()
    errors: list[ApplyError] = []
    with session.begin_nested() as savepoint:
        for item in ordered:
            meta, kind = item.resource.metadata, item.resource.kind
            try:
                if kind == "MockGroup":
                    repo.delete_group(repo.get_group_by_name(meta.namespace, meta.name).id)
                else:
                    repo.delete_endpoint(repo.get_endpoint_by_name(meta.namespace, meta.name).id)
            except EstocaError as exc:
                if not ignore_not_found:
                    errors.append(_located(item, exc))
                continue
            result.append(
                AppliedResource(kind, meta.namespace, meta.name, "deleted", item.doc.file, item.doc.index)
            )
        if errors:
            savepoint.rollback()
    if errors:
        raise ApplyErrors(errors)
    return result


# ------------------------------------------------------------------ exporting


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line strings as ``|`` literals (readable JSON bodies)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not value.endswith((" ", "\t")) and "\r" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def resource_document(resource: Resource) -> dict[str, Any]:
    """The resource as a plain dict in the CR format, defaults left out (apply restores them)."""
    meta: dict[str, Any] = {"name": resource.metadata.name, "namespace": resource.metadata.namespace}
    if resource.metadata.labels:
        meta["labels"] = dict(resource.metadata.labels)
    spec = resource.spec.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True, mode="json")
    return {"apiVersion": resource.api_version, "kind": resource.kind, "metadata": meta, "spec": spec}


def dump_resources(resources: Iterable[Resource]) -> str:
    """Multi-document YAML that ``estoca-mock apply`` and ``kubectl apply`` take back."""
    docs = [resource_document(r) for r in resources]
    return yaml.dump_all(
        docs, Dumper=_Dumper, sort_keys=False, allow_unicode=True, explicit_start=True, width=110
    )


def export_resources(
    session: Session, *, namespace: str | None = None, groups: Sequence[str] | None = None
) -> str:
    """Every live group (of ``namespace``, or named in ``groups``) and its endpoints, as YAML."""
    repo = MockRepository(session)
    ids = repo.list_group_ids(namespace=namespace, names=list(groups) if groups is not None else None)
    if groups is not None:
        found = {repo.get_group(i).name for i in ids}
        missing = [g for g in groups if g not in found]
        if missing:
            where = f" in namespace {namespace!r}" if namespace else ""
            raise InvalidArgumentError(f"no such group{where}: {', '.join(missing)}", field="group")
    resources: list[Resource] = []
    for group_id in ids:
        resources.extend(repo.export_group(group_id))
    return dump_resources(resources)
