"""Shared plumbing of the repository: loading rows, building records, translating database errors."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pydantic import ValidationError
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from estoca_core.db.models import Endpoint, Group, User
from estoca_core.errors import ConflictError, InvalidArgumentError, NotFoundError, StaleVersionError
from estoca_core.repository.mapping import endpoint_spec, group_spec
from estoca_core.repository.records import EndpointRecord, GroupRecord
from estoca_core.spec import GroupMeta, ObjectMeta

# Partial unique index -> (field, message template) for the ConflictError raised when a race slips
# past the pre-checks and PostgreSQL refuses the row.
CONSTRAINT_FIELDS: dict[str, tuple[str, str]] = {
    "uq_groups_namespace_name_live": ("name", "a group with this name already exists in the namespace"),
    "uq_groups_k8s_uid_live": ("metadata.uid", "another group has this Kubernetes uid"),
    "uq_endpoints_namespace_name_live": (
        "name",
        "an endpoint with this name already exists in the namespace",
    ),
    "uq_endpoints_group_method_path_live": (
        "path",
        "the group already has an endpoint with this method and path",
    ),
    "uq_endpoints_k8s_uid_live": ("metadata.uid", "another endpoint has this Kubernetes uid"),
    "uq_users_email_live": ("email", "a user with this email already exists"),
}

LIVE_ENDPOINT_COUNT = (
    select(func.count(Endpoint.id))
    .where(Endpoint.group_id == Group.id, Endpoint.deleted_at.is_(None))
    .correlate(Group)
    .scalar_subquery()
    .label("endpoint_count")
)

ENDPOINT_LOAD = (
    selectinload(Endpoint.url_parameters),
    selectinload(Endpoint.headers),
    selectinload(Endpoint.request_body),
)


def as_uuid(value: uuid.UUID | str, field: str = "id") -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFoundError(f"{value!r} is not a valid id", field=field) from None


def check_name(name: str, *, group: bool, field: str = "name") -> str:
    """Validate a resource name with the same rules as ``metadata.name`` in the spec models."""
    model = GroupMeta if group else ObjectMeta
    try:
        model.model_validate({"name": name})
    except ValidationError as exc:
        raise InvalidArgumentError(
            exc.errors()[0]["msg"].removeprefix("Value error, "), field=field
        ) from None
    return name


def check_namespace(namespace: str, field: str = "namespace") -> str:
    try:
        ObjectMeta.model_validate({"name": "x", "namespace": namespace})
    except ValidationError as exc:
        raise InvalidArgumentError(
            exc.errors()[0]["msg"].removeprefix("Value error, "), field=field
        ) from None
    return namespace


def order_clause(model: type[Group] | type[Endpoint], sort: str, allowed: Sequence[str]) -> list[Any]:
    """``name`` / ``-name`` style sort keys -> ORDER BY, with ``id`` as a stable tie-breaker."""
    key = sort.removeprefix("-")
    if key not in allowed:
        raise InvalidArgumentError(
            f"cannot sort by {sort!r}; use one of {', '.join(allowed)} (prefix '-' for descending)",
            field="sort",
        )
    columns = [getattr(model, key)]
    if key == "path":
        columns.append(getattr(model, "method"))  # noqa: B009  (only endpoints sort by path)
    direction = "desc" if sort.startswith("-") else "asc"
    return [getattr(c, direction)() for c in columns] + [model.id.asc()]


def search_clause(q: str | None, *columns: Any) -> ColumnElement[bool] | None:
    """Case-insensitive substring match of every word of ``q`` in any of ``columns``."""
    if not q or not q.strip():
        return None
    words = q.split()
    escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
    return and_(*(or_(*(c.ilike(f"%{w}%", escape="\\") for c in columns)) for w in escaped))


def check_page(offset: int, limit: int) -> None:
    if offset < 0:
        raise InvalidArgumentError("must be 0 or more", field="offset")
    if not 1 <= limit <= 1000:
        raise InvalidArgumentError("must be between 1 and 1000", field="limit")


class RepositoryBase:
    """Session handling, record building and error translation shared by every repository part."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # ------------------------------------------------------------ writes

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Flush inside a savepoint; unique violations become ConflictError, lost updates StaleVersionError.

        The savepoint keeps the caller's transaction usable after a refused write.
        """
        try:
            with self.session.begin_nested():
                yield
                self.session.flush()
        except IntegrityError as exc:
            constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
            if constraint in CONSTRAINT_FIELDS:
                field, message = CONSTRAINT_FIELDS[constraint]
                raise ConflictError(message, field=field) from None
            raise
        except StaleDataError:
            raise StaleVersionError("the resource was changed by someone else; reload it and retry") from None

    @staticmethod
    def _check_version(row: Group | Endpoint, expected_version: int | None) -> None:
        if expected_version is not None and expected_version != row.version:
            raise StaleVersionError(
                f"version {expected_version} is not the current version {row.version}; reload and retry",
                current_version=row.version,
                field="version",
            )

    # ------------------------------------------------------------ groups

    def _group_select(self) -> Select[Group, int, str]:
        return (
            select(Group, LIVE_ENDPOINT_COUNT, User.email)
            .outerjoin(User, User.id == Group.created_by)
            .where(Group.deleted_at.is_(None))
        )

    @staticmethod
    def _group_record(row: Group, endpoint_count: int, created_by: str | None) -> GroupRecord:
        return GroupRecord(
            id=row.id,
            namespace=row.namespace,
            name=row.name,
            spec=group_spec(row),
            created_by=created_by,
            created_at=row.created_at,
            updated_at=row.updated_at,
            version=row.version,
            source=row.source,
            k8s_uid=row.k8s_uid,
            k8s_generation=row.k8s_generation,
            endpoint_count=int(endpoint_count or 0),
            labels=dict(row.labels or {}),
            deleted_at=row.deleted_at,
        )

    def _group_row(self, id: uuid.UUID | str, *, deleted: bool = False, lock: bool = False) -> Group:
        stmt = select(Group).where(Group.id == as_uuid(id))
        stmt = stmt.where(Group.deleted_at.is_not(None) if deleted else Group.deleted_at.is_(None))
        if lock:
            stmt = stmt.with_for_update()
        row = self.session.scalars(stmt).first()
        if row is None:
            raise NotFoundError(f"{'deleted ' if deleted else ''}group {id} not found", field="id")
        return row

    def _live_group_by_name(self, namespace: str, name: str) -> Group | None:
        return self.session.scalars(
            select(Group).where(Group.namespace == namespace, Group.name == name, Group.deleted_at.is_(None))
        ).first()

    def _group_record_by_id(self, id: uuid.UUID) -> GroupRecord:
        row = self.session.execute(self._group_select().where(Group.id == id)).first()
        if row is None:
            raise NotFoundError(f"group {id} not found", field="id")
        return self._group_record(*row)

    # ------------------------------------------------------------ endpoints

    def _endpoint_select(self) -> Select[Endpoint, str, str]:
        return (
            select(Endpoint, Group.name, User.email)
            .join(Group, Group.id == Endpoint.group_id)
            .outerjoin(User, User.id == Endpoint.created_by)
            .where(Endpoint.deleted_at.is_(None))
            .options(*ENDPOINT_LOAD)
        )

    @staticmethod
    def _endpoint_record(row: Endpoint, group_name: str, created_by: str | None) -> EndpointRecord:
        return EndpointRecord(
            id=row.id,
            group_id=row.group_id,
            group=group_name,
            namespace=row.namespace,
            name=row.name,
            spec=endpoint_spec(row, group_name, row.url_parameters, row.headers, row.request_body),
            created_by=created_by,
            created_at=row.created_at,
            updated_at=row.updated_at,
            version=row.version,
            source=row.source,
            k8s_uid=row.k8s_uid,
            k8s_generation=row.k8s_generation,
            labels=dict(row.labels or {}),
            deleted_at=row.deleted_at,
        )

    def _endpoint_row(self, id: uuid.UUID | str, *, deleted: bool = False) -> Endpoint:
        stmt = select(Endpoint).where(Endpoint.id == as_uuid(id)).options(*ENDPOINT_LOAD)
        stmt = stmt.where(Endpoint.deleted_at.is_not(None) if deleted else Endpoint.deleted_at.is_(None))
        row = self.session.scalars(stmt).first()
        if row is None:
            raise NotFoundError(f"{'deleted ' if deleted else ''}endpoint {id} not found", field="id")
        return row

    def _endpoint_record_by_id(self, id: uuid.UUID) -> EndpointRecord:
        row = self.session.execute(self._endpoint_select().where(Endpoint.id == id)).first()
        if row is None:
            raise NotFoundError(f"endpoint {id} not found", field="id")
        return self._endpoint_record(*row)

    # ------------------------------------------------------------ users

    def _user_id(self, created_by: uuid.UUID | str | None) -> uuid.UUID | None:
        """``created_by`` may be a user id or an email (a user is created for an unknown email)."""
        if created_by is None:
            return None
        if isinstance(created_by, uuid.UUID):
            return created_by
        if "@" not in created_by:
            return as_uuid(created_by, field="created_by")
        return self._user_row(created_by).id

    def _user_row(self, email: str, name: str = "") -> User:
        """The live user with this (normalised) email, created if missing.

        Two first sign-ins at once both miss the row; the loser's insert hits the unique index and
        it reads the winner's row instead.
        """
        email = email.strip().lower()
        stmt = select(User).where(User.email == email, User.deleted_at.is_(None))
        user = self.session.scalars(stmt).first()
        if user is not None:
            return user
        user = User(email=email, name=name)
        try:
            with self._writing():
                self.session.add(user)
        except ConflictError:
            user = self.session.scalars(stmt).one()
        return user
