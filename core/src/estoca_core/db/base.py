"""The shared declarative ``Base`` and the soft-delete managers ``Model.objects`` / ``Model.all_objects``.

Every table has ``id`` (UUID), ``created_at``, ``updated_at``, ``deleted_at`` and ``created_at_epoch``
(milliseconds since the epoch, for stable cursors and cheap sorting). Deletes are soft: a row with
``deleted_at`` set is invisible to ``Model.objects`` but still reachable with ``Model.all_objects``,
exactly as in the seed::

    Group.objects.filter(id=id).all()       # live rows
    Group.all_objects.filter(id=id).all()   # including deleted ones
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Generic, Self, TypeVar, overload

from sqlalchemy import BigInteger, ColumnElement, DateTime, MetaData, Select, func, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from estoca_core.db.session import current_session

# Stable constraint names, so that migrations and autogenerate agree.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

M = TypeVar("M", bound="Base")


def utcnow() -> datetime:
    """Timezone-aware now, used for every timestamp the application writes."""
    return datetime.now(UTC)


def epoch_ms(moment: datetime | None = None) -> int:
    """Milliseconds since the epoch for ``moment`` (default: now)."""
    return int((moment or utcnow()).timestamp() * 1000)


class SoftQuery(Generic[M]):
    """A small chainable query over one model: ``filter(**equals, *criteria)``, ``order_by``, ``all``...

    It builds a ``select()`` and runs it on the bound (or given) session when a result is asked for.
    """

    def __init__(self, model: type[M], stmt: Select[M], session: Session | None) -> None:
        self._model = model
        self._stmt = stmt
        self._session = session

    def _clone(self, stmt: Select[M]) -> SoftQuery[M]:
        return SoftQuery(self._model, stmt, self._session)

    @property
    def session(self) -> Session:
        return self._session if self._session is not None else current_session()

    @property
    def statement(self) -> Select[M]:
        """The underlying ``select()``, for callers that need more than this class offers."""
        return self._stmt

    def using(self, session: Session) -> SoftQuery[M]:
        """Run on ``session`` instead of the bound one."""
        return SoftQuery(self._model, self._stmt, session)

    def filter(self, *criteria: ColumnElement[bool], **equals: Any) -> SoftQuery[M]:
        """Keep rows matching SQL ``criteria`` and ``column=value`` keyword pairs."""
        stmt = self._stmt
        if criteria:
            stmt = stmt.where(*criteria)
        if equals:
            stmt = stmt.filter_by(**equals)
        return self._clone(stmt)

    def order_by(self, *clauses: Any) -> SoftQuery[M]:
        return self._clone(self._stmt.order_by(*clauses))

    def limit(self, count: int) -> SoftQuery[M]:
        return self._clone(self._stmt.limit(count))

    def offset(self, count: int) -> SoftQuery[M]:
        return self._clone(self._stmt.offset(count))

    def all(self) -> list[M]:
        return list(self.session.scalars(self._stmt).all())

    def first(self) -> M | None:
        return self.session.scalars(self._stmt.limit(1)).first()

    def one(self) -> M:
        return self.session.scalars(self._stmt).one()

    def get(self, id: uuid.UUID | str) -> M | None:
        """The row with this id, or ``None`` (also ``None`` for a deleted row on ``objects``)."""
        return self.filter(id=id if isinstance(id, uuid.UUID) else uuid.UUID(str(id))).first()

    def count(self) -> int:
        stmt = select(func.count()).select_from(self._stmt.order_by(None).subquery())
        return int(self.session.scalar(stmt) or 0)

    def exists(self) -> bool:
        return self.first() is not None

    def __iter__(self) -> Any:
        return iter(self.all())


class Manager:
    """Class-level descriptor: ``Model.objects`` (live rows) or ``Model.all_objects`` (all rows)."""

    def __init__(self, *, live_only: bool) -> None:
        self.live_only = live_only

    @overload
    def __get__(self, instance: None, owner: type[M]) -> SoftQuery[M]: ...
    @overload
    def __get__(self, instance: object, owner: type[M]) -> SoftQuery[M]: ...
    def __get__(self, instance: object | None, owner: type[M]) -> SoftQuery[M]:
        stmt = select(owner)
        if self.live_only:
            stmt = stmt.where(owner.deleted_at.is_(None))
        return SoftQuery(owner, stmt, None)


class Base(DeclarativeBase):
    """Shared base: UUID primary key, timestamps and soft delete for every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4, sort_order=-10)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    created_at_epoch: Mapped[int] = mapped_column(
        BigInteger, default=epoch_ms, server_default=text("(extract(epoch from now()) * 1000)::bigint")
    )

    objects = Manager(live_only=True)
    all_objects = Manager(live_only=False)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def soft_delete(self, when: datetime | None = None) -> Self:
        """Mark the row deleted (it stays in the table; ``restore()`` brings it back)."""
        if self.deleted_at is None:
            self.deleted_at = when or utcnow()
        return self

    def restore(self) -> Self:
        """Undo ``soft_delete()``. Raises if a live row now holds the same unique key (on flush)."""
        self.deleted_at = None
        return self

    def __repr__(self) -> str:
        state = " deleted" if self.deleted_at is not None else ""
        return f"<{type(self).__name__} {self.id}{state}>"
