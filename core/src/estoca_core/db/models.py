"""The seed tables as SQLAlchemy 2 typed models.

Groups and endpoints are the "mirrored" rows: they carry the Kubernetes identity of the resource they
came from (namespace, name, uid, generation) plus ``source`` and a ``version`` that SQLAlchemy bumps
on every UPDATE (``version_id_col``), which gives optimistic concurrency and ETags for free.

Unique rules hold for live rows only: they are partial unique indexes ``WHERE deleted_at IS NULL``,
so a soft-deleted group does not block a new group with the same name.

JSON columns: ``server`` and ``labels`` are JSONB (small, order-free). JSON Schemas, header maps and
chaos weights are plain ``json``, because JSONB reorders object keys: the order of a schema's
``properties`` is what users wrote and what generated bodies follow, and exports must give back
exactly what was applied. ``json`` keeps the text as written.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from estoca_core.db.base import Base

LIVE = text("deleted_at IS NULL")
SOURCES = ("api", "apply", "kubernetes")


class User(Base):
    """A person who signed in (created on first login)."""

    __tablename__ = "users"
    __table_args__ = (Index("uq_users_email_live", "email", unique=True, postgresql_where=LIVE),)

    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200), default="")
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class MirroredMixin:
    """Identity of a row that mirrors a Kubernetes resource, plus the optimistic-concurrency version."""

    namespace: Mapped[str] = mapped_column(String(63))
    name: Mapped[str] = mapped_column(String(253))
    labels: Mapped[dict[str, str]] = mapped_column(JSONB, default=dict)
    k8s_uid: Mapped[str | None] = mapped_column(String(64), default=None)
    k8s_generation: Mapped[int | None] = mapped_column(Integer, default=None)
    source: Mapped[str] = mapped_column(String(16), default="api")
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # SQLAlchemy adds "AND version = :old" to every UPDATE and bumps it: lost updates are detected.
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Group(MirroredMixin, Base):
    """A MockGroup: served under ``/<name>/...``."""

    __tablename__ = "groups"
    __table_args__ = (
        Index("uq_groups_namespace_name_live", "namespace", "name", unique=True, postgresql_where=LIVE),
        Index("uq_groups_k8s_uid_live", "k8s_uid", unique=True, postgresql_where=LIVE),
        Index("ix_groups_live_name", "name", postgresql_where=LIVE),
    )

    description: Mapped[str] = mapped_column(Text, default="")
    server: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )

    creator: Mapped[User | None] = relationship(lazy="select")
    endpoints: Mapped[list[Endpoint]] = relationship(back_populates="group", passive_deletes=True)


class Endpoint(MirroredMixin, Base):
    """A MockEndpoint: one mocked operation of a group."""

    __tablename__ = "endpoints"
    __table_args__ = (
        Index("uq_endpoints_namespace_name_live", "namespace", "name", unique=True, postgresql_where=LIVE),
        Index(
            "uq_endpoints_group_method_path_live",
            "group_id",
            "method",
            "path",
            unique=True,
            postgresql_where=LIVE,
        ),
        Index(
            "uq_endpoints_k8s_uid_live",
            "k8s_uid",
            unique=True,
            postgresql_where=LIVE,
        ),
    )

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(1024))
    min_wait_time: Mapped[int] = mapped_column(Integer, default=0)
    max_wait_time: Mapped[int] = mapped_column(Integer, default=0)
    chaos_mode: Mapped[bool] = mapped_column(Boolean, default=True)
    chaos: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    response_status_code: Mapped[int] = mapped_column(Integer, default=200)
    response_body: Mapped[str | None] = mapped_column(Text, default=None)
    response_schema: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=None)
    response_headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )

    group: Mapped[Group] = relationship(back_populates="endpoints")
    creator: Mapped[User | None] = relationship()
    url_parameters: Mapped[list[UrlParameter]] = relationship(
        order_by="UrlParameter.position", cascade="all, delete-orphan", passive_deletes=True
    )
    headers: Mapped[list[Header]] = relationship(
        order_by="Header.position", cascade="all, delete-orphan", passive_deletes=True
    )
    request_body: Mapped[RequestBody | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class DefaultResponseMixin:
    """The ``onError`` response of a contract item: the seed's default_response + default_status_code."""

    has_default_response: Mapped[bool] = mapped_column(Boolean, default=False)
    default_status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    default_response: Mapped[str | None] = mapped_column(Text, default=None)
    default_response_schema: Mapped[dict[str, Any] | None] = mapped_column(
        JSON(none_as_null=True), default=None
    )
    default_response_headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class ParameterMixin(DefaultResponseMixin):
    """A query parameter or header expected by an endpoint."""

    endpoint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("endpoints.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(256))
    value: Mapped[str | None] = mapped_column(Text, default=None)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    schema: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=None)


class UrlParameter(ParameterMixin, Base):
    """An expected query parameter."""

    __tablename__ = "url_parameters"


class Header(ParameterMixin, Base):
    """An expected request header."""

    __tablename__ = "headers"


class RequestBody(DefaultResponseMixin, Base):
    """The JSON body contract of a POST/PUT/PATCH endpoint (at most one per endpoint)."""

    __tablename__ = "request_bodies"
    __table_args__ = (
        Index("uq_request_bodies_endpoint_live", "endpoint_id", unique=True, postgresql_where=LIVE),
    )

    endpoint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("endpoints.id", ondelete="CASCADE"))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    schema: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=None)
